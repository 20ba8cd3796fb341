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
    /// Under a per-session rule, the session the person fell short of, in words; nil otherwise.
    public var shortfall: String?
    /// How the attended time was reached, when the source gave only a total (see `ReportedSpan`).
    public var note: String?

    /// Applies `event`'s rule to `evidence`.
    public init(evidence: AttendanceEvidence, event: Event) {
        self.init(time: evidence.attendedTime(in: event), event: event, required: event.requiredSeconds, rule: event.ruleSummary)
    }

    /// Applies `event`'s rule to `time`, with the rule's requirement and words already worked out
    /// (a batch shares one copy of them).
    public init(time: AttendedTime, event: Event, required: Int, rule: String) {
        self.attendedSeconds = time.countedSeconds
        self.requiredSeconds = required
        self.liveSeconds = event.liveSeconds
        self.rule = rule
        self.shortfall = event.shortfall(attended: time.windowSeconds)
        self.note = time.note
    }

    /// Creates an assessment from stored values.
    public init(attendedSeconds: Int, requiredSeconds: Int, liveSeconds: Int, rule: String) {
        self.attendedSeconds = attendedSeconds
        self.requiredSeconds = requiredSeconds
        self.liveSeconds = liveSeconds
        self.rule = rule
    }

    /// True when the threshold is met (inclusive).
    public var isEligible: Bool { attendedSeconds >= requiredSeconds && shortfall == nil }

    /// "attended 120 of 210 minutes; the rule is at least 75% ...", with the session fallen
    /// short of and how a reported total was counted, when there are.
    public var explanation: String {
        var text = "attended \(Duration.minutesText(seconds: attendedSeconds)) of \(liveSeconds / 60) minutes; the rule is \(rule)"
        if let shortfall { text += "; \(shortfall)" }
        if let note { text += "; \(note)" }
        return text
    }
}
