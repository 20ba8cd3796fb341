import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// The out-of-the-box path as `make demo` takes it ends with a signed, auditable registry; without
/// a key, `issue` says what an unsigned log means and how to sign it.
@Suite(.serialized) struct FirstRunEndToEndTests {
    let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")

    func issue(_ folder: URL, keys: URL) throws -> ExternalTool.Result {
        try EndToEndTests.cpdcert([
            "issue", "--event", example.appendingPathComponent("event.yaml").path, "--attendance",
            example.appendingPathComponent("attendance.csv").path, "--out", folder.appendingPathComponent("out").path,
            "--registry", folder.appendingPathComponent("cpdcert.sqlite").path, "--keys", keys.path,
        ])
    }

    @Test func theDemosStepsLeaveARegistryThatAuditsClean() throws {
        let folder = try ExternalTool.temporaryDirectory("first-run")
        defer { try? FileManager.default.removeItem(at: folder) }
        let keys = folder.appendingPathComponent("cpdcert-keys")
        // The Makefile's demo target, step by step.
        let makefile = try String(contentsOf: Samples.packageRoot.appendingPathComponent("Makefile"), encoding: .utf8)
        #expect(makefile.contains("cpdcert keys init --name $(DEMO_ORIGIN) --keys $(DEMO_KEYS)"))
        let created = try EndToEndTests.cpdcert(["keys", "init", "--name", "verify.example.org/cpdcert-demo", "--keys", keys.path])
        #expect(created.status == 0, "\(created.stderr)")
        let issued = try issue(folder, keys: keys)
        #expect(issued.status == 65, "\(issued.stderr)")
        #expect(!issued.stderr.contains("no log signing key"))
        let audit = try EndToEndTests.cpdcert([
            "audit", "verify", "--registry", folder.appendingPathComponent("cpdcert.sqlite").path, "--keys", keys.path, "--pdfs",
            folder.appendingPathComponent("out").path,
        ])
        #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")
        #expect(audit.stdout.contains("no problem found"), "\(audit.stdout)")
    }

    @Test func withoutAKeyIssueSaysWhatAnUnsignedLogMeansAndHowToSignIt() throws {
        let folder = try ExternalTool.temporaryDirectory("first-run-unsigned")
        defer { try? FileManager.default.removeItem(at: folder) }
        let issued = try issue(folder, keys: folder.appendingPathComponent("no-keys"))
        #expect(issued.status == 65, "\(issued.stderr)")
        #expect(issued.stderr.contains("nobody can yet prove later that the registry was not rewritten"), "\(issued.stderr)")
        #expect(issued.stderr.contains("'cpdcert keys init --name <origin>'"))
        #expect(issued.stderr.contains("'cpdcert log checkpoint' signs the log as it stands now"))
    }
}
