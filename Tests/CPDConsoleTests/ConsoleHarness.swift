import CPDConsole
import CPDCore
import CPDMail
import CPDOperations
import CPDRegistry
import CPDTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore

/// A console over a registry file in a temporary folder, with accounts of every role whose
/// passwords are set through their one-time links, and a browser-like client that keeps cookies.
struct ConsoleHarness {
    static let password = "correct horse battery staple"
    let folder: URL
    let registry: SQLiteCertificateRegistry
    let jobs: ConsoleJobs
    var configuration: ConsoleConfiguration

    /// A template of no elements, drawn as text: enough for a batch to issue certificates.
    static let textTemplate = TemplatePackage(
        template: CertificateTemplate(name: "classic", pageWidth: 297, pageHeight: 210, elements: [], subject: ""),
        source: Data("template".utf8), assets: [:])

    /// The preview the harness's console draws of `event`: a PNG signature, then what it is of
    /// (`cpdcert console` draws it with Cairo; CPDCommandsTests check that drawing).
    @Sendable static func samplePicture(_ event: Event) -> Data {
        Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array("sample of \(event.id) with \(event.templateName)".utf8))
    }

    /// The harness's console has the one template `classic` (`cpdcert console` looks in its
    /// templates folder; CPDCommandsTests check that lookup).
    @Sendable static func templateProblem(_ name: String) -> String? {
        name == "classic" ? nil : "the console has no template '\(name)'; name one of: classic"
    }

    /// With `drawing`, batches draw certificates with `textTemplate`; without, every template is
    /// unusable. With `relay`, the console emails through it (the shipped message templates, each
    /// PDF from the event's folder as issued); without, it was started without email.
    init(drawing: Bool = false, relay: RecordingRelay? = nil, configure: (inout ConsoleConfiguration) -> Void = { _ in }) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("console-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        registry = try SQLiteCertificateRegistry(path: folder.appendingPathComponent("cpdcert.sqlite").path)
        var configuration = ConsoleConfiguration(host: "127.0.0.1", port: 0, outputFolder: folder.appendingPathComponent("out"))
        configuration.bcryptCost = 4
        configure(&configuration)
        self.configuration = configuration
        let registry = self.registry
        let workshop = ConsoleWorkshop(
            operations: Operations(registry: registry),
            templates: { event in
                guard drawing else { return .failure(.templateUnusable("no templates in these tests")) }
                return Result { () throws(OperationError) in
                    try PreparedTemplate.prepare(Self.textTemplate, for: event) { TextCertificateRenderer() }
                }
            },
            templateProblem: Self.templateProblem, samplePicture: Self.samplePicture, outputFolder: configuration.outputFolder,
            mail: try relay.map { try Self.mail(through: $0, registry: registry) })
        jobs = ConsoleJobs(store: registry, workshop: workshop)
    }

    static let sender = "Policy Foresight <cpd@policyforesight.example.org>"

    /// Email through `relay`, as `cpdcert console --smtp ... --from ...` wires it.
    static func mail(through relay: RecordingRelay, registry: SQLiteCertificateRegistry) throws -> ConsoleMail {
        let shipped = Samples.packageRoot.appendingPathComponent("Templates/mail")
        let templates = try ["en", "cy-en"].map { try MailTemplate.load(language: $0, from: [shipped]) }
        var mail = ConsoleMail(
            mail: CertificateMail(from: try MailAddress(parsing: sender), templates: templates), log: registry,
            relay: "smtp://relay.example.org:587", transport: { relay },
            attachments: { folder in
                { certificate in
                    let data = try Data(contentsOf: folder.appendingPathComponent(certificate.fileName))
                    guard Hex.sha256(data) == certificate.pdfSHA256 else { throw RecordingRelay.Refused(reason: "not as issued") }
                    return data
                }
            })
        mail.backoff = .milliseconds(1)
        return mail
    }

    /// An account of `role` with the test password set through its link.
    @discardableResult
    func account(_ email: String, _ role: ConsoleRole) async throws -> ConsoleAccount {
        let (account, token) = try await ConsoleAccounts.add(
            email: email, role: role, store: registry, lifetime: 3600, by: "test", now: Date())
        let sessions = ConsoleSessions(store: registry, configuration: configuration)
        _ = try await sessions.setPassword(token: token, password: Self.password)
        return account
    }

    /// A live API token of `account`, as `cpdcert users token` makes one.
    func apiToken(for account: ConsoleAccount) async throws -> String {
        let token = ConsoleSecrets.newToken()
        try await registry.addToken(
            kind: .api, hash: ConsoleSecrets.hash(token), accountID: account.id, label: "test", expires: nil, at: Date())
        return token
    }

    /// The example event, owned by `owner`, with the example attendance report.
    func exampleEvent(owner: ConsoleAccount, title: String? = nil) async throws {
        var definition = String(decoding: try Self.exampleFile("event.yaml").1, as: UTF8.self)
        if let title {
            definition = definition.replacingOccurrences(
                "title: \"Tackling Child Criminal Exploitation: Disrupting County Lines and Associated Violence\"", "title: \"\(title)\"")
        }
        try await registry.saveEvent(
            ConsoleEvent(
                eventID: "county-lines-2020", ownerID: owner.id, definition: Data(definition.utf8),
                attendance: Data(try Self.exampleFile("attendance.csv").1), attendanceFileName: "attendance.csv",
                createdAt: Date()))
    }

    /// A file of the example event, as a form upload: its name and bytes.
    static func exampleFile(_ name: String) throws -> (String, [UInt8]) {
        (name, Array(try Data(contentsOf: Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020/\(name)"))))
    }

    /// A certificate of the example event in the registry.
    func certificate(_ name: String = "Siân Llywelyn") async throws -> Certificate {
        let certificate = Samples.certificate(name, ids: SeededRandomSource(seed: UInt64.random(in: 1...UInt64.max)))
        try await registry.insert([certificate])
        return certificate
    }

    /// Runs `body` against the console's router.
    func test(_ body: @escaping @Sendable (Browser) async throws -> Void) async throws {
        let router = try buildConsoleRouter(store: registry, jobs: jobs, configuration: configuration)
        let app = Application(router: router)
        try await app.test(.router) { client in
            try await body(Browser(client: client))
        }
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: folder)
    }
}

/// A test client that keeps cookies like a browser and reads each page's CSRF token.
final class Browser: @unchecked Sendable {
    // @unchecked: used by one test task at a time.
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var lastSetCookies: [String] = []

    init(client: any TestClientProtocol) {
        self.client = client
    }

    struct Page {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String

        /// The page's CSRF token (the first form's).
        var csrf: String? {
            guard let range = body.range(of: "name=\"csrf\" value=\"") else { return nil }
            return String(body[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    func request(_ uri: String, method: HTTPRequest.Method = .get, headers: HTTPFields = [:], body: [UInt8] = []) async throws -> Page {
        var headers = headers
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(bytes: body))
        lastSetCookies = response.headers[values: .setCookie]
        for cookie in lastSetCookies {
            let pair = cookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false) ?? []
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = String(pair[1]) }
        }
        return Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
    }

    func get(_ uri: String) async throws -> Page { try await request(uri) }

    /// POSTs a URL-encoded form.
    func post(_ uri: String, _ fields: [String: String]) async throws -> Page {
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        return try await request(
            uri, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: Array(body.utf8))
    }

    /// POSTs a multipart form with `files` (field: (file name, bytes)).
    func postMultipart(_ uri: String, fields: [String: String], files: [String: (String, [UInt8])]) async throws -> Page {
        let boundary = "----cpdcert-test-boundary"
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for (name, (fileName, bytes)) in files {
            body +=
                Array(
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                        .utf8) + bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return try await request(uri, method: .post, headers: [.contentType: "multipart/form-data; boundary=\(boundary)"], body: body)
    }

    /// Signs in as `email` through the sign-in form.
    @discardableResult
    func signIn(_ email: String, password: String = ConsoleHarness.password) async throws -> Page {
        let form = try await get("/login")
        return try await post("/login", ["csrf": form.csrf ?? "", "email": email, "password": password])
    }

    /// A CSRF token from a signed-in page.
    func csrf() async throws -> String {
        try await get("/").csrf ?? ""
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

/// The relay of the console's unit tests (the end-to-end tests use a real SMTP server): it
/// answers 550 to the addresses in `refusing`, 250 to the rest, and keeps what it accepted.
final class RecordingRelay: MailTransport, @unchecked Sendable {
    // @unchecked: every property is touched while holding `lock`.
    private let lock = NSLock()
    private var refused: Set<String> = []
    private var accepted: [(to: String, id: CertificateID, message: String)] = []

    struct Refused: Error {
        var reason: String
    }

    /// Answers 550 to `addresses` from now on (and 250 to every other).
    func refuse(_ addresses: Set<String>) { lock.withLock { refused = addresses } }

    /// What the relay accepted, in order.
    var messages: [(to: String, id: CertificateID, message: String)] { lock.withLock { accepted } }

    func send(_ data: Data, from: String, to: String, id: CertificateID) throws(SMTPError) -> SMTPReply {
        lock.withLock {
            if refused.contains(to) { return SMTPReply(code: 550, text: "5.1.1 No such user here") }
            accepted.append((to, id, String(decoding: data, as: UTF8.self)))
            return SMTPReply(code: 250, text: "2.0.0 Ok: queued as \(accepted.count)")
        }
    }
}
