import CPDCore
import Foundation
import Testing

/// `--version`'s commit comes from the file `make install` writes into share/cpdcert.
@Suite struct BuildInfoTests {
    func installedTree(commitFile: String?) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cpdcert-build-info-\(UUID().uuidString)")
        let share = root.appendingPathComponent("share/cpdcert")
        try FileManager.default.createDirectory(at: share, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("bin"), withIntermediateDirectories: true)
        if let commitFile { try commitFile.write(to: share.appendingPathComponent("commit"), atomically: true, encoding: .utf8) }
        return root
    }

    @Test(arguments: [
        ("3f9c2a1b7d0e\n", "3f9c2a1b7d0e"),
        ("v0.9.0-12-g3f9c2a1\nsecond line\n", "v0.9.0-12-g3f9c2a1"),
        ("<script>alert(1)</script>\n", "unknown"),
        ("\n", "unknown"),
    ])
    func readsTheCommitRecordedInShareCpdcert(file: String, expected: String) throws {
        let root = try installedTree(commitFile: file)
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(BuildInfo.commit(recordedFor: root.appendingPathComponent("bin/cpdcert")) == expected)
    }

    @Test func isUnknownWithoutARecordedCommit() throws {
        let root = try installedTree(commitFile: nil)
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(BuildInfo.commit(recordedFor: root.appendingPathComponent("bin/cpdcert")) == "unknown")
    }

    @Test func theVersionIsThreeNumbersAsDebianVersionsAre() {
        #expect(BuildInfo.version.split(separator: ".").count == 3)
        #expect(BuildInfo.version.split(separator: ".").allSatisfy { UInt($0) != nil })
    }
}
