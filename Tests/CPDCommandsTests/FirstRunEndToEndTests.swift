import CPDCore
import CPDTestSupport
import Foundation
import Testing

@testable import CPDCommands

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

/// `cpdcert` run from any folder finds the templates and assets that belong to it.
@Suite struct ResourceLocationTests {
    @Test func issueFromAnotherFolderFindsTheTemplatesOfTheBinary() throws {
        let folder = try ExternalTool.temporaryDirectory("elsewhere")
        defer { try? FileManager.default.removeItem(at: folder) }
        let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")
        let link = folder.appendingPathComponent("cpdcert")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: EndToEndTests.binary)
        let issued = try ExternalTool.run(
            link.path,
            [
                "issue", "--quiet", "--jobs", "1", "--event", example.appendingPathComponent("event.yaml").path, "--attendance",
                example.appendingPathComponent("attendance.csv").path, "--out", "out", "--registry", "r.sqlite",
            ], environment: ["CPDCERT_REGISTRY": "", "CPDCERT_KEYS": EndToEndTests.noKeys, "CPDCERT_TEMPLATES": "", "CPDCERT_ASSETS": ""],
            directory: folder)
        #expect(issued.status == 65, "the example's four bad rows, and no missing template: \(issued.stderr)")
        #expect(!issued.stderr.contains("no template named"), "\(issued.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/manifest.csv").path))
    }

    @Test func anInstalledBinaryFindsShareCpdcertBesideIt() throws {
        let root = try ExternalTool.temporaryDirectory("installed")
        defer { try? FileManager.default.removeItem(at: root) }
        let templates = root.appendingPathComponent("share/cpdcert/Templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let executable = root.appendingPathComponent("bin/cpdcert")
        #expect(ResourceLocator.executableRelative("Templates", executable: executable)?.path == templates.path)
        #expect(ResourceLocator.executableRelative("Assets", executable: executable) == nil)
        let built = Samples.packageRoot.appendingPathComponent(".build/x86_64-unknown-linux-gnu/debug/cpdcert")
        #expect(
            ResourceLocator.executableRelative("Templates", executable: built)?.path
                == Samples.packageRoot.appendingPathComponent("Templates").path)
    }
}
