import CPDCore
import CPDMail
import CPDTestSupport
import Crypto
import Foundation
import Testing

/// The message that delivers a certificate, as an independent MIME parser (Python's email
/// package) reads it: exact names in eleven scripts, the PDF intact, HTML escaped.
@Suite struct CertificateMailTests {
    static let shipped = Samples.packageRoot.appendingPathComponent("Templates/mail")
    static let from = MailAddress(name: "Policy Foresight", address: "cpd@policyforesight.example.org")

    static func mail() throws -> CertificateMail {
        CertificateMail(
            from: from,
            templates: [try MailTemplate.load(language: "en", from: [shipped]), try MailTemplate.load(language: "cy-en", from: [shipped])])
    }

    static func pdf(_ certificate: Certificate) -> Data {
        Data("%PDF-1.7\n% \(certificate.id)\n".utf8) + Data((0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
    }

    static func hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    @Test func namesInElevenScriptsDecodeExactlyAndThePDFIsIntact() throws {
        let mail = try Self.mail()
        let certificates = Samples.namesByScript.enumerated().map { index, entry in
            Samples.certificate(entry.name, index: index + 1, ids: SeededRandomSource(seed: UInt64(100 + index)))
        }
        #expect(certificates.count == 11)
        let messages = try certificates.map { certificate in
            try mail.message(
                for: certificate, to: MailAddress(name: certificate.content.attendeeName, address: certificate.identity.email),
                pdf: Self.pdf(certificate), replaces: nil, date: FixedClock().now)
        }
        let read = try MailReader.read(messages.map { $0.mime() })
        for (certificate, (message, seen)) in zip(certificates, zip(messages, read)) {
            let name = certificate.content.attendeeName
            #expect(seen.to_name == name)
            #expect(seen.to_address == certificate.identity.email)
            #expect(seen.from_name == "Policy Foresight")
            #expect(seen.subject == "Your certificate: \(certificate.content.eventTitle)")
            #expect(seen.message_id == "<\(certificate.id.compact).certificate@policyforesight.example.org>")
            #expect(seen.structure == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "application/pdf"])
            #expect(seen.defects.isEmpty, "\(name): \(seen.defects)")
            #expect(seen.longest_line <= 78, "\(name): a line of \(seen.longest_line) characters")
            #expect(!seen.bare_lf)
            #expect(seen.attachments.count == 1)
            #expect(seen.attachments.first?.filename == "Certificate - Tackling Child Criminal Exploitation - \(name).pdf")
            #expect(seen.attachments.first?.sha256 == Self.hex(message.attachments[0].data))
            #expect(seen.text?.contains("Dear \(name),") == true)
            #expect(seen.text?.contains(certificate.content.verificationURL) == true)
            #expect(seen.html?.contains("<bdi>\(name)</bdi>") == true)
            #expect(seen.html?.contains(LinkedInProfileLink(certificate).url.replacingOccurrences(of: "&", with: "&amp;")) == true)
            #expect(seen.html?.contains("<img") == false, "no tracking pixel")
        }
    }

    /// A compact JWS as `issue` stores it (three base64url parts); its bytes are what must arrive.
    static let credential =
        "eyJhbGciOiJSUzI1NiIsImtpZCI6ImRpZDp3ZWI6dmVyaWZ5LmV4YW1wbGUub3JnIzEiLCJ0eXAiOiJ2Yytqd3QifQ.eyJpc3MiOiJkaWQ6d2ViOnZlcmlmeS5leGFtcGxlLm9yZyJ9.c2lnbmF0dXJl"

    @Test(arguments: [("Bronwen ap Rhys", [String]()), ("Siân Llywelyn", ["cy"])])
    func theWalletCredentialIsAttachedAfterThePDFAndTheTextSaysSoOnlyThen(name: String, locales: [String]) throws {
        let certificate = Samples.certificate(name, ids: SeededRandomSource(seed: 14), locales: locales)
        let mail = try Self.mail()
        let compose = { (credential: String?) in
            try mail.message(
                for: certificate, to: MailAddress(name: name, address: certificate.identity.email), pdf: Self.pdf(certificate),
                credential: credential, replaces: nil, date: FixedClock().now)
        }
        let with = try compose(Self.credential)
        let without = try compose(nil)
        #expect(try compose(Self.credential).mime() == with.mime(), "the same certificate and credential give the same bytes")
        let read = try MailReader.read([with.mime(), without.mime()])
        let seen = read[0]
        #expect(
            seen.structure == [
                "multipart/mixed", "multipart/alternative", "text/plain", "text/html", "application/pdf", "application/vc+jwt",
            ])
        #expect(seen.defects.isEmpty, "\(seen.defects)")
        #expect(seen.longest_line <= 78)
        #expect(seen.attachments.count == 2)
        #expect(seen.attachments.first?.sha256 == Self.hex(Self.pdf(certificate)))
        #expect(seen.attachments.last?.filename == "Credential - Tackling Child Criminal Exploitation - \(name).jwt")
        #expect(seen.attachments.last?.type == "application/vc+jwt")
        #expect(seen.attachments.last?.sha256 == Self.hex(Data(Self.credential.utf8)))
        #expect(seen.text?.contains("Your wallet credential is attached too") == true)
        #expect(seen.html?.contains("Your wallet credential is attached too") == true)
        #expect(seen.text?.contains("Mae eich tystlythyr waled ynghlwm hefyd") == locales.contains("cy"))
        let plain = read[1]
        #expect(plain.structure == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "application/pdf"])
        #expect(plain.text?.contains("wallet credential") == false, "no word of a credential when none is attached")
        #expect(plain.html?.contains("wallet credential") == false)
    }

    @Test func valuesAreEscapedInTheHTMLAndWrittenAsTheyAreInTheText() throws {
        let certificate = Samples.certificate("<script>alert('Zoë')</script> & Co", ids: SeededRandomSource(seed: 7))
        let message = try Self.mail().message(
            for: certificate, to: MailAddress(address: certificate.identity.email), pdf: Self.pdf(certificate), replaces: nil,
            date: FixedClock().now)
        let seen = try #require(try MailReader.read([message.mime()]).first)
        let html = try #require(seen.html)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(&#39;Zoë&#39;)&lt;/script&gt; &amp; Co"))
        #expect(seen.text?.contains("Dear <script>alert('Zoë')</script> & Co,") == true)
    }

    @Test func aCorrectionSaysWhichCertificateItReplaces() throws {
        let old = Samples.certificate("Aoife Ní Bhriain", ids: SeededRandomSource(seed: 8))
        let corrected = Samples.certificate("Aoife Ní Bhriain", ids: SeededRandomSource(seed: 9))
        let mail = try Self.mail()
        let message = try mail.message(
            for: corrected, to: MailAddress(address: corrected.identity.email), pdf: Self.pdf(corrected), replaces: old.id,
            date: FixedClock().now)
        let seen = try #require(try MailReader.read([message.mime()]).first)
        #expect(seen.subject.hasPrefix("Corrected certificate: "))
        #expect(seen.text?.contains("This corrected certificate replaces certificate \(old.id)") == true)
        #expect(seen.html?.contains("replaces certificate \(old.id)") == true)
        #expect(seen.references == mail.messageID(of: old.id))
    }

    @Test func aWelshCertificateGetsTheWelshFirstMessage() throws {
        let certificate = Samples.certificate("Siân Llywelyn", ids: SeededRandomSource(seed: 10), locales: ["cy"])
        #expect(CertificateMail.language(of: certificate) == "cy-en")
        let message = try Self.mail().message(
            for: certificate, to: MailAddress(address: certificate.identity.email), pdf: Self.pdf(certificate), replaces: nil,
            date: FixedClock().now)
        let seen = try #require(try MailReader.read([message.mime()]).first)
        #expect(seen.subject.hasPrefix("Eich tystysgrif / Your certificate: "))
        #expect(seen.text?.hasPrefix("Annwyl Siân Llywelyn / Dear Siân Llywelyn,") == true)
        #expect(seen.text?.contains(try #require(certificate.content.localized?["cy"]?.eventDate)) == true)
    }

    @Test func theSameCertificateGivesTheSameBytes() throws {
        let certificate = Samples.certificate("王秀英", ids: SeededRandomSource(seed: 12))
        let make = {
            try Self.mail().message(
                for: certificate, to: MailAddress(name: "王秀英", address: certificate.identity.email), pdf: Self.pdf(certificate),
                replaces: nil, date: FixedClock().now
            ).mime()
        }
        #expect(try make() == make())
    }

    @Test func anHTMLTemplateThatWritesAValueUnescapedIsRefused() {
        #expect(throws: MailError.unescapedValue("html")) {
            try MailTemplate(language: "en", subject: "{{eventTitle}}", text: "{{name}}", html: "<p>{{{name}}}</p>")
        }
        #expect(throws: MailError.unescapedValue("html")) {
            try MailTemplate(language: "en", subject: "{{eventTitle}}", text: "{{name}}", html: "<p>{{& name}}</p>")
        }
    }

    @Test func anEventsFolderOverridesTheShippedTemplateFileByFile() throws {
        let folder = try ExternalTool.temporaryDirectory("cpdcert-mail-override")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("en"), withIntermediateDirectories: true)
        try Data("Certificate for {{name}}".utf8).write(to: folder.appendingPathComponent("en/subject.mustache"))
        let template = try MailTemplate.load(language: "en", from: [folder, Self.shipped])
        let values = CertificateMail.values(of: Samples.certificate("Мария Иванова"), replaces: nil)
        #expect(template.subject(values) == "Certificate for Мария Иванова")
        #expect(template.text(values).hasPrefix("Dear Мария Иванова,"))
    }

    @Test func aBadAddressIsRefusedWithTheText() throws {
        #expect(throws: MailError.badAddress("Policy Foresight <cpd>")) { try MailAddress(parsing: "Policy Foresight <cpd>") }
        let parsed = try MailAddress(parsing: "Policy Foresight <cpd@policyforesight.example.org>")
        #expect(parsed == MailAddress(name: "Policy Foresight", address: "cpd@policyforesight.example.org"))
    }
}
