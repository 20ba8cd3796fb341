import CPDTestSupport
import Foundation
import Testing

/// `cpdcert send` over real SMTP (libcurl) to a real local server (aiosmtpd): STARTTLS on a
/// self-signed certificate, AUTH, one connection for the batch, the delivery log, recipients
/// that answer 4xx and 5xx, a wrong password, and a second run that sends nothing.
@Suite(.serialized) struct SendSMTPEndToEndTests {
    static let event = ServeFixtures.example.appendingPathComponent("event.yaml").path

    /// `cpdcert send` to `server` with its credentials in the environment.
    static func send(
        _ fixture: SendFixtures, _ server: SMTPTestServer, _ extra: [String] = [], password: String? = nil, scheme: String = "smtp"
    ) throws -> ExternalTool.Result {
        try ExternalTool.run(
            EndToEndTests.binary,
            [
                "send", "--event", event, "--from", SendFixtures.from, "--registry", fixture.registry, "--smtp", server.url(scheme: scheme),
                "--smtp-ca", server.certificate.path, "--backoff", "0.05",
            ] + extra,
            environment: [
                "CPDCERT_REGISTRY": "", "CPDCERT_KEYS": EndToEndTests.noKeys, "CPDCERT_SMTP_USER": server.user,
                "CPDCERT_SMTP_PASSWORD": password ?? server.password,
            ], directory: Samples.packageRoot)
    }

    static func summary(_ result: ExternalTool.Result) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout) \(result.stderr)")
    }

    @Test(arguments: ["smtp", "smtps"])
    func theEventIsDeliveredOverOneEncryptedConnectionAndASecondRunSendsNothing(scheme: String) throws {
        let fixture = try SendFixtures(label: "e2e-send-smtp")
        defer { fixture.remove() }
        let server = try SMTPTestServer(in: fixture.folder, implicitTLS: scheme == "smtps")
        defer { server.stop() }
        let first = try Self.send(fixture, server, ["--smtp-tls", "required", "--json"], scheme: scheme)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(!first.stderr.contains(server.password))
        let summary = try Self.summary(first)
        #expect((summary["sent"] as? [String])?.count == 28)
        #expect(server.received.count == 28)
        #expect(server.deliveringConnections.count == 1, "one connection for the batch: \(server.deliveringConnections)")
        #expect(server.events("accepted").allSatisfy { $0["tls"] as? Bool == true })
        let read = try MailReader.readFiles(server.received)
        #expect(!read.contains { $0.to_address == (fixture.ids["Oliver Bennett"].map { _ in "oliver.bennett@example.org" } ?? "") })
        for name in ["陈静", "فاطمة الزهراء", "Nguyễn Thị Hằng"] {
            let message = try #require(read.first { $0.to_name == name })
            #expect(message.attachments.first?.sha256 == (try fixture.pdfSHA256(try #require(fixture.ids[name]))))
        }
        let corrected = try #require(read.first { $0.to_name == "Siân Llywelyn-Hughes" })
        #expect(corrected.text?.contains("replaces certificate \(fixture.supersededID)") == true)

        let second = try Self.send(fixture, server, ["--json"], scheme: scheme)
        #expect(second.status == 0, "\(second.stderr)")
        #expect((try Self.summary(second)["sent"] as? [String])?.isEmpty == true)
        #expect((try Self.summary(second)["already_sent"] as? [String])?.count == 28)
        #expect(server.received.count == 28)

        // --resend sends one again; audit event shows who has theirs.
        let id = try #require(fixture.ids["陈静"])
        let again = try Self.send(fixture, server, ["--resend", id, "--json"], scheme: scheme)
        #expect((try Self.summary(again)["sent"] as? [String]) == [id])
        #expect(server.received.count == 29)
        let audit = try EndToEndTests.cpdcert(["audit", "event", "county-lines-2020", "--registry", fixture.registry, "--format", "csv"])
        #expect(audit.status == 0, "\(audit.stderr)")
        #expect(audit.stdout.split(separator: "\n").first?.contains("delivery") == true)
        #expect(audit.stdout.contains("accepted: 250"))
    }

    @Test func aTemporaryFailureIsRetriedAndAPermanentOneReported() throws {
        let folder = try ExternalTool.temporaryDirectory("e2e-send-failures")
        defer { try? FileManager.default.removeItem(at: folder) }
        let attendance = try String(contentsOf: ServeFixtures.example.appendingPathComponent("attendance.csv"), encoding: .utf8)
            .replacingOccurrences("yusuf.alhaddad@example.org", "tempfail-2-yusuf@example.org")
            .replacingOccurrences("hannah.clarke@example.org", "reject-hannah@example.org")
            .replacingOccurrences("wang.xiuying@example.org", "accept-once-wang@example.org")
        let file = folder.appendingPathComponent("attendance.csv")
        try attendance.write(to: file, atomically: true, encoding: .utf8)
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path
        let issued = try EndToEndTests.cpdcert([
            "issue", "--event", Self.event, "--attendance", file.path, "--out", folder.appendingPathComponent("out").path, "--registry",
            registry,
        ])
        #expect(issued.status == 65, "\(issued.stderr)")
        let server = try SMTPTestServer(in: folder)
        defer { server.stop() }
        let fixture = SendFixtures(existing: folder, registry: registry)
        let sent = try Self.send(fixture, server, ["--json"])
        #expect(sent.status == 65, "a permanent failure is reported: \(sent.stderr)")
        let summary = try Self.summary(sent)
        #expect((summary["sent"] as? [String])?.count == 28)
        let failed = try #require(summary["failed"] as? [[String: String]])
        #expect(failed.count == 1)
        #expect(failed.first?["reason"]?.contains("permanent failure: 550 5.1.1 No such user here (attempt 1)") == true, "\(failed)")
        // The 4xx recipient was refused twice, then delivered on the third attempt of the same run.
        #expect(server.events("rcpt").filter { $0["address"] as? String == "tempfail-2-yusuf@example.org" }.count == 3)
        #expect(server.events("accepted").contains { ($0["to"] as? [String]) == ["tempfail-2-yusuf@example.org"] })

        // Left out of a plain re-run; --retry-failed tries it again.
        let rerun = try Self.send(fixture, server, ["--json"])
        #expect(rerun.status == 65)
        #expect(server.events("rcpt").filter { $0["address"] as? String == "reject-hannah@example.org" }.count == 1)
        let retried = try Self.send(fixture, server, ["--json", "--retry-failed"])
        #expect(retried.status == 65)
        #expect(try Self.summary(retried)["failed"].map { "\($0)" }?.contains("(attempt 2)") == true)
        #expect(server.events("rcpt").filter { $0["address"] as? String == "reject-hannah@example.org" }.count == 2)

        // Accepted once; a --resend then fails (451 three times): the audit says both, not just "accepted".
        let register = { () throws -> String in
            let audit = try EndToEndTests.cpdcert(["audit", "event", "county-lines-2020", "--registry", registry, "--format", "csv"])
            #expect(audit.status == 0, "\(audit.stderr)")
            return try #require(
                audit.stdout.split(whereSeparator: \.isNewline).first { $0.hasPrefix("accept-once-wang@example.org,") }.map {
                    $0.trimmingCharacters(in: .whitespacesAndNewlines)
                })
        }
        let before = try register()
        #expect(before.contains(",accepted: 250 2.0.0 Ok: queued as cpdcert-test-"), "\(before)")
        #expect(!before.contains("resend"))
        let id = try #require(before.split(separator: ",").dropFirst(5).first.map(String.init))
        let resent = try Self.send(fixture, server, ["--json", "--resend", id])
        #expect(resent.status == 65, "the failed resend is reported: \(resent.stderr)")
        let after = try register()
        #expect(
            after.contains("accepted: 250 2.0.0 Ok: queued as cpdcert-test-") && after.contains("(attempt 1); then resend failed: ")
                && after.hasSuffix("temporary failure: 451 4.2.1 Mailbox temporarily disabled (attempt 4)"), "\(after)")
    }

    @Test func aWrongPasswordStopsWithAClearErrorAndRecordsNothing() throws {
        let fixture = try SendFixtures(label: "e2e-send-password")
        defer { fixture.remove() }
        let server = try SMTPTestServer(in: fixture.folder)
        defer { server.stop() }
        let refused = try Self.send(fixture, server, password: "wrong horse")
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("refused the login"), "\(refused.stderr)")
        #expect(refused.stderr.contains("CPDCERT_SMTP_USER"))
        #expect(!refused.stderr.contains("wrong horse"))
        #expect(server.received.isEmpty)
        let sent = try Self.send(fixture, server, ["--json"])
        #expect((try Self.summary(sent)["sent"] as? [String])?.count == 28, "nothing was recorded as sent: \(sent.stdout)")
    }

    @Test func requiredTLSRefusesARelayWithoutStartTLS() throws {
        let fixture = try SendFixtures(label: "e2e-send-notls")
        defer { fixture.remove() }
        let server = try SMTPTestServer(in: fixture.folder, startTLS: false)
        defer { server.stop() }
        let refused = try Self.send(fixture, server, ["--smtp-tls", "required"])
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("does not offer STARTTLS"), "\(refused.stderr)")
        #expect(server.received.isEmpty)
    }
}
