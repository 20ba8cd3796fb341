import CPDTestSupport
import Foundation
import Testing

/// `cpdcert send --dry-run`: one .eml a valid certificate, read back by Python's email package;
/// nothing for the revoked or superseded certificates; the correction says what it replaces.
@Suite(.serialized) struct SendDryRunEndToEndTests {
    @Test func theDryRunWritesOneMessageAValidCertificateAndSendsNothing() throws {
        let fixture = try SendFixtures(label: "e2e-send-dry")
        defer { fixture.remove() }
        let messages = fixture.folder.appendingPathComponent("messages")
        let sent = try EndToEndTests.cpdcert([
            "send", "--event", ServeFixtures.example.appendingPathComponent("event.yaml").path, "--from", SendFixtures.from,
            "--registry", fixture.registry, "--dry-run", "--out", messages.path, "--json",
        ])
        #expect(sent.status == 0, "\(sent.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(sent.stdout.utf8)) as? [String: Any])
        let skipped = try #require(summary["skipped"] as? [[String: String]])
        #expect(Set(skipped.map { $0["id"] ?? "" }) == [fixture.revokedID, fixture.supersededID])
        #expect(Set(skipped.map { $0["reason"] ?? "" }) == ["revoked", "superseded"])

        let files = try FileManager.default.contentsOfDirectory(atPath: messages.path).filter { $0.hasSuffix(".eml") }.sorted()
        // 29 issued, one revoked, one superseded by its correction.
        #expect(files.count == 28)
        #expect(!files.contains("\(fixture.revokedID).eml"))
        #expect(!files.contains("\(fixture.supersededID).eml"))
        let read = try MailReader.readFiles(files.map { messages.appendingPathComponent($0).path })
        for (file, message) in zip(files, read) {
            let id = String(file.dropLast(4))
            #expect(message.structure == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "application/pdf"])
            #expect(message.defects.isEmpty, "\(file): \(message.defects)")
            #expect(message.from_address == "cpd@policyforesight.example.org")
            #expect(message.message_id == "<\(id.replacingOccurrences(of: "-", with: "")).certificate@policyforesight.example.org>")
            #expect(message.attachments.first?.filename == "Certificate - Tackling Child Criminal Exploitation - \(message.to_name).pdf")
            #expect(message.text?.contains("https://verify.example.org/c/\(id)") == true)
        }
        // The attachment is the PDF as issued, for a name in each of several scripts.
        for name in ["陈静", "فاطمة الزهراء", "Nguyễn Thị Hằng", "Adébáyọ̀ Ọlátúnjí", "Zoë Brontë-Łukasiewicz"] {
            let id = try #require(fixture.ids[name])
            let message = try #require(zip(files, read).first { $0.0 == "\(id).eml" }?.1)
            #expect(message.to_name == name)
            #expect(message.attachments.first?.sha256 == (try fixture.pdfSHA256(id)))
        }
        let corrected = try #require(zip(files, read).first { $0.0 == "\(fixture.correctedID).eml" }?.1)
        #expect(corrected.to_name == "Siân Llywelyn-Hughes")
        #expect(corrected.subject.hasPrefix("Corrected certificate: "))
        #expect(corrected.text?.contains("This corrected certificate replaces certificate \(fixture.supersededID)") == true)
        #expect(corrected.attachments.first?.sha256 == (try fixture.pdfSHA256(fixture.correctedID)))
    }
}
