/// The outcome of applying an event's attendance rule to one person's evidence.
public struct Eligibility: Hashable, Sendable, Codable {
    /// Attended seconds counted: the union of the sessions inside the live time, or a reported
    /// total capped at the live time's length.
    public var attendedSeconds: Int
    /// Seconds the rule requires.
    public var requiredSeconds: Int
    /// Length of the live session in seconds.
    public var liveSeconds: Int
    /// The rule in words.
    public var rule: String

    /// Applies `event`'s rule to `evidence`.
    public init(evidence: AttendanceEvidence, event: Event) {
        let live = event.liveSeconds
        self.attendedSeconds = evidence.attendedTime(in: event).countedSeconds
        self.requiredSeconds = event.attendanceRule.requiredSeconds(liveSeconds: live)
        self.liveSeconds = live
        self.rule = event.attendanceRule.summary(liveSeconds: live)
    }

    /// Creates an assessment from stored values.
    public init(attendedSeconds: Int, requiredSeconds: Int, liveSeconds: Int, rule: String) {
        self.attendedSeconds = attendedSeconds
        self.requiredSeconds = requiredSeconds
        self.liveSeconds = liveSeconds
        self.rule = rule
    }

    /// True when the threshold is met (inclusive).
    public var isEligible: Bool { attendedSeconds >= requiredSeconds }

    /// "attended 120 of 210 minutes; the rule is at least 75% ..."
    public var explanation: String {
        "attended \(Duration.minutesText(seconds: attendedSeconds)) of \(liveSeconds / 60) minutes; the rule is \(rule)"
    }
}
