import CPDCore
import CPDRegistry
import CPDTestSupport
import Foundation
import Testing

/// `cpdcert send` of an event issued with a credential key: each message carries the signed
/// Open Badges credential the registry holds as a second attachment, byte for byte, and says so.
@Suite(.serialized) struct SendCredentialEndToEndTests {
    @Test func eachMessageCarriesTheRegistrysWalletCredential() async throws {
        let (setup, ids) = try ReinstateEndToEndTests().issued("e2e-send-credential")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        try #require(ids.count == CrashSafetyTests.eligible)
        let server = try SMTPTestServer(in: setup.folder)
        defer { server.stop() }
        let sent = try ExternalTool.run(
            EndToEndTests.binary,
            [
                "send", "--event", SendSMTPEndToEndTests.event, "--from", SendFixtures.from, "--registry", setup.registry, "--smtp",
                server.url(), "--smtp-ca", server.certificate.path, "--pdfs", setup.out.path, "--json",
            ],
            environment: [
                "CPDCERT_REGISTRY": "", "CPDCERT_KEYS": EndToEndTests.noKeys, "CPDCERT_SMTP_USER": server.user,
                "CPDCERT_SMTP_PASSWORD": server.password,
            ], directory: Samples.packageRoot)
        #expect(sent.status == 0, "\(sent.stderr)")
        let read = try MailReader.readFiles(server.received)
        #expect(read.count == ids.count)
        let registry = try SQLiteCertificateRegistry(path: setup.registry, readOnly: true)
        let byMessageID = Dictionary(uniqueKeysWithValues: ids.map { ("<\($0.compact).certificate@policyforesight.example.org>", $0) })
        for message in read {
            let id = try #require(byMessageID[message.message_id], "\(message.message_id)")
            let stored = try #require(try await registry.credential(certificateID: id))
            let certificate = try #require(try await registry.certificate(id: id))
            #expect(message.structure.suffix(2) == ["application/pdf", "application/vc+jwt"])
            #expect(message.defects.isEmpty, "\(message.defects)")
            try #require(message.attachments.count == 2)
            #expect(message.attachments[0].sha256 == certificate.pdfSHA256)
            #expect(message.attachments[1].sha256 == stored.sha256, "the attachment is the registry's credential, byte for byte")
            #expect(message.attachments[1].type == "application/vc+jwt")
            #expect(message.attachments[1].filename == "Credential - Tackling Child Criminal Exploitation - \(message.to_name).jwt")
            #expect(message.to_name == certificate.content.attendeeName)
            #expect(message.text?.contains("Your wallet credential is attached too") == true)
        }
    }
}
