import ArgumentParser
import CPDCore
import CPDImport
import CPDMail
import CPDOperations
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
            beside the event file overrides them file by file), the verification, download and LinkedIn links, and the \
            PDF attached as issued (from --pdfs when it hashes as issued, else drawn again from the registry's archive). \
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

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var resources: TemplateOptions

    func validate() throws {
        if dryRun && out == nil { throw ValidationError("--dry-run writes .eml files: name their folder with --out") }
        if !dryRun { throw ValidationError("sending over SMTP is not available yet: use --dry-run --out DIR") }
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
        let store = try registry.open(readOnly: true)
        let certificates = try await Self.certificates(of: eventID, in: store)
        guard !certificates.isEmpty else {
            Console.error("no certificates for event '\(eventID)' in \(registry.path); issue them first with cpdcert issue")
            throw ExitStatus.noInput
        }
        let mail = CertificateMail(from: sender, templates: templates)
        let attachments = IssuedPDFs(folder: pdfs.map { URL(fileURLWithPath: $0, isDirectory: true) }, archive: store)
        let folder = URL(fileURLWithPath: out ?? ".", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            Console.error(
                "\(folder.path): the folder for the messages cannot be made (\(error.localizedDescription)); choose another with --out")
            throw ExitStatus.ioError
        }
        var summary = SendSummary(eventID: eventID)
        for certificate in certificates {
            switch certificate.status {
            case .revoked:
                summary.skipped.append(.init(id: certificate.id, reason: "revoked"))
                continue
            case .superseded:
                summary.skipped.append(.init(id: certificate.id, reason: "superseded"))
                continue
            case .valid:
                break
            }
            do {
                let pdf = try await attachments.pdf(of: certificate)
                let message = try mail.message(
                    for: certificate, to: MailAddress(name: certificate.content.attendeeName, address: certificate.identity.email),
                    pdf: pdf, replaces: certificate.supersedes, date: Date())
                try AtomicFile.write(message.mime(), to: folder.appendingPathComponent("\(certificate.id).eml"))
                summary.sent.append(certificate.id)
            } catch {
                summary.failed.append(.init(id: certificate.id, reason: "\(error)"))
            }
        }
        summary.print(json: json, dryRun: dryRun, folder: folder.path)
        if !summary.failed.isEmpty { throw ExitStatus.dataError }
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
