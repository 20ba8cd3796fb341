import ArgumentParser
import CPDCore
import CPDImport
import CPDMail
import CPDOperations
import CPDRegistry
import Foundation

/// `cpdcert send --event FILE|ID --from ADDRESS (--smtp URL | --dry-run --out DIR)`: one message
/// per valid certificate of the event, to the address the registry holds, with its PDF attached.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Email each valid certificate of an event to its attendee, with the PDF attached.",
        discussion: """
            Each valid certificate gets one message: a text and an HTML part from the message template of its \
            language (Templates/mail/en, Templates/mail/cy-en for certificates issued with Welsh values; a mail/ folder \
            beside the event file overrides them file by file), the verification, download and LinkedIn links, the \
            PDF attached as issued (from --pdfs when it hashes as issued, else drawn again from the registry's archive), \
            and the signed wallet credential (Open Badges 3.0) attached after it when the registry holds one. \
            Revoked and superseded certificates are never sent; a correction's message says which certificate it \
            replaces. --dry-run writes each message as <ID>.eml into --out instead of sending.

            Exit status: 0 every message written or sent; 65 some failed (each is reported); 66 the event has no \
            certificates; 74 the registry or the output folder failed; 78 a bad template or address.
            """)

    @Option(help: ArgumentHelp("The event: its event.yaml, or its id (the registry holds its frozen definition).", valueName: "file|id"))
    var event: String

    @Flag(help: "Write each message as an .eml file into --out instead of sending it.")
    var dryRun = false

    @Option(help: ArgumentHelp("With --dry-run: the folder the .eml files are written to.", valueName: "dir"))
    var out: String?

    @Option(help: ArgumentHelp("Folder of the issued PDFs (default: each drawn again from the registry's archive).", valueName: "dir"))
    var pdfs: String?

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Send this certificate again although the server accepted it before (repeatable).", valueName: "id"))
    var resend: [String] = []

    @Flag(help: "Send again the certificates whose earlier attempts failed.")
    var retryFailed = false

    @OptionGroup var smtpOptions: SMTPOptions
    @OptionGroup var registry: RegistryOptions
    @OptionGroup var resources: TemplateOptions

    func validate() throws {
        if dryRun && out == nil { throw ValidationError("--dry-run writes .eml files: name their folder with --out") }
        if !dryRun && smtpOptions.url == nil {
            throw ValidationError(
                "name the relay with --smtp smtp://host:587 (or $CPDCERT_SMTP_URL), or write .eml files with --dry-run --out DIR")
        }
        if smtpOptions.sender == nil { throw ValidationError("name the sender with --from 'Name <address>' (or smtp.from)") }
    }

    func run() async throws {
        let sender = try smtpOptions.senderAddress()
        let (eventID, mailFolders) = try eventAndTemplates()
        let templates: [MailTemplate]
        do {
            templates = try ["en", "cy-en"].map { language throws(MailError) in try MailTemplate.load(language: language, from: mailFolders)
            }
        } catch {
            Console.error("\(error)")
            throw ExitStatus.configError
        }
        let store = try await registry.open(readOnly: dryRun)
        let certificates = try await store.certificates(eventID: eventID)
        guard !certificates.isEmpty else {
            Console.error("no certificates for event '\(eventID)' in \(registry.display); issue them first with cpdcert issue")
            throw ExitStatus.noInput
        }
        let mail = CertificateMail(from: sender, templates: templates)
        let attachments = IssuedPDFs(folder: pdfs.map { URL(fileURLWithPath: $0, isDirectory: true) }, archive: store)
        let resendIDs = try Set(resend.map { try LedgerInput.id($0) })
        let storedLog = store as? any DeliveryLog
        let earlier = try await storedLog?.deliveries(eventID: eventID) ?? []
        let plan = DeliveryPlan.decide(certificates, log: earlier, resend: resendIDs, retryFailed: retryFailed)
        let transport = try makeTransport()
        var run = DeliveryRun(
            mail: mail, transport: transport, log: dryRun ? InMemoryDeliveryLog() : (storedLog ?? InMemoryDeliveryLog()),
            clock: { Date() })
        smtpOptions.pace(&run)
        let faults = FaultInjection()
        run.reached = { point in FaultPoint(rawValue: point).map(faults.reached) }
        if let timing = DeliveryTimingLog() {
            run.recorded = { [transport] in timing.committed($0, handedOver: (transport as? CurlSMTPTransport)?.lastDataHandedOver) }
        }
        let credentials = store as? any CredentialStore
        let outcome: DeliveryRun.Outcome
        do {
            outcome = try await run.deliver(
                plan, eventID: eventID, earlier: earlier, pdf: { try await attachments.pdf(of: $0) },
                credential: { try await credentials?.credential(certificateID: $0.id)?.jws })
        } catch let error as SMTPError {
            Console.error("\(error)")
            throw ExitStatus.configError
        }
        let summary = SendSummary(
            eventID: eventID, sent: outcome.sent, alreadySent: outcome.alreadySent,
            failed: outcome.failed.map { .init(id: $0.0, reason: $0.1) }, skipped: outcome.skipped.map { .init(id: $0.0, reason: $0.1) })
        summary.print(json: json, dryRun: dryRun, folder: out ?? ".")
        if !summary.failed.isEmpty { throw ExitStatus.dataError }
    }

    /// The folder of .eml files for a dry run; else libcurl to the relay, with the credentials
    /// from the environment or the password file (never from the command line).
    private func makeTransport() throws -> any MailTransport {
        if dryRun {
            let folder = URL(fileURLWithPath: out ?? ".", isDirectory: true)
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                Console.error(
                    "\(folder.path): the folder for the messages cannot be made (\(error.localizedDescription)); choose another with --out")
                throw ExitStatus.ioError
            }
            return FolderTransport(folder: folder)
        }
        return try SMTPOptions.transport(try smtpOptions.settings())
    }

    /// The event's id, and the folders its message templates come from: a `mail/` folder beside
    /// the event file first, then the shipped templates.
    private func eventAndTemplates() throws -> (String, [URL]) {
        let shipped = resources.directory.templates.appendingPathComponent("mail", isDirectory: true)
        guard FileManager.default.fileExists(atPath: event) else { return (event, [shipped]) }
        let loaded = try TemplateOptions.loadEvent(event)
        let beside = URL(fileURLWithPath: event).deletingLastPathComponent().appendingPathComponent("mail", isDirectory: true)
        return (loaded.id, [beside, shipped])
    }
}
