public import Foundation

/// A real SMTP server for a test (Tests/mail/smtp_server.py on aiosmtpd, from the test venv that
/// `make test` makes at .build/test-venv, or `$CPDCERT_TEST_PYTHON`): STARTTLS on a certificate
/// made here with openssl, AUTH for `user`/`password`, recipients `tempfail-N-...@` (451 to the
/// first N attempts) and `reject-...@` (550), and every accepted message in `folder`.
public final class SMTPTestServer: @unchecked Sendable {
    // @unchecked: every property is set once in init.
    public let folder: URL
    public let certificate: URL
    public let port: Int
    public let user = "cpd-sender"
    public let password = "correct horse battery staple"
    private let process: BackgroundProcess

    /// The Python of the test venv.
    public static var python: String { TestVenv.python }

    /// Starts the server with its certificate and mailbox under `folder`; `implicitTLS` for smtps://.
    public init(in folder: URL, implicitTLS: Bool = false, startTLS: Bool = true) throws {
        self.folder = folder.appendingPathComponent("received")
        try FileManager.default.createDirectory(at: self.folder, withIntermediateDirectories: true)
        certificate = folder.appendingPathComponent("smtp-cert.pem")
        let key = folder.appendingPathComponent("smtp-key.pem")
        let made = try ExternalTool.run(
            "openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.path, "-out", certificate.path, "-days", "2", "-subj",
                "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            ])
        guard made.status == 0 else { throw Failed(reason: "openssl could not make a certificate: \(made.stderr)") }
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            throw Failed(reason: "no test venv at \(Self.python): run make test (it makes .build/test-venv from Tests/requirements.txt)")
        }
        var arguments = [
            Samples.packageRoot.appendingPathComponent("Tests/mail/smtp_server.py").path, "--folder", self.folder.path, "--cert",
            certificate.path, "--key", key.path, "--user", user, "--password", password,
        ]
        if implicitTLS { arguments.append("--implicit-tls") }
        if !startTLS { arguments.append("--no-starttls") }
        process = try BackgroundProcess(Self.python, arguments)
        guard let port = process.waitForLine(timeout: 30, { line in line.hasPrefix("READY ") ? Int(line.dropFirst(6)) : nil }) else {
            throw Failed(reason: "the SMTP server did not start: \(process.printed.stderr)")
        }
        self.port = port
    }

    /// `smtp://127.0.0.1:<port>` (or smtps://).
    public func url(scheme: String = "smtp") -> String { "\(scheme)://127.0.0.1:\(port)" }

    /// The accepted messages' files, in the order received.
    public var received: [String] {
        events("accepted").compactMap { $0["file"] as? String }
    }

    /// The log's events of `kind` (connection, rcpt, accepted).
    public func events(_ kind: String) -> [[String: Any]] {
        let text = (try? String(contentsOf: folder.appendingPathComponent("log.jsonl"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }.filter { $0["event"] as? String == kind }
    }

    /// Client connections that delivered messages (by their address and port).
    public var deliveringConnections: Set<String> {
        Set(events("accepted").compactMap { $0["peer"] as? String })
    }

    public func stop() { process.stop() }

    deinit { stop() }

    public struct Failed: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }
}
