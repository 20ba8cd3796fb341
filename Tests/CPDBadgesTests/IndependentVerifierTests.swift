import CPDBadges
import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// The credentials checked by verifiers in another language: joserfc for the JWS, openbadgeslib
/// for Open Badges 3.0 with did:web and the status list (Tests/requirements.txt; `make test`
/// makes the venv and exports CPDCERT_TEST_PYTHON).
@Suite struct IndependentVerifierTests {
    static let python = TestVenv.python
    static let script = Samples.packageRoot.appendingPathComponent("Tests/CPDBadgesTests/Fixtures/verify_credential.py").path

    /// Runs the verifier on `credentials` against the DID document of `keys` and a status list with `revoked` set.
    func verify(_ credentials: [String], keys: [CredentialPublicKey], signer: CredentialKey, revoked: [Int]) throws -> [String] {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.python),
            "no test venv at \(Self.python): run `make test-venv` (or `make test`), which installs Tests/requirements.txt")
        let folder = try ExternalTool.temporaryDirectory("badges-verify")
        defer { try? FileManager.default.removeItem(at: folder) }
        let issuer = try IssuerIdentity(verificationURL: Samples.event.verificationURL(for: SeededRandomSource().certificateID()))
        let didFile = folder.appendingPathComponent("did.json"), statusFile = folder.appendingPathComponent("status.jwt")
        try Data(DIDDocument.json(issuer: issuer, keys: keys).bytes).write(to: didFile)
        let list = BitstringStatusList(size: 100_000, set: revoked).credential(issuer: issuer, now: Date().addingTimeInterval(-5))
        try Data(try CompactJWS.sign(payload: list.bytes, key: signer, keyID: issuer.keyID(signer.publicKey)).text.utf8).write(
            to: statusFile)
        var files: [String] = []
        for (index, text) in credentials.enumerated() {
            let file = folder.appendingPathComponent("\(index).credential.jwt")
            try Data(text.utf8).write(to: file)
            files.append(file.path)
        }
        let result = try ExternalTool.run(Self.python, [Self.script, didFile.path, statusFile.path] + files)
        #expect(result.stderr.isEmpty || result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map { String($0.split(separator: " ").first ?? "") }
    }

    @Test func everyCredentialOfTheEventVerifiesAndTamperingFails() throws {
        let key = try CredentialKey.generate(), old = try CredentialKey.generate()
        let ids = SeededRandomSource()
        let credentials = try Samples.names.enumerated().map { index, name in
            try OpenBadgeCredential(
                certificate: Samples.certificate(name, index: index, ids: ids), statusIndex: index, activity: Samples.event.liveWindow
            ).signed(with: index == 0 ? old : key).text
        }
        // Signed before a rotation (the first, by `old`) still verifies: the document keeps the old key.
        #expect(
            try verify(credentials, keys: [key.publicKey, old.publicKey], signer: key, revoked: [])
                == Array(repeating: "ok", count: Samples.names.count))

        let parts = credentials[1].split(separator: ".").map(String.init)
        let payload = String(decoding: Base64URL.decode(parts[1])!, as: UTF8.self).replacingOccurrences("\"3.5\"", "\"35\"")
            .replacingOccurrences("creditsEarned\":3.5", "creditsEarned\":35")
        let edited = parts[0] + "." + Base64URL.encode(Array(payload.utf8)) + "." + parts[2]
        #expect(edited != credentials[1])
        #expect(try verify([edited], keys: [key.publicKey], signer: key, revoked: []) == ["fail"])
        // The document publishes another key under the kid's name: the signature fails.
        #expect(try verify([credentials[1]], keys: [old.publicKey], signer: old, revoked: []) == ["fail"])
        // Revoked: bit 2 set in the served list.
        #expect(try verify([credentials[2], credentials[3]], keys: [key.publicKey], signer: key, revoked: [2]) == ["fail", "ok"])
    }
}
