import Foundation

/// The version and commit of this build, for `cpdcert_build_info` and `--version`.
///
/// ```swift
/// print("cpdcert \(BuildInfo.version) (\(BuildInfo.commit))")
/// ```
public enum BuildInfo {
    /// The release this source tree makes.
    public static let version = "0.9.0"

    /// The commit it was built from: the first line of a file named `commit` beside the
    /// executable (a package build writes it), else "unknown".
    public static let commit: String = {
        let folder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("commit").path) else { return "unknown" }
        let line = String(decoding: data.prefix(64), as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return !line.isEmpty && line.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._+".contains($0)) } ? line : "unknown"
    }()
}
