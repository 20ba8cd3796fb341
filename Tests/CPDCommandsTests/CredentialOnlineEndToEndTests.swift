import CPDBadges
import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// `verify-credential` online against the built `cpdcert serve`: the did:web document and the
/// status list fetched with libcurl, following a revocation and a reinstatement; each way a
/// fetch fails has its own exit status; a key rotation keeps old credentials verifiable.
@Suite(.serialized) struct CredentialOnlineEndToEndTests {
    typealias Setup = ReinstateEndToEndTests.Setup

    func serve(_ setup: Setup) throws -> (BackgroundProcess, String) {
        let server = try BackgroundProcess(
            EndToEndTests.binary, ["serve", "--registry", setup.registry, "--host", "127.0.0.1", "--port", "0"],
            environment: ["CPDCERT_REGISTRY": "", "CPDCERT_KEYS": EndToEndTests.noKeys], directory: setup.folder)
        guard let base = server.servingBase() else {
            server.stop()
            throw FetchError.unreachable(url: "cpdcert serve", reason: "did not start: \(server.printed.stderr)")
        }
        return (server, base)
    }

    func files(_ setup: Setup, _ ids: [CertificateID]) -> [String] {
        ids.map { setup.out.appendingPathComponent("\($0).credential.jwt").path }
    }

    @Test func onlineVerificationFollowsRevokeAndReinstate() throws {
        let (setup, ids) = try ReinstateEndToEndTests().issued("credential-online")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let (server, base) = try serve(setup)
        defer { server.stop() }
        let files = files(setup, ids)
        let online = ["verify-credential", "--from", base, "--timeout", "5"]

        let valid = try EndToEndTests.cpdcert(online + [files[1]])
        #expect(valid.status == 0, "\(valid.stdout)\(valid.stderr)")
        #expect(valid.stdout.contains("Status: valid (bit 1 is clear in https://verify.example.org/status/1)"), "\(valid.stdout)")
        #expect(valid.stdout.contains("Signature: verified with did:web:verify.example.org#"), "\(valid.stdout)")

        // With the keys: the status list is signed again by the change (see docs/credentials.md).
        let revoke = try EndToEndTests.cpdcert([
            "revoke", ids[1].description, "--reason", "issued-in-error", "--registry", setup.registry, "--keys", setup.keys,
        ])
        #expect(revoke.status == 0 && !revoke.stderr.contains("status list was not signed again"), "\(revoke.stderr)")
        let revoked = try EndToEndTests.cpdcert(online + [files[1]])
        #expect(revoked.status == 2, "\(revoked.stdout)\(revoked.stderr)")
        #expect(revoked.stdout.contains("Status: revoked or superseded (bit 1 is set"), "\(revoked.stdout)")
        #expect(try EndToEndTests.cpdcert(online + [files[2]]).status == 0)

        let reinstate = try EndToEndTests.cpdcert([
            "reinstate", ids[1].description, "--reason", "the wrong one", "--operator", "quality-lead", "--registry", setup.registry,
            "--keys", setup.keys,
        ])
        #expect(reinstate.status == 0, "\(reinstate.stderr)")
        let again = try EndToEndTests.cpdcert(online + [files[1]])
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")

        // An edited credential fails online as offline.
        let tampered = setup.folder.appendingPathComponent("tampered.jwt")
        var parts = try String(contentsOfFile: files[0], encoding: .utf8).split(separator: ".").map(String.init)
        parts[2] = String(parts[2].reversed())
        try Data(parts.joined(separator: ".").utf8).write(to: tampered)
        #expect(try EndToEndTests.cpdcert(online + [tampered.path]).status == 65)

        // The same two documents from any static host that serves them.
        let mirror = setup.folder.appendingPathComponent("mirror")
        try FileManager.default.createDirectory(at: mirror.appendingPathComponent(".well-known"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: mirror.appendingPathComponent("status"), withIntermediateDirectories: true)
        try Data(try ServeFixtures.get("\(base)/.well-known/did.json").body.utf8).write(
            to: mirror.appendingPathComponent(".well-known/did.json"))
        try Data(try ServeFixtures.get("\(base)/status/1").body.utf8).write(to: mirror.appendingPathComponent("status/1"))
        let mirrorServer = try StaticHTTPServer(folder: mirror)
        defer { mirrorServer.stop() }
        let mirrored = try EndToEndTests.cpdcert(["verify-credential", "--from", mirrorServer.base, files[3]])
        #expect(mirrored.status == 0, "\(mirrored.stdout)\(mirrored.stderr)")
    }

    @Test func eachWayAFetchFailsHasItsOwnExitStatus() throws {
        let (setup, ids) = try ReinstateEndToEndTests().issued("credential-online-errors")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let file = files(setup, ids)[0]

        // Nothing listens on port 1: unreachable.
        let refused = try EndToEndTests.cpdcert(["verify-credential", "--from", "http://127.0.0.1:1", file])
        #expect(refused.status == 69, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("cannot reach http://127.0.0.1:1/.well-known/did.json"), "\(refused.stderr)")

        // A host that accepts the connection and never answers: the timeout ends the wait.
        let silent = try StaticHTTPServer(folder: nil)
        defer { silent.stop() }
        let started = Date()
        let slow = try EndToEndTests.cpdcert(["verify-credential", "--from", silent.base, "--timeout", "1", file])
        #expect(slow.status == 69, "\(slow.stdout)\(slow.stderr)")
        #expect(slow.stderr.contains("Timeout"), "\(slow.stderr)")
        #expect(Date().timeIntervalSince(started) < 30)

        // A host without the documents: HTTP 404.
        let empty = setup.folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty.appendingPathComponent(".well-known"), withIntermediateDirectories: true)
        let emptyServer = try StaticHTTPServer(folder: empty)
        defer { emptyServer.stop() }
        let emptyBase = emptyServer.base
        let missing = try EndToEndTests.cpdcert(["verify-credential", "--from", emptyBase, file])
        #expect(missing.status == 76, "\(missing.stdout)\(missing.stderr)")
        #expect(missing.stderr.contains("/.well-known/did.json answered HTTP 404"), "\(missing.stderr)")

        // Not JSON, then JSON that is another DID's document.
        let didFile = empty.appendingPathComponent(".well-known/did.json")
        try Data("<html>Not found</html>".utf8).write(to: didFile)
        let garbled = try EndToEndTests.cpdcert(["verify-credential", "--from", emptyBase, file])
        #expect(garbled.status == 65, "\(garbled.stdout)\(garbled.stderr)")
        #expect(garbled.stderr.contains("did not answer a DID document"), "\(garbled.stderr)")
        try Data(#"{"id":"did:web:other.example.org","verificationMethod":[],"assertionMethod":[]}"#.utf8).write(to: didFile)
        let other = try EndToEndTests.cpdcert(["verify-credential", "--from", emptyBase, file])
        #expect(other.status == 65, "\(other.stdout)\(other.stderr)")
        #expect(other.stderr.contains("not did:web:verify.example.org's"), "\(other.stderr)")

        // The DID document is there, the status list is not: 76 for the list.
        let (server, base) = try serve(setup)
        defer { server.stop() }
        try Data(try ServeFixtures.get("\(base)/.well-known/did.json").body.utf8).write(to: didFile)
        let noList = try EndToEndTests.cpdcert(["verify-credential", "--from", emptyBase, file])
        #expect(noList.status == 76, "\(noList.stdout)\(noList.stderr)")
        #expect(noList.stdout.contains("Signature: verified") && noList.stderr.contains("the status list:"), "\(noList.stderr)")

        // Plain http leaves this machine for no one.
        let cleartext = try EndToEndTests.cpdcert(["verify-credential", "--from", "http://verify.example.org", file])
        #expect(cleartext.status == 64, "\(cleartext.stdout)\(cleartext.stderr)")
        #expect(cleartext.stderr.contains("plain http is fetched from this machine only"), "\(cleartext.stderr)")
    }

    @Test func aRotatedKeyIsPublishedBesideTheOldOneAndBothVerify() throws {
        let (setup, ids) = try ReinstateEndToEndTests().issued("credential-rotation")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let keyFile = setup.keys + "/credential.key"
        let old = try CredentialKey(pemText: String(contentsOfFile: keyFile, encoding: .utf8))

        let rotate = try EndToEndTests.cpdcert(["keys", "rotate-credential", "--registry", setup.registry, "--keys", setup.keys])
        #expect(rotate.status == 0, "\(rotate.stdout)\(rotate.stderr)")
        let new = try CredentialKey(pemText: String(contentsOfFile: keyFile, encoding: .utf8))
        #expect(new.publicKey != old.publicKey)
        let retired = try #require(
            try FileManager.default.contentsOfDirectory(atPath: setup.keys).first { $0.hasPrefix("credential.key.retired-") })
        #expect(try String(contentsOfFile: setup.keys + "/" + retired, encoding: .utf8) == old.pemText)
        #expect((try FileManager.default.attributesOfItem(atPath: setup.keys + "/" + retired)[.posixPermissions] as? Int) == 0o600)
        #expect((try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int) == 0o600)

        // Served at once, before anything is signed with the new key: both keys, the new one first.
        let issuer = try IssuerIdentity(verificationURL: Samples.event.verificationURL(for: ids[0]))
        let (server, base) = try serve(setup)
        defer { server.stop() }
        let did = try #require(
            try JSONSerialization.jsonObject(with: Data(try ServeFixtures.get("\(base)/.well-known/did.json").body.utf8)) as? [String: Any])
        #expect(did["assertionMethod"] as? [String] == [issuer.keyID(new.publicKey), issuer.keyID(old.publicKey)])
        #expect((did["verificationMethod"] as? [[String: Any]])?.count == 2)
        // The status list is signed with the new key now.
        #expect(try CompactJWS(parsing: try ServeFixtures.get("\(base)/status/1").body).keyID() == issuer.keyID(new.publicKey))

        // One more attendee: issued after the rotation, signed with the new key.
        let attendance = setup.folder.appendingPathComponent("attendance.csv")
        try Data(
            (try String(contentsOf: attendance, encoding: .utf8) + "Adéwálé Ògúnlẹ̀yẹ,adewale@example.org,Youth Worker,200\n").utf8
        ).write(to: attendance)
        let issue = try EndToEndTests.cpdcert([
            "issue", "--quiet", "--jobs", "1", "--event",
            Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020/event.yaml").path, "--attendance", attendance.path,
            "--out", setup.out.path, "--registry", setup.registry, "--keys", setup.keys,
        ])
        #expect(issue.status == 0, "\(issue.stderr)")
        let manifest = try String(contentsOf: setup.out.appendingPathComponent("manifest.csv"), encoding: .utf8)
        let newID = try #require(
            manifest.split(separator: "\r\n").first { $0.contains("Adéwálé") }.flatMap {
                try? CertificateID(parsing: String($0.split(separator: ",")[2]))
            })
        func kid(_ id: CertificateID) throws -> String {
            try CompactJWS(parsing: String(contentsOf: setup.out.appendingPathComponent("\(id).credential.jwt"), encoding: .utf8)).keyID()
        }
        #expect(try kid(newID) == issuer.keyID(new.publicKey))
        #expect(try kid(ids[0]) == issuer.keyID(old.publicKey))

        // joserfc and openbadgeslib resolve the served did.json: the old credentials and the new one verify.
        let files = files(setup, ids + [newID])
        try #require(FileManager.default.isExecutableFile(atPath: IndependentPython.path), "no test venv: run `make test-venv`")
        let wallet = try ExternalTool.run(IndependentPython.path, [IndependentPython.script, "--server", base] + files)
        #expect(wallet.status == 0, "\(wallet.stdout)\(wallet.stderr)")
        #expect(wallet.stdout.split(separator: "\n").filter { $0.hasPrefix("ok ") }.count == files.count, "\(wallet.stdout)")
        for file in [files[0], files[files.count - 1]] {
            let checked = try EndToEndTests.cpdcert(["verify-credential", "--from", base, file])
            #expect(checked.status == 0, "\(file): \(checked.stdout)\(checked.stderr)")
        }
        // Every credential of the example event, old key and new, conforms to 1EdTech's schema.
        for verdict in try CredentialSchemaCheck.validate(files) {
            #expect(verdict.errors == nil, "\(verdict.file): \(verdict.errors ?? [])")
        }
    }
}
