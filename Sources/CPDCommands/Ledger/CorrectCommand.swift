import ArgumentParser
import CPDCore
import CPDImport
import CPDOperations
import CPDRegistry
import CPDRender
import Foundation

/// `cpdcert correct <ID> --name ... --reason ...`: issues a corrected certificate that
/// supersedes the old one; both stay in the registry, linked both ways. Without an ID,
/// `cpdcert correct --event FILE --reason ...` corrects the whole event after a mistake in its
/// definition.
struct CorrectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correct",
        abstract: "Issue a corrected certificate (new ID, new PDF) that supersedes an existing one, or correct a whole event.",
        discussion: """
            With an ID, corrects what that certificate prints of its attendee (--name, --job-title, --organisation).

            Without one, --event FILE gives the event's definition as it should have been: every valid certificate \
            whose printed fields change gets a new ID and PDF that supersede it, and the new definition becomes the \
            frozen one. Re-running the same command after an interruption finishes the job; --dry-run says how many \
            would change and shows one.
            """)

    @Argument(help: "The certificate ID to correct (omit it to correct every certificate of --event).")
    var id: String?

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
            "The event definition: without an ID, the corrected definition of the whole event; with one, needed when the template prints dates in another locale (they are re-written for the new issue date).",
            valueName: "file"))
    var event: String?

    @Flag(help: "Without an ID: say how many certificates would be reissued, and how one changes; change nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Without an ID: corrected PDFs written per batch.", valueName: "n"))
    var batchSize: Int = 64

    @Flag(help: "Print only errors.")
    var quiet = false

    @OptionGroup var resources: TemplateOptions

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var keys: KeyOptions

    func validate() throws {
        guard (1...10_000).contains(batchSize) else {
            throw ValidationError("--batch-size must be between 1 and 10000, found \(batchSize)")
        }
        if id == nil {
            guard event != nil else {
                throw ValidationError("give the certificate ID to correct, or --event FILE to correct a whole event")
            }
            guard name == nil, jobTitle == nil, organisation == nil else {
                throw ValidationError("--name, --job-title and --organisation correct one certificate: give its ID")
            }
        } else if dryRun {
            throw ValidationError("--dry-run is for correcting a whole event: omit the ID")
        }
    }

    func run() async throws {
        guard let id else { return try await correctEvent(try TemplateOptions.loadEvent(event!)) }
        let changes = AttendeeChanges(name: name, jobTitle: jobTitle, organisation: organisation)
        guard !changes.isEmpty else {
            Console.error("give at least one of --name, --job-title, --organisation to correct")
            throw ExitStatus.usage
        }
        let oldID = try LedgerInput.id(id)
        let store = try await registry.open()
        guard let old = try await store.certificate(id: oldID) else {
            Console.error("no certificate \(oldID) in \(registry.display)")
            throw ExitStatus.notFound
        }
        // The template and assets the old certificate was drawn from, from the archive (the
        // working folders only for a certificate issued before it); the new name may need other
        // fonts, so the system's fonts draw it, and what it used is archived with it.
        let package: TemplatePackage
        do {
            if let archived = try await ArchivedRenderingLoader(archive: store).rendering(of: old) {
                package = try ArchivedRenderers.package(archived)
            } else {
                package = try resources.loadTemplate(old.templateName)
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Console.error("the template \(old.templateName) was issued with cannot be read from the archive: \(error)")
            throw ExitStatus.dataError
        }
        let renderer = try resources.renderer(for: package)
        let operations = Operations(registry: store, logKey: try keys.signingKey(), credentialKey: try keys.credentialKey())
        let correction = try await operations.correct(
            oldID, changes: changes, reason: reason, by: LedgerInput.operatorName(operatorName),
            event: try event.map(TemplateOptions.loadEvent), template: package, renderer: renderer,
            output: { try DirectoryOutput(directory: URL(fileURLWithPath: out)) })
        AutoCheckpoint.report(correction.checkpoint, keys: keys, quiet: false)
        Console.print("Issued \(correction.new.id), superseding \(oldID). PDF: \(out)/\(correction.new.fileName)")
    }

    /// `correct --event FILE`: the whole event.
    private func correctEvent(_ event: Event) async throws {
        let operations: Operations
        if dryRun {
            operations = Operations(registry: OverlayCertificateRegistry(over: try await registry.open(readOnly: true)))
            let plan = try await operations.planEventCorrection(event)
            printPlan(plan)
            return
        }
        let package = try resources.loadTemplate(event.templateName)
        let template = try PreparedTemplate.prepare(package, for: event) { try CairoCertificateRenderer(package: package) }
        let opened = try await registry.open()
        operations = Operations(registry: opened, logKey: try keys.signingKey(), credentialKey: try keys.credentialKey())
        let reporter = ProgressReporter(mode: ProgressReporter.mode(quiet: quiet, json: false))
        let fault = FaultInjection()
        let result: EventCorrection
        do {
            result = try await operations.correctEvent(
                event, reason: reason, by: LedgerInput.operatorName(operatorName), template: template,
                output: { [out] in try DirectoryOutput(directory: URL(fileURLWithPath: out)) { fault.reached(.beforeRename) } },
                batchSize: batchSize, progress: { reporter.report($0) }, fault: { fault.reached($0) },
                recreation: ArchivedRenderers.recreation(opened, jobs: 1))
        } catch {
            reporter.finish()
            throw error
        }
        reporter.finish()
        AutoCheckpoint.report(result.checkpoint, keys: keys, quiet: quiet)
        if !quiet {
            Console.print("Event \(event.id): \(Console.line(event.title))")
            for change in result.plan.definitionChanges { Console.print(Console.line("  \(change)")) }
            Console.print("  corrected now:    \(result.corrected)")
            Console.print("  already correct:  \(result.plan.unchanged)")
            if result.repaired > 0 { Console.print("  PDFs re-created:  \(result.repaired)") }
            Console.print("  failed:           \(result.failed.count)")
            Console.print("PDFs of the corrected certificates and manifest.csv are in \(out)/; registry: \(registry.display)")
            if let first = result.firstCorrected { Console.print("Try: cpdcert verify \(first.old) --registry \(registry.display)") }
        }
        for failure in result.failed { Console.error(Console.line("certificate not corrected: \(failure.name): \(failure.reason)")) }
        if !result.failed.isEmpty { throw ExitStatus.dataError }
    }

    private func printPlan(_ plan: EventCorrectionPlan) {
        Console.print("DRY RUN, nothing written. Event \(plan.eventID)")
        for change in plan.definitionChanges { Console.print(Console.line("  \(change)")) }
        Console.print("  would be reissued: \(plan.toCorrect)")
        Console.print("  unchanged:         \(plan.unchanged)")
        if let example = plan.example {
            Console.print("For example, \(example.id) would be superseded by a new certificate printing:")
            for change in example.changes { Console.print(Console.line("  \(change)")) }
        }
    }
}
