import ArgumentParser
import CPDCore
import CPDImport
import CPDRegistry
import CPDRender
import CPDRunner
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
        guard name != nil || jobTitle != nil || organisation != nil else {
            Console.error("give at least one of --name, --job-title, --organisation to correct")
            throw ExitStatus.usage
        }
        let oldID = try LedgerInput.id(id)
        let store = try registry.open()
        guard let old = try await store.certificate(id: oldID) else {
            Console.error("no certificate \(oldID) in \(registry.path)")
            throw ExitStatus.notFound
        }
        guard old.status == .valid else {
            Console.error(RegistryError.notInForce(oldID, old.status).description)
            throw ExitStatus.dataError
        }
        let package = try resources.loadTemplate(old.templateName)
        let renderer = try resources.renderer(for: package)
        let newID = SystemCertificateIDGenerator().next()
        let now = LedgerInput.now()
        var content = old.content
        if let event {
            // Re-compose from the event so every locale's dates are right for the new issue date.
            let definition = try TemplateOptions.loadEvent(event)
            guard definition.id == old.eventID else {
                Console.error("\(event) defines event '\(definition.id)', but \(oldID) belongs to '\(old.eventID)'")
                throw ExitStatus.usage
            }
            // A correction re-composed from a changed definition would carry the change silently.
            do {
                try await EventGuard.check(definition, registry: store)
            } catch let changed as EventDefinitionChanged {
                Console.error(changed.description)
                throw ExitStatus.configError
            }
            let composer = try CertificateComposer(event: definition, locales: package.template.dateLocales)
            let attendee = Attendee(
                fullName: old.content.attendeeName, identity: old.identity, jobTitle: old.content.jobTitle,
                organisation: old.content.organisation)
            content = composer.content(for: attendee, id: newID, issuedAt: now)
        } else if old.content.localized != nil {
            Console.error(
                "template '\(old.templateName)' prints dates in another locale; pass --event with the event definition so they are re-written"
            )
            throw ExitStatus.usage
        }
        if let name { content.attendeeName = name.trimmingWhitespace().precomposedNFC }
        if let jobTitle { content.jobTitle = jobTitle.isEmpty ? nil : jobTitle.precomposedNFC }
        if let organisation { content.organisation = organisation.isEmpty ? nil : organisation.precomposedNFC }
        if event == nil {
            content.certificateID = newID.description
            content.verificationURL = String(old.content.verificationURL.dropLast(oldID.description.count)) + newID.description
            content.issuedAt = now
            content.issueDate = Self.issueDate(now)
        }
        let pdf: Data
        do {
            pdf = try renderer.render(content)
        } catch {
            Console.error("the corrected certificate cannot be drawn: \(error)")
            throw ExitStatus.dataError
        }
        let corrected = Certificate(
            id: newID, eventID: old.eventID, identity: old.identity, content: content, eligibility: old.eligibility,
            evidenceSHA256: old.evidenceSHA256, templateName: package.template.name, templateSHA256: Hex.sha256(package.hashInput),
            pdfSHA256: Hex.sha256(pdf), issuedAt: now, identitySalt: Certificate.makeIdentitySalt(), supersedes: oldID)
        let change = StatusChange(
            certificateID: oldID, status: .superseded, reason: nil, note: reason, operatorName: LedgerInput.operatorName(operatorName),
            at: now, replacedBy: newID)
        do {
            try await store.changeStatus(change, replacement: corrected)
            try DirectoryOutput(directory: URL(fileURLWithPath: out)).write(pdf, named: corrected.fileName)
        } catch {
            Console.error("\(error)")
            throw ExitStatus.ioError
        }
        try await AutoCheckpoint.after(store, keys: keys, quiet: false)
        Console.print("Issued \(newID), superseding \(oldID). PDF: \(out)/\(corrected.fileName)")
    }

    /// "29 November 2026" in this machine's time zone (the event's zone is not stored).
    static func issueDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.dateFormat = "d MMMM yyyy"
        return formatter.string(from: date)
    }
}
