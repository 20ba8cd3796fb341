public import Foundation

/// The version and commit of this build, for `cpdcert_build_info` and `--version`.
///
/// ```swift
/// print("cpdcert \(BuildInfo.version) (\(BuildInfo.commit))")
/// ```
public enum BuildInfo {
    /// The release this source tree makes; `make package` reads the Debian version from this line.
    public static let version = "0.9.0"

    /// The commit this binary was built from, as `make install` and `make package` recorded it,
    /// else "unknown".
    public static let commit = commit(recordedFor: URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath())

    /// The first line of `../share/cpdcert/commit` beside `executable` (where `make install` and
    /// `make package` write it), or of a `commit` file beside it; "unknown" when neither exists or
    /// the line is not a commit-like word.
    public static func commit(recordedFor executable: URL) -> String {
        let folder = executable.deletingLastPathComponent()
        let files = [folder.appendingPathComponent("../share/cpdcert/commit"), folder.appendingPathComponent("commit")]
        guard let data = files.lazy.compactMap({ FileManager.default.contents(atPath: $0.standardized.path) }).first else {
            return "unknown"
        }
        let line = String(decoding: data.prefix(64), as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return !line.isEmpty && line.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._+".contains($0)) } ? line : "unknown"
    }
}
