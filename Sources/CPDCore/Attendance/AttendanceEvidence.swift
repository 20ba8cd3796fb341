/// What the attendance records say about one person, merged across their rows.
public struct AttendanceEvidence: Hashable, Sendable {
    /// The person, with the details from their first row.
    public var attendee: Attendee
    /// Time attended in seconds, before clipping to the live session.
    public var attendedSeconds: Int
    /// The source lines (1-based) this evidence comes from.
    public var lines: [Int]

    /// Creates evidence.
    public init(attendee: Attendee, attendedSeconds: Int, lines: [Int]) {
        self.attendee = attendee
        self.attendedSeconds = attendedSeconds
        self.lines = lines
    }
}

/// A problem with one input row or key, located by file and line.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// File name as the user gave it.
    public var file: String
    /// 1-based line number, if the problem has one.
    public var line: Int?
    /// What is wrong and how to fix it; never contains an email address.
    public var message: String

    /// Creates a diagnostic.
    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`, the form compilers use, so editors can jump to it.
    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

/// Everything one attendance file yields: evidence per person, and the rows that were rejected.
public struct AttendanceReport: Sendable {
    /// One entry per identity, in order of first appearance.
    public var evidence: [AttendanceEvidence]
    /// Rows that could not be used, each with its reason.
    public var rejected: [Diagnostic]
    /// Hex SHA-256 of the source file's bytes, kept with each certificate as evidence.
    public var sourceSHA256: String?

    /// Creates a report.
    public init(evidence: [AttendanceEvidence], rejected: [Diagnostic], sourceSHA256: String? = nil) {
        self.evidence = evidence
        self.rejected = rejected
        self.sourceSHA256 = sourceSHA256
    }
}
