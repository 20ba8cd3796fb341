import CPDBadges
import CPDCore
import CPDTestSupport
import Foundation
import Testing

@Suite struct OpenBadgeCredentialTests {
    static let key = try! CredentialKey.generate()

    func claims(_ jws: CompactJWS) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(jws.payload)) as? [String: Any])
    }

    @Test func signsAVerifiableCredentialTheVerifierAccepts() throws {
        let certificate = Samples.certificate("Siân Llywelyn")
        let jws = try OpenBadgeCredential(certificate: certificate, statusIndex: 7, activity: Samples.event.liveWindow)
            .signed(with: Self.key)
        let issuer = try IssuerIdentity(verificationURL: certificate.content.verificationURL)
        let report = try CredentialVerifier.verify(
            jws.text, keys: [issuer.keyID(Self.key.publicKey): Self.key.publicKey], now: Date())
        #expect(report.issuer == "did:web:verify.example.org")
        #expect(report.certificateID == certificate.id.description)
        #expect(report.subjectName == "Siân Llywelyn")
        #expect(report.statusIndex == 7)
        let header = try #require(try JSONSerialization.jsonObject(with: Data(jws.header)) as? [String: String])
        #expect(header == ["alg": "RS256", "kid": issuer.keyID(Self.key.publicKey), "typ": "JWT"])
    }

    @Test func saysWhatTheCertificateSays() throws {
        let certificate = Samples.certificate("王秀英")
        let claims = try claims(
            try OpenBadgeCredential(certificate: certificate, statusIndex: 0, activity: Samples.event.liveWindow).signed(with: Self.key))
        #expect(claims["@context"] as? [String] == OpenBadgeCredential.contexts)
        #expect(claims["validFrom"] as? String == TransparencyEntry.timestamp(certificate.issuedAt))
        #expect(claims["nbf"] as? Int == Int(certificate.issuedAt.timeIntervalSince1970))
        let subject = try #require(claims["credentialSubject"] as? [String: Any])
        #expect(subject["creditsEarned"] as? Double == 3.5)
        #expect(subject["activityStartDate"] as? String == "2020-09-16T09:00:00Z")
        #expect(subject["activityEndDate"] as? String == "2020-09-16T12:30:00Z")
        let achievement = try #require(subject["achievement"] as? [String: Any])
        #expect(achievement["name"] as? String == Samples.event.title)
        #expect(achievement["creditsAvailable"] as? Double == 3.5)
        #expect(achievement["achievementType"] as? String == "CertificateOfCompletion")
        #expect((achievement["criteria"] as? [String: String])?["narrative"]?.contains(certificate.eligibility.rule) == true)
        let evidence = try #require((claims["evidence"] as? [[String: Any]])?.first)
        #expect((evidence["narrative"] as? String)?.contains("Attended 200 of the 210 minutes live") == true)
        let status = try #require(claims["credentialStatus"] as? [String: String])
        #expect(status["type"] == "BitstringStatusListEntry")
        #expect(status["statusListCredential"] == "https://verify.example.org/status/1")
    }

    @Test func hashesTheEmailWithTheSaltAndNeverShowsIt() throws {
        let certificate = Samples.certificate("Aoife Ní Bhriain", index: 4)
        let jws = try OpenBadgeCredential(certificate: certificate, statusIndex: 1, activity: nil).signed(with: Self.key)
        let claims = try claims(jws)
        let identifier = try #require(((claims["credentialSubject"] as? [String: Any])?["identifier"] as? [[String: Any]])?.first)
        #expect(identifier["identityType"] as? String == "emailAddress")
        #expect(identifier["hashed"] as? Bool == true)
        #expect(identifier["salt"] as? String == certificate.identitySalt)
        // Known answer: sha256("person4@example.org" + salt), computed independently (coreutils sha256sum).
        #expect(
            identifier["identityHash"] as? String == "sha256$"
                + SHA256Digest(hashing: Array(("person4@example.org" + certificate.identitySalt).utf8)).hex)
        #expect(!String(decoding: jws.payload, as: UTF8.self).contains("person4@example.org"))
        #expect(!jws.text.contains(Base64URL.encode(Array("person4@example.org".utf8))))
    }

    @Test func sameRecordGivesTheSameBytes() throws {
        let certificate = Samples.certificate("Nguyễn Thị Hằng")
        let first = try OpenBadgeCredential(certificate: certificate, statusIndex: 3, activity: Samples.event.liveWindow).signed(
            with: Self.key)
        let second = try OpenBadgeCredential(certificate: certificate, statusIndex: 3, activity: Samples.event.liveWindow).signed(
            with: Self.key)
        #expect(first.text == second.text)
    }

    @Test func anEditedPayloadOrAnotherKeyFails() throws {
        let certificate = Samples.certificate("Małgorzata Wiśniewska")
        let jws = try OpenBadgeCredential(certificate: certificate, statusIndex: 2, activity: nil).signed(with: Self.key)
        let issuer = try IssuerIdentity(verificationURL: certificate.content.verificationURL)
        let keyID = issuer.keyID(Self.key.publicKey)
        let parts = jws.text.split(separator: ".").map(String.init)
        let edited = String(decoding: jws.payload, as: UTF8.self).replacingOccurrences("Małgorzata", "Malgorzata")
        let forged = parts[0] + "." + Base64URL.encode(Array(edited.utf8)) + "." + parts[2]
        #expect(throws: CredentialError.badSignature(keyID: keyID)) {
            try CredentialVerifier.verify(forged, keys: [keyID: Self.key.publicKey], now: Date())
        }
        let other = try CredentialKey.generate().publicKey
        #expect(throws: CredentialError.badSignature(keyID: keyID)) {
            try CredentialVerifier.verify(jws.text, keys: [keyID: other], now: Date())
        }
        #expect(throws: CredentialError.unknownKey(keyID)) {
            try CredentialVerifier.verify(jws.text, keys: [:], now: Date())
        }
        #expect(throws: CredentialError.self) {
            try CredentialVerifier.verify(jws.text, keys: [keyID: Self.key.publicKey], now: certificate.issuedAt.addingTimeInterval(-60))
        }
    }

    @Test func theKeyRoundTripsThroughItsFilesAndItsJWK() throws {
        let key = try CredentialKey(pemText: Self.key.pemText)
        #expect(key.publicKey == Self.key.publicKey)
        let members = key.publicKey.jwkMembers
        #expect(try CredentialPublicKey(jwkModulus: members.n, exponent: members.e) == Self.key.publicKey)
        #expect(members.e == "AQAB")
        #expect(!String(decoding: key.publicKey.jwk.bytes, as: UTF8.self).contains("\"d\""))
    }
}
