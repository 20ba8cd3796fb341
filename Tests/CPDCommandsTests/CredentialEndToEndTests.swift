import CPDBadges
import CPDCore
import CPDRegistry
import CPDTestSupport
import Foundation
import Testing

/// Open Badges credentials with the built binary: `keys init` makes the credential key, `issue`
/// writes a signed credential beside every PDF and keeps it in the registry and the log,
/// `revoke`/`reinstate` set and clear its status bit, and `audit verify` finds an edited one.
@Suite(.serialized) struct CredentialEndToEndTests {
    typealias Setup = ReinstateEndToEndTests.Setup

    func key(_ setup: Setup) throws -> CredentialKey {
        try CredentialKey(pemText: String(contentsOfFile: setup.keys + "/credential.key", encoding: .utf8))
    }

    @Test func everyCertificateGetsAVerifiableCredentialKeptLikeItsPDF() async throws {
        let (setup, ids) = try ReinstateEndToEndTests().issued("credentials")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        try #require(ids.count == CrashSafetyTests.eligible)
        let key = try key(setup)
        let attributes = try FileManager.default.attributesOfItem(atPath: setup.keys + "/credential.key")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let registry = try SQLiteCertificateRegistry(path: setup.registry, readOnly: true)
        var indexes: Set<Int> = []
        for id in ids {
            let file = setup.out.appendingPathComponent("\(id).credential.jwt")
            let text = try String(contentsOf: file, encoding: .utf8)
            let stored = try #require(try await registry.credential(certificateID: id))
            #expect(stored.jws == text)
            indexes.insert(stored.statusIndex)
            let issuer = try IssuerIdentity(verificationURL: Samples.event.verificationURL(for: id))
            let report = try CredentialVerifier.verify(text, keys: [issuer.keyID(key.publicKey): key.publicKey], now: Date())
            #expect(report.certificateID == id.description)
            // No plain email anywhere, in the JWS or its decoded payload.
            let payload = String(decoding: try CompactJWS(parsing: text).payload, as: UTF8.self)
            #expect(!payload.contains("@example.org") && !text.contains("@example.org"))
            // Re-created from the frozen record, byte for byte.
            let certificate = try #require(try await registry.certificate(id: id))
            let again = try OpenBadgeCredential(
                certificate: certificate, statusIndex: stored.statusIndex, activity: Samples.event.liveWindow
            )
            .signed(with: key)
            #expect(again.text == text)
            // Logged: the issue and the credential.
            #expect(try await registry.logIndexes(certificateID: id).count == 2)
        }
        #expect(indexes == Set(0..<ids.count))
        let audit = try EndToEndTests.cpdcert([
            "audit", "verify", "--registry", setup.registry, "--keys", setup.keys, "--pdfs", setup.out.path,
        ])
        #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")

        // The bundle carries the credential, checked against its logged hash.
        let bundle = setup.folder.appendingPathComponent("bundle.json")
        let made = try EndToEndTests.cpdcert([
            "bundle", ids[0].description, "--out", bundle.path, "--registry", setup.registry, "--keys", setup.keys,
        ])
        #expect(made.status == 0, "\(made.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: bundle)) as? [String: Any])
        #expect(
            object["credential"] as? String
                == (try String(contentsOf: setup.out.appendingPathComponent("\(ids[0]).credential.jwt"), encoding: .utf8)))
        let checked = try EndToEndTests.cpdcert(["verify-bundle", bundle.path, "--key", setup.keys + "/log.pub"])
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
        var forgedBundle = object
        forgedBundle["credential"] = (object["credential"] as? String ?? "") + "x"
        try JSONSerialization.data(withJSONObject: forgedBundle).write(to: bundle)
        let forged = try EndToEndTests.cpdcert(["verify-bundle", bundle.path, "--key", setup.keys + "/log.pub"])
        #expect(forged.status == 65 && forged.stderr.contains("credential is not the one logged"), "\(forged.stderr)")

        // A re-run converges: nothing new, and a deleted credential file is written again, the same.
        let first = setup.out.appendingPathComponent("\(ids[0]).credential.jwt")
        let before = try Data(contentsOf: first)
        try FileManager.default.removeItem(at: first)
        let attendance = setup.folder.appendingPathComponent("attendance.csv")
        let rerun = try EndToEndTests.cpdcert([
            "issue", "--quiet", "--jobs", "1", "--event",
            Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020/event.yaml").path, "--attendance", attendance.path,
            "--out", setup.out.path, "--registry", setup.registry, "--keys", setup.keys,
        ])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try Data(contentsOf: first) == before)
        #expect(try await registry.nextStatusIndex() == ids.count)

        // An edited credential file is found.
        let edited = setup.out.appendingPathComponent("\(ids[1]).credential.jwt")
        try Data((try String(contentsOf: edited, encoding: .utf8) + "x").utf8).write(to: edited)
        let tampered = try EndToEndTests.cpdcert([
            "audit", "verify", "--registry", setup.registry, "--keys", setup.keys, "--pdfs", setup.out.path,
        ])
        #expect(tampered.status != 0)
        #expect(tampered.stdout.contains("\(ids[1]).credential.jwt is not the credential as issued"), "\(tampered.stdout)")
    }

    @Test func revokeSetsTheStatusBitAndReinstateClearsIt() async throws {
        let (setup, ids) = try ReinstateEndToEndTests().issued("credential-status")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let registry = try SQLiteCertificateRegistry(path: setup.registry, readOnly: true)
        let index = try #require(try await registry.credential(certificateID: ids[2])).statusIndex
        #expect(try await registry.credentialStatusBits().set == [])
        let revoke = try EndToEndTests.cpdcert(["revoke", ids[2].description, "--reason", "issued-in-error", "--registry", setup.registry])
        #expect(revoke.status == 0, "\(revoke.stderr)")
        // Without the key the registry changes but the signed list cannot: the operator is told.
        #expect(revoke.stderr.contains("warning: the Open Badges status list was not signed again"), "\(revoke.stderr)")
        #expect(try await registry.credentialStatusBits().set == [index])
        let reinstate = try EndToEndTests.cpdcert([
            "reinstate", ids[2].description, "--reason", "the wrong one", "--operator", "quality-lead", "--registry", setup.registry,
        ])
        #expect(reinstate.status == 0, "\(reinstate.stderr)")
        #expect(try await registry.credentialStatusBits().set == [])
    }
}
