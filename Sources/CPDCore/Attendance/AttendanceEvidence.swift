/// What the attendance records say about one person, merged across their rows.
///
/// ```swift
/// let evidence = AttendanceEvidence(attendee: person, sessions: [morning, afternoon], lines: [14, 31])
/// evidence.attendedTime(in: event).countedSeconds   // the union inside the live time
/// ```
public struct AttendanceEvidence: Hashable, Sendable {
    /// The person, with the name and details chosen from their rows.
    public var attendee: Attendee
    /// The time the source gives: sessions, or a reported total.
    public var time: AttendanceTime
    /// The source lines (1-based) this evidence comes from, in file order; with several files,
    /// the lines in the first file that has this person's rows (`origins` has them all).
    public var lines: [Int]
    /// With several files, the lines in each that has this person's rows, in the batch's file
    /// order; empty when the evidence comes from one file (`lines`).
    public var origins: [SourceLines] = []

    /// Evidence from a reported total (a minutes column), before clipping to the live time.
    public init(attendee: Attendee, attendedSeconds: Int, lines: [Int]) {
        self.init(attendee: attendee, time: .total(seconds: attendedSeconds), lines: lines)
    }

    /// Evidence from join/leave sessions; an empty list means registered but never joined.
    public init(attendee: Attendee, sessions: [AttendanceInterval], lines: [Int]) {
        self.init(attendee: attendee, time: .sessions(sessions), lines: lines)
    }

    /// Creates evidence.
    public init(attendee: Attendee, time: AttendanceTime, lines: [Int]) {
        self.attendee = attendee
        self.time = time
        self.lines = lines
    }

    /// The sessions, or an empty list when the source gave only a total.
    public var sessions: [AttendanceInterval] {
        if case .sessions(let sessions) = time { return sessions }
        return []
    }

    /// How this person's time adds up against `event`'s live time.
    public func attendedTime(in event: Event) -> AttendedTime {
        switch time {
        case .total(let seconds):
            var time = AttendedTime(reportedSeconds: seconds, liveSeconds: event.liveSeconds)
            // A bare total does not say which session it was spent in.
            if event.sessionList != nil { time.windowSeconds = [] }
            return time
        case .sessions(let sessions):
            return AttendedTime(sessions: sessions, live: event.liveWindows)
        case .span(let span):
            return AttendedTime(span: span, live: event.liveWindows)
        }
    }
}

/// The attendance a source records for one person.
public enum AttendanceTime: Hashable, Sendable {
    /// A total in seconds (cpdcert's canonical CSV with a minutes column); it can only be capped
    /// at the live time's length, not clipped to it.
    case total(seconds: Int)
    /// Join/leave sessions, counted as their union inside the live time.
    case sessions([AttendanceInterval])
    /// A total with the first join and last leave around it, counted only as far as it is
    /// provably inside the live time (see `ReportedSpan`).
    case span(ReportedSpan)
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
    /// Rows that are not about attendees (hosts, panelists, organisers, the waiting room),
    /// each with what it is; they are not errors.
    public var ignored: [Diagnostic]
    /// Rows used as read, where the reading was a choice the user should know of (a time in
    /// the hour that happened twice when the clocks went back).
    public var warnings: [Diagnostic]
    /// Hex SHA-256 of the source file's bytes, kept with each certificate as evidence; with
    /// several files, `AttendanceSource.evidenceSHA256(of: sources)`.
    public var sourceSHA256: String?
    /// The files read, in the order given, when there were several; evidence `origins` point into it.
    public var sources: [AttendanceSource] = []

    /// Creates a report.
    public init(
        evidence: [AttendanceEvidence], rejected: [Diagnostic], ignored: [Diagnostic] = [], warnings: [Diagnostic] = [],
        sourceSHA256: String? = nil
    ) {
        self.evidence = evidence
        self.rejected = rejected
        self.ignored = ignored
        self.warnings = warnings
        self.sourceSHA256 = sourceSHA256
    }
}
