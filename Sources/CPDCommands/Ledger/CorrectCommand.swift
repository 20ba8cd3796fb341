import ArgumentParser
import CPDCore
import CPDImport
import CPDOperations
import CPDRegistry
import CPDRender
import Foundation

/// `cpdcert correct <ID> --name ... --reason ...`: issues a corrected certificate that
/// supersedes the old one; both stay in the registry, linked both ways.
struct CorrectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correct",
        abstract: "Issue a corrected certificate (new ID, new PDF) that supersedes an existing one.")

    @Argument(help: "The certificate ID to correct.")
    var id: String

    @Option(help: "The name as it should be printed.")
    var name: String?

    @Option(help: "The job title (\"\" to remove it).")
    var jobTitle: String?

    @Option(help: "The organisation (\"\" to remove it).")
    var organisation: String?

    @Option(help: "Why the correction was needed (kept in the registry).")
    var reason: String

    @Option(name: .customLong("operator"), help: "Who is correcting it (default: $USER).")
    var operatorName: String?

    @Option(help: ArgumentHelp("Folder for the corrected PDF.", valueName: "dir"))
    var out: String = "out"

    @Option(
        help: ArgumentHelp(
            "The event definition; needed when the template prints dates in another locale (they are re-written for the new issue date).",
            valueName: "file"))
    var event: String?

    @OptionGroup var resources: TemplateOptions

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var keys: KeyOptions

    func run() async throws {
        let changes = AttendeeChanges(name: name, jobTitle: jobTitle, organisation: organisation)
        guard !changes.isEmpty else {
            Console.error("give at least one of --name, --job-title, --organisation to correct")
            throw ExitStatus.usage
        }
        let oldID = try LedgerInput.id(id)
        let store = try registry.open()
        guard let old = try await store.certificate(id: oldID) else {
            Console.error("no certificate \(oldID) in \(registry.path)")
            throw ExitStatus.notFound
        }
        let package = try resources.loadTemplate(old.templateName)
        let renderer = try resources.renderer(for: package)
        let operations = Operations(registry: store, logKey: try keys.signingKey())
        let correction = try await operations.correct(
            oldID, changes: changes, reason: reason, by: LedgerInput.operatorName(operatorName),
            event: try event.map(TemplateOptions.loadEvent), template: package, renderer: renderer,
            output: { try DirectoryOutput(directory: URL(fileURLWithPath: out)) })
        AutoCheckpoint.report(correction.checkpoint, keys: keys, quiet: false)
        Console.print("Issued \(correction.new.id), superseding \(oldID). PDF: \(out)/\(correction.new.fileName)")
    }
}
