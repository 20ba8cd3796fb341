import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// `cpdcert serve` publishes what a wallet needs: the did:web document, each credential and the
/// status list; openbadgeslib (Python, another implementation) verifies every credential of the
/// example against them, and sees a revocation and a reinstatement; `verify-credential` agrees offline.
@Suite(.serialized) struct CredentialServeEndToEndTests {
    @Test func aWalletVerifiesEveryCredentialAgainstTheServedKeyAndStatusList() throws {
        let (setup, ids) = try ReinstateEndToEndTests().issued("credential-serve")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let server = try BackgroundProcess(
            EndToEndTests.binary, ["serve", "--registry", setup.registry, "--host", "127.0.0.1", "--port", "0"],
            environment: ["CPDCERT_REGISTRY": "", "CPDCERT_KEYS": EndToEndTests.noKeys], directory: setup.folder)
        defer { server.stop() }
        let base = try #require(server.servingBase(), "the server did not start: \(server.printed.stderr)")

        let did = try ServeFixtures.get("\(base)/.well-known/did.json")
        #expect(did.status == 200 && did.headers["content-type"] == "application/did+json")
        #expect(did.body.contains("\"id\":\"did:web:verify.example.org\"") && did.body.contains("assertionMethod"))
        #expect(!did.body.contains("\"d\":"))
        let credential = try ServeFixtures.get("\(base)/api/v1/certificates/\(ids[0])/credential")
        #expect(credential.status == 200 && credential.headers["content-type"] == "application/vc+jwt")
        #expect(credential.body == (try String(contentsOf: setup.out.appendingPathComponent("\(ids[0]).credential.jwt"), encoding: .utf8)))
        let page = try ServeFixtures.get("\(base)/c/\(ids[0])")
        #expect(page.body.contains("Download wallet credential") && page.body.contains("/api/v1/certificates/\(ids[0])/credential"))

        let files = ids.map { setup.out.appendingPathComponent("\($0).credential.jwt").path }
        func wallet() throws -> [String] {
            let result = try ExternalTool.run(IndependentPython.path, [IndependentPython.script, "--server", base] + files)
            #expect(result.stderr.isEmpty, "\(result.stderr)")
            return result.stdout.split(separator: "\n").map { String($0.split(separator: " ")[0]) }
        }
        try #require(FileManager.default.isExecutableFile(atPath: IndependentPython.path), "no test venv: run `make test-venv`")
        #expect(try wallet() == Array(repeating: "ok", count: ids.count))

        let revoke = try EndToEndTests.cpdcert([
            "revoke", ids[1].description, "--reason", "issued-in-error", "--registry", setup.registry, "--keys", setup.keys,
        ])
        #expect(revoke.status == 0, "\(revoke.stderr)")
        #expect(try wallet() == ["ok", "fail"] + Array(repeating: "ok", count: ids.count - 2))

        // Offline: the saved DID document and status list.
        let didFile = setup.folder.appendingPathComponent("did.json"), statusFile = setup.folder.appendingPathComponent("status.jwt")
        try Data(did.body.utf8).write(to: didFile)
        try Data(try ServeFixtures.get("\(base)/status/1").body.utf8).write(to: statusFile)
        let offline = ["verify-credential", "--did", didFile.path, "--status", statusFile.path]
        let valid = try EndToEndTests.cpdcert(offline + [files[0]])
        #expect(valid.status == 0 && valid.stdout.contains("Status: valid"), "\(valid.stdout)\(valid.stderr)")
        #expect(try EndToEndTests.cpdcert(offline + [files[1]]).status == 2)
        let tampered = setup.folder.appendingPathComponent("tampered.jwt")
        var parts = try String(contentsOfFile: files[0], encoding: .utf8).split(separator: ".").map(String.init)
        parts[2] = String(parts[2].reversed())
        try Data(parts.joined(separator: ".").utf8).write(to: tampered)
        #expect(try EndToEndTests.cpdcert(offline + [tampered.path]).status == 65)

        let reinstate = try EndToEndTests.cpdcert([
            "reinstate", ids[1].description, "--reason", "the wrong one", "--operator", "quality-lead", "--registry", setup.registry,
            "--keys", setup.keys,
        ])
        #expect(reinstate.status == 0, "\(reinstate.stderr)")
        #expect(try wallet() == Array(repeating: "ok", count: ids.count))
    }
}

/// The test venv's Python and the independent verifier script (see Tests/requirements.txt).
enum IndependentPython {
    static let path = TestVenv.python
    static let script = Samples.packageRoot.appendingPathComponent("Tests/CPDBadgesTests/Fixtures/verify_credential.py").path
}
