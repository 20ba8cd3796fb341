public import Foundation

/// Golden files: text a test produces, compared with a committed copy.
///
/// A missing file fails. `CPDCERT_RECORD_GOLDEN=1` writes the file and still fails (naming it),
/// so a recorded golden is looked at and committed, never passed silently:
/// ```sh
/// CPDCERT_RECORD_GOLDEN=1 swift test --skip-build --filter GoldenLayoutTests   # fails, writes files
/// git diff Tests/CPDRenderTests/Golden                                        # look, then commit
/// ```
public enum Golden {
    /// What comparing gave: nil when the text matches, else why the test must fail.
    public static func compare(_ actual: String, with name: String, in folder: URL) -> String? {
        let file = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["CPDCERT_RECORD_GOLDEN"] == "1" {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: file)
                return "recorded \(file.path); check it, commit it and run again without CPDCERT_RECORD_GOLDEN"
            } catch {
                return "cannot record \(file.path): \(error)"
            }
        }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            return "golden file \(file.path) is missing; record it with CPDCERT_RECORD_GOLDEN=1 and commit it"
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard expected != actual else { return nil }
        return "\(name) differs from the golden file (re-record with CPDCERT_RECORD_GOLDEN=1 only if the change is intended):\n"
            + difference(expected: expected, actual: actual)
    }

    /// The lines that differ, numbered, at most 20.
    static func difference(expected: String, actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var lines: [String] = []
        for index in 0..<max(old.count, new.count) {
            let before = index < old.count ? String(old[index]) : "(none)"
            let after = index < new.count ? String(new[index]) : "(none)"
            if before != after { lines.append("  line \(index + 1):\n  - \(before)\n  + \(after)") }
        }
        return lines.prefix(20).joined(separator: "\n")
    }
}
