import CPDTestSupport
import Foundation
import Testing

/// SIGKILL during `cpdcert send` (CPDCERT_FAULT), then the same command: every certificate
/// delivered, and none twice except the one whose acceptance was in flight (the server's 250
/// came, the delivery log's commit did not).
@Suite(.serialized) struct SendCrashEndToEndTests {
    @Test(arguments: [("before-send", 0), ("after-accept", 1), ("after-record", 0)])
    func aKillAtAChosenPointConverges(point: String, duplicates: Int) throws {
        let fixture = try SendFixtures(label: "e2e-send-crash")
        defer { fixture.remove() }
        let server = try SMTPTestServer(in: fixture.folder)
        defer { server.stop() }
        let killed = try ExternalTool.run(
            EndToEndTests.binary,
            [
                "send", "--event", SendSMTPEndToEndTests.event, "--from", SendFixtures.from, "--registry", fixture.registry, "--smtp",
                server.url(), "--smtp-ca", server.certificate.path,
            ],
            environment: [
                "CPDCERT_REGISTRY": "", "CPDCERT_KEYS": EndToEndTests.noKeys, "CPDCERT_SMTP_USER": server.user,
                "CPDCERT_SMTP_PASSWORD": server.password, "CPDCERT_FAULT": "\(point):10",
            ], directory: Samples.packageRoot)
        #expect(killed.status == 9, "killed at \(point): \(killed.stderr)")
        let rerun = try SendSMTPEndToEndTests.send(fixture, server, ["--json"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let recipients = server.events("accepted").compactMap { ($0["to"] as? [String])?.first }
        #expect(Set(recipients).count == 28, "every certificate delivered")
        #expect(recipients.count == 28 + duplicates, "duplicates beyond the in-flight bound at \(point)")
    }
}
