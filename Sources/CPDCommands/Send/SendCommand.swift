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

    @Option(help: ArgumentHelp("The sender, as 'Name <address>'.", valueName: "address"))
    var from: String

    @Flag(help: "Write each message as an .eml file into --out instead of sending it.")
    var dryRun = false

    @Option(help: ArgumentHelp("With --dry-run: the folder the .eml files are written to.", valueName: "dir"))
    var out: String?

    @Option(help: ArgumentHelp("Folder of the issued PDFs (default: each drawn again from the registry's archive).", valueName: "dir"))
    var pdfs: String?

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @Option(help: ArgumentHelp("The relay: smtp://host:587 (STARTTLS when offered) or smtps://host:465.", valueName: "url"))
    var smtp: String?

    @Option(help: ArgumentHelp("opportunistic (STARTTLS when offered) or required (never send in clear).", valueName: "policy"))
    var smtpTls: String?

    @Option(help: ArgumentHelp("The SMTP login (default: $CPDCERT_SMTP_USER).", valueName: "user"))
    var smtpUser: String?

    @Option(help: ArgumentHelp("A file holding the SMTP password (default: $CPDCERT_SMTP_PASSWORD).", valueName: "file"))
    var smtpPasswordFile: String?

    @Option(help: ArgumentHelp("A PEM file of the CA that signed the relay's certificate.", valueName: "file"))
    var smtpCa: String?

    @Option(help: ArgumentHelp("At most this many messages a minute (default: no limit).", valueName: "n"))
    var rate: Int?

    @Option(help: ArgumentHelp("Send this certificate again although the server accepted it before (repeatable).", valueName: "id"))
    var resend: [String] = []

    @Flag(help: "Send again the certificates whose earlier attempts failed.")
    var retryFailed = false

    @Option(help: ArgumentHelp("Attempts at one certificate in this run when the server answers 4xx (default: 3).", valueName: "n"))
    var attempts = 3

    @Option(help: ArgumentHelp("Seconds before the first retry, doubled before each next one (default: 2).", valueName: "s"))
    var backoff = 2.0

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var resources: TemplateOptions

    func validate() throws {
        if dryRun && out == nil { throw ValidationError("--dry-run writes .eml files: name their folder with --out") }
        if !dryRun && (smtp ?? Settings.current.text("smtp.url")) == nil {
            throw ValidationError(
                "name the relay with --smtp smtp://host:587 (or $CPDCERT_SMTP_URL), or write .eml files with --dry-run --out DIR")
        }
        if let policy = smtpTls ?? Settings.current.text("smtp.tls"), SMTPSettings.TLS(rawValue: policy) == nil {
            throw ValidationError("--smtp-tls must be opportunistic or required, found '\(policy)'")
        }
        if attempts < 1 || attempts > 20 { throw ValidationError("--attempts must be between 1 and 20, found \(attempts)") }
        if let rate, rate < 1 { throw ValidationError("--rate must be at least 1 message a minute, found \(rate)") }
    }

    func run() async throws {
        let sender: MailAddress
        do {
            sender = try MailAddress(parsing: from)
        } catch {
            Console.error("--from: \(error)")
            throw ExitStatus.configError
        }
        let (eventID, mailFolders) = try eventAndTemplates()
        let templates: [MailTemplate]
        do {
            templates = try ["en", "cy-en"].map { language throws(MailError) in try MailTemplate.load(language: language, from: mailFolders)
            }
        } catch {
            Console.error("\(error)")
            throw ExitStatus.configError
        }
        let store = try registry.open(readOnly: dryRun)
        let certificates = try await Self.certificates(of: eventID, in: store)
        guard !certificates.isEmpty else {
            Console.error("no certificates for event '\(eventID)' in \(registry.path); issue them first with cpdcert issue")
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
        run.attemptsPerRun = attempts
        run.backoff = .milliseconds(Int(backoff * 1000))
        run.perMinute = rate
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
        let environment = ProcessInfo.processInfo.environment
        var password = environment["CPDCERT_SMTP_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        if let smtpPasswordFile {
            let data = try InputFile.read(smtpPasswordFile, hint: "pass the file holding the SMTP password with --smtp-password-file")
            password = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
        }
        var settings = SMTPSettings(
            url: smtp ?? Settings.current.text("smtp.url") ?? "", user: smtpUser ?? Settings.current.text("smtp.user"), password: password,
            caFile: smtpCa ?? Settings.current.text("smtp.ca"))
        settings.tls = (smtpTls ?? Settings.current.text("smtp.tls")).flatMap(SMTPSettings.TLS.init(rawValue:)) ?? .opportunistic
        if settings.user != nil && password == nil {
            Console.error("CPDCERT_SMTP_USER is set but no password: set CPDCERT_SMTP_PASSWORD or pass --smtp-password-file")
            throw ExitStatus.configError
        }
        do {
            return try CurlSMTPTransport(settings)
        } catch {
            Console.error("\(error)")
            throw ExitStatus.configError
        }
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

    /// Every certificate of `eventID`, in ID order.
    static func certificates(of eventID: String, in store: any CertificateStore) async throws -> [Certificate] {
        var all: [Certificate] = []
        var after: CertificateID?
        while true {
            let page = try await store.certificates(eventID: eventID, after: after, limit: 500)
            all += page
            guard page.count == 500, let last = page.last else { return all }
            after = last.id
        }
    }
}
