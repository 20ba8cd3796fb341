import CPDBadges
import CPDCore
import CPDTestSupport
import Foundation
import Testing

@Suite struct BitstringStatusListTests {
    @Test func holdsAHundredThousandInOneBlockAndGrowsByBlocks() throws {
        let list = BitstringStatusList(size: 100_000, set: [0, 99_999])
        #expect(list.count == 131_072)
        #expect(list.isSet(0) && list.isSet(99_999) && !list.isSet(1) && !list.isSet(99_998))
        #expect(BitstringStatusList(size: 131_073, set: []).count == 2 * 131_072)
        #expect(BitstringStatusList(size: 1_000_000, set: [999_999]).isSet(999_999))
    }

    @Test func encodesAsMultibaseBase64URLGzipAndDecodesBack() throws {
        let list = BitstringStatusList(size: 100_000, set: [5, 77_777])
        let encoded = list.encodedList
        #expect(encoded.hasPrefix("uH4sI"))  // "u" multibase, then gzip's magic 1f 8b 08
        let decoded = try #require(BitstringStatusList(encodedList: encoded))
        #expect(decoded == list)
        // Bit 5 is the first byte's sixth bit from the left.
        #expect(decoded.bytes[0] == 0b0000_0100)
    }

    @Test func theRevokedBitIsReadFromTheSignedList() throws {
        let key = try CredentialKey.generate()
        let certificate = Samples.certificate("فاطمة الزهراء")
        let issuer = try IssuerIdentity(verificationURL: certificate.content.verificationURL)
        let keys = [issuer.keyID(key.publicKey): key.publicKey]
        let jws = try OpenBadgeCredential(certificate: certificate, statusIndex: 42, activity: nil).signed(with: key)
        let report = try CredentialVerifier.verify(jws.text, keys: keys, now: Date())
        func list(_ set: [Int]) throws -> String {
            let claims = BitstringStatusList(size: 100, set: set).credential(issuer: issuer, now: Date())
            return try CompactJWS.sign(payload: claims.bytes, key: key, keyID: issuer.keyID(key.publicKey)).text
        }
        #expect(try CredentialVerifier.isRevoked(report, statusListJWS: try list([42]), keys: keys))
        #expect(try !CredentialVerifier.isRevoked(report, statusListJWS: try list([41, 43]), keys: keys))
    }

    @Test func theDIDDocumentKeepsEveryKey() throws {
        let old = try CredentialKey.generate().publicKey, new = try CredentialKey.generate().publicKey
        let issuer = try IssuerIdentity(verificationURL: "https://verify.example.org:8443/c/X")
        #expect(issuer.did == "did:web:verify.example.org%3A8443")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(DIDDocument.json(issuer: issuer, keys: [new, old]).bytes)) as? [String: Any])
        #expect(DIDDocument.keys(in: document) == [issuer.keyID(new): new, issuer.keyID(old): old])
        #expect(document["assertionMethod"] as? [String] == [issuer.keyID(new), issuer.keyID(old)])
    }
}
