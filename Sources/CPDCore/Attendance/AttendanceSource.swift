/// One attendance file of an event's evidence: its name as given and the SHA-256 of its bytes.
///
/// ```swift
/// let sources = [AttendanceSource(file: "zoom.csv", sha256: zoomHex), AttendanceSource(file: "phone.csv", sha256: phoneHex)]
/// AttendanceSource.evidenceSHA256(of: sources)   // what each certificate's evidence hash names
/// ```
public struct AttendanceSource: Hashable, Sendable {
    /// The file name as the user gave it.
    public var file: String
    /// Hex SHA-256 of the file's bytes.
    public var sha256: String

    /// Creates a source.
    public init(file: String, sha256: String) {
        self.file = file
        self.sha256 = sha256
    }

    /// The evidence hash of a batch read from `sources`: the file's own SHA-256 when there is
    /// one file (as before several were read), else the SHA-256 of the line
    /// `cpdcert-attendance-sources-v1` followed by each file's hex SHA-256 on a line of its own,
    /// sorted, so that the order the files were named in does not change it.
    public static func evidenceSHA256(of sources: [AttendanceSource]) -> String? {
        guard sources.count > 1 else { return sources.first?.sha256 }
        let lines = ["cpdcert-attendance-sources-v1"] + sources.map(\.sha256).sorted()
        return SHA256Digest(hashing: Array(lines.joined(separator: "\n").utf8)).hex
    }
}

/// The lines of one person's rows in one of a batch's files.
public struct SourceLines: Hashable, Sendable, Codable {
    /// The file's position in the batch's `AttendanceReport.sources`.
    public var source: Int
    /// 1-based lines, in file order.
    public var lines: [Int]

    /// Creates the lines of `source`.
    public init(source: Int, lines: [Int]) {
        self.source = source
        self.lines = lines
    }
}
