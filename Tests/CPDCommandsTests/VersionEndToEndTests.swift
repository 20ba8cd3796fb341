import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// `cpdcert --version` says the version and the commit recorded beside an installed binary.
@Suite struct VersionEndToEndTests {
    @Test func printsTheVersionAndTheCommitOfTheBuild() throws {
        let printed = try EndToEndTests.cpdcert(["--version"])
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(printed.stdout == "cpdcert \(BuildInfo.version) (commit \(BuildInfo.commit))\n")
    }

    @Test func anInstalledBinaryReadsTheCommitFromShareCpdcert() throws {
        let root = try ExternalTool.temporaryDirectory("version")
        defer { try? FileManager.default.removeItem(at: root) }
        let share = root.appendingPathComponent("share/cpdcert")
        try FileManager.default.createDirectory(at: share, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try "5e1d0c4b3a29\n".write(to: share.appendingPathComponent("commit"), atomically: true, encoding: .utf8)
        // A hard link: /proc/self/exe names the link, as it names /usr/bin/cpdcert when installed.
        let installed = root.appendingPathComponent("bin/cpdcert")
        do {
            try FileManager.default.linkItem(atPath: EndToEndTests.binary, toPath: installed.path)
        } catch {
            try FileManager.default.copyItem(atPath: EndToEndTests.binary, toPath: installed.path)
        }
        let printed = try ExternalTool.run(installed.path, ["--version"], directory: root)
        #expect(printed.stdout == "cpdcert \(BuildInfo.version) (commit 5e1d0c4b3a29)\n", "\(printed.stderr)")
    }
}
