public import CPDCore

/// An event's attendance as read from all its files: the merged report and what each file was.
public struct ImportedAttendance: Sendable {
    /// One file read.
    public struct Source: Sendable, Hashable {
        /// The file name as the user gave it.
        public var file: String
        /// The format read (detected or given).
        public var format: AttendanceFormat
        /// Hex SHA-256 of its bytes.
        public var sha256: String

        /// Creates a source.
        public init(file: String, format: AttendanceFormat, sha256: String) {
            self.file = file
            self.format = format
            self.sha256 = sha256
        }
    }

    /// The files, in the order given.
    public var sources: [Source]
    /// Evidence merged per identity across the files, and every file's diagnostics.
    public var report: AttendanceReport

    /// `file:line` of the first row of `evidence`, for messages.
    public func place(of evidence: AttendanceEvidence) -> String {
        let origin = evidence.origins.first
        let file = sources.indices.contains(origin?.source ?? 0) ? sources[origin?.source ?? 0].file : "attendance"
        return "\(file):\(evidence.lines.first ?? 0)"
    }
}
