import ArgumentParser
import CPDConsole
import CPDCore
import CPDImport
import CPDMail
import CPDOperations
import CPDRegistry
import CPDRender
import CPDServer
import Foundation
import Hummingbird
import Logging

/// `cpdcert console`: the organiser console, a signed-in web front end on the operations layer.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Run the organiser console: sign in, upload an event and its attendance report, review, issue, revoke.",
        discussion: """
            A listener of its own, apart from serve: for the organisation's network or behind its \
            sign-on proxy, with TLS in front of it. The first account comes from `cpdcert users add \
            EMAIL --role admin`, which prints a one-time link to set its password.

            Batches run in the background on the same crash-safe runner as `cpdcert issue`; a batch \
            the console was running when it stopped runs again when it starts.

            With --smtp and --from (or smtp.url and smtp.from), organisers email each event's \
            certificates from its page, as `cpdcert send` does: one message per valid certificate, the \
            PDF as issued attached, every attempt in the registry's delivery log. Without them the \
            console issues but does not send.
            """)

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var keys: KeyOptions
    @OptionGroup var resources: TemplateOptions
    @OptionGroup var configFile: ConfigOptions
    @OptionGroup(title: "Email") var smtpOptions: SMTPOptions

    @Option(help: "Address to bind (default: console.host, else 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (0 picks a free one; the address in use is printed; default: console.port, else 8081).")
    var port: String?

    @Option(
        help: ArgumentHelp("Folder for each event's PDFs and manifest (default: console.output, else console-output).", valueName: "dir"))
    var out: String?

    @Option(help: ArgumentHelp("The organisation's name, shown in every page's header.", valueName: "name"))
    var siteName: String?

    @Flag(
        help: "Send the session cookie without Secure, for plain HTTP on this machine only (never across a network: use TLS in front).")
    var insecureCookies = false

    @Option(help: ArgumentHelp("bcrypt cost of new passwords, 10 to 16 (default: 12).", valueName: "n"))
    var bcryptCost: Int = 12

    @Option(help: ArgumentHelp("Rendering jobs of a batch (default: issue.jobs, else the number of cores).", valueName: "n"))
    var jobs: Int?

    func settings() throws(Settings.Problem) -> Settings {
        try Settings.current.overriding([
            "console.host": host, "console.port": port, "console.output": out, "serve.site_name": siteName,
        ])
    }

    func validate() throws {
        do {
            _ = try settings()
        } catch {
            throw ValidationError(error.description)
        }
        guard (10...16).contains(bcryptCost) else { throw ValidationError("--bcrypt-cost must be between 10 and 16, found \(bcryptCost)") }
        // Half of the email settings on the command line is a mistake; half in the configuration
        // (a relay kept for `send`, whose sender each run names) leaves email off, said at start.
        if smtpOptions.smtp != nil, smtpOptions.sender == nil {
            throw ValidationError("the console sends as --from 'Name <address>' (or smtp.from): name the sender too")
        }
        if smtpOptions.from != nil, smtpOptions.url == nil {
            throw ValidationError("--from needs a relay to send through: --smtp smtp://host:587 (or smtp.url)")
        }
    }

    func run() async throws {
        let settings = try settings()
        let logger = LogFormat.text.logger(
            label: "cpdcert.console", level: settings.text("log.level").flatMap(Logger.Level.init(rawValue:)) ?? .info)
        let store: SQLiteCertificateRegistry
        let file = try registry.file(
            for: "cpdcert console", instead: "the console keeps its accounts and events in a SQLite registry; give it a file")
        do {
            store = try SQLiteCertificateRegistry(path: file)
        } catch {
            Console.error(error.description)
            throw ExitStatus.ioError
        }
        let host = settings.text("console.host") ?? "127.0.0.1"
        var configuration = ConsoleConfiguration(
            host: host, port: settings.integer("console.port") ?? 8081, siteName: settings.text("serve.site_name") ?? "cpdcert",
            outputFolder: URL(fileURLWithPath: settings.text("console.output") ?? "console-output", isDirectory: true))
        configuration.secureCookies = !insecureCookies
        configuration.bcryptCost = UInt8(bcryptCost)
        let jobs = self.jobs ?? Settings.current.integer("issue.jobs") ?? ProcessInfo.processInfo.activeProcessorCount
        let operations = Operations(registry: store, logKey: try keys.signingKey(), credentialKey: try keys.credentialKey())
        let directory = resources.directory
        let workshop = ConsoleWorkshop(
            operations: operations, templates: { event in Self.template(event, directory: directory, jobs: jobs) },
            templateProblem: { name in Self.templateProblem(name, directory: directory) },
            recreation: { ArchivedRenderers.recreation(store, jobs: jobs) },
            samplePicture: { event in try Self.samplePicture(event, directory: directory) }, outputFolder: configuration.outputFolder,
            jobs: jobs, mail: try mail(store: store), logger: logger)
        let consoleJobs = ConsoleJobs(store: store, workshop: workshop)
        let registryPath = registry.display
        let app = try buildConsoleApplication(
            store: store, jobs: consoleJobs, configuration: configuration, logger: logger,
            onServerRunning: { port in
                Console.print("cpdcert: console at http://\(host):\(port)/ on \(registryPath)")
                Console.print(workshop.mail.map { "cpdcert: email through \($0.relay) as \($0.mail.from)" } ?? mailOff)
            })
        try await consoleJobs.resume()
        try await app.runService()
    }

    /// Why the console does not send, for its start-up line.
    private var mailOff: String {
        switch (smtpOptions.url, smtpOptions.sender) {
        case (.some, nil): "cpdcert: email is off: smtp.url is set but no sender; set smtp.from (or start with --from)"
        case (nil, .some): "cpdcert: email is off: smtp.from is set but no relay; set smtp.url (or start with --smtp)"
        default: "cpdcert: email is off (start with --smtp and --from to send certificates)"
        }
    }

    /// How the console emails certificates, from the email options; nil unless both a relay and a sender are given.
    private func mail(store: SQLiteCertificateRegistry) throws -> ConsoleMail? {
        guard smtpOptions.url != nil, smtpOptions.sender != nil else { return nil }
        let sender = try smtpOptions.senderAddress()
        let settings = try smtpOptions.settings()
        // A relay URL libcurl cannot use is said now, not when the first organiser presses Email.
        _ = try SMTPOptions.transport(settings)
        let shipped = resources.directory.templates.appendingPathComponent("mail", isDirectory: true)
        let templates: [MailTemplate]
        do {
            templates = try ["en", "cy-en"].map { language throws(MailError) in try MailTemplate.load(language: language, from: [shipped]) }
        } catch {
            Console.error("\(error)")
            throw ExitStatus.configError
        }
        var mail = ConsoleMail(
            mail: CertificateMail(from: sender, templates: templates), log: store, relay: settings.url,
            transport: { try CurlSMTPTransport(settings) },
            attachments: { folder in
                let pdfs = IssuedPDFs(folder: folder, archive: store)
                return { try await pdfs.pdf(of: $0) }
            }, credential: { try await store.credential(certificateID: $0)?.jws })
        mail.attemptsPerRun = smtpOptions.attempts
        mail.backoff = .milliseconds(Int(smtpOptions.backoff * 1000))
        mail.perMinute = smtpOptions.rate
        return mail
    }

    /// The event's template from the templates folder, ready to draw: a name only, never a path,
    /// since the event file came from a browser.
    static func template(_ event: Event, directory: TemplateDirectory, jobs: Int) -> Result<PreparedTemplate, OperationError> {
        do {
            let package = try templatePackage(event, directory: directory)
            return .success(
                try PreparedTemplate.prepare(package, for: event, makeRenderer: try RendererSource.maker(package: package, jobs: jobs)))
        } catch let error as OperationError {
            return .failure(error)
        } catch {
            return .failure(.templateUnusable("\(event.templateName): \(error)"))
        }
    }

    /// The event page's preview: a sample certificate of `event` drawn with its template as
    /// `cpdcert preview` draws a PNG (the sample attendee and ID, the watermark across it).
    static func samplePicture(_ event: Event, directory: TemplateDirectory) throws -> Data {
        let package = try templatePackage(event, directory: directory)
        let content = try SampleCertificate.content(event: event, name: nil, locales: package.template.dateLocales)
        return try CairoCertificateRenderer(package: package).renderPNG(
            content, dotsPerInch: 96, watermark: SampleCertificate.watermark)
    }

    /// Why the console cannot draw with the template `name` from `directory`, or nil: the check
    /// an event gets when it comes in, the same lookup its batches and preview make.
    static func templateProblem(_ name: String, directory: TemplateDirectory) -> String? {
        do {
            _ = try templatePackage(named: name, directory: directory)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// The event's template package, named (never a path) in the event a browser sent.
    private static func templatePackage(_ event: Event, directory: TemplateDirectory) throws -> TemplatePackage {
        try templatePackage(named: event.templateName, directory: directory)
    }

    private static func templatePackage(named name: String, directory: TemplateDirectory) throws -> TemplatePackage {
        guard !name.isEmpty, !name.contains("/"), !name.contains("\\"), !name.hasPrefix(".") else {
            throw OperationError.templateUnusable(
                "the console draws with the templates it was started with: name one (e.g. 'classic'), not a file")
        }
        do {
            return try directory.load(name)
        } catch {
            throw OperationError.templateUnusable("\(name): \(error)")
        }
    }
}
