public import Foundation

/// One stretch of an event's live time: a course over two days has two, a day with lunch
/// excluded has a morning and an afternoon. The breaks are the gaps between sessions.
public struct EventSession: Hashable, Sendable, Codable {
    /// When the session starts.
    public var start: Date
    /// When it ends (after `start`).
    public var end: Date

    /// Creates a session.
    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }

    /// The session as an interval.
    public var interval: DateInterval { DateInterval(start: start, end: max(start, end)) }

    /// Length in whole seconds.
    public var seconds: Int { Int(end.timeIntervalSince(start).rounded()) }
}
