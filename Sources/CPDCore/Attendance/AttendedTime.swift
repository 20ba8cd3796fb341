public import Foundation

/// How one person's time adds up against the event's live window(s), in seconds.
///
/// ```swift
/// let time = AttendedTime(sessions: evidence.sessions, live: event.liveWindows)
/// time.countedSeconds      // the union of the sessions inside the live time
/// time.overlapSeconds      // counted once although two devices were connected
/// time.outsideLiveSeconds  // before the start or after the end: not counted
/// ```
/// Overlapping sessions (two devices, a rejoin before the old session timed out) count once;
/// time outside the live window(s) does not count at all.
public struct AttendedTime: Hashable, Sendable {
    /// Seconds that count: the length of the union of the sessions, clipped to the live time.
    public var countedSeconds: Int
    /// Seconds connected at all: the length of the union, before clipping.
    public var connectedSeconds: Int
    /// The sessions' lengths added up, counting overlaps twice (what summing rows would give).
    public var summedSeconds: Int
    /// How many sessions the evidence has (0 when the source gave only a total).
    public var sessionCount: Int
    /// Seconds counted in each live window, in order (what a per-session rule checks).
    public var windowSeconds: [Int] = []
    /// How the count was reached, when the source gave only a total and a span (see `ReportedSpan`).
    public var note: String?

    /// Seconds when two or more sessions ran at once, counted once in `connectedSeconds`.
    public var overlapSeconds: Int { summedSeconds - connectedSeconds }
    /// Seconds connected before the start or after the end of the live time.
    public var outsideLiveSeconds: Int { connectedSeconds - countedSeconds }

    /// Adds up `sessions` against the live `windows`.
    public init(sessions: [AttendanceInterval], live windows: [DateInterval]) {
        let spans = sessions.map(\.seconds)
        let connected = SecondSpan.union(spans)
        let live = SecondSpan.union(windows.map { SecondSpan(start: $0.start, end: $0.end) })
        countedSeconds = SecondSpan.overlap(connected, live)
        connectedSeconds = connected.reduce(0) { $0 + $1.length }
        summedSeconds = spans.reduce(0) { $0 + $1.length }
        sessionCount = sessions.count
        windowSeconds =
            windows.count > 1
            ? windows.map { SecondSpan.overlap(connected, [SecondSpan(start: $0.start, end: $0.end)]) } : [countedSeconds]
    }

    /// A total the source reported with the first join and last leave around it: only what is
    /// provably inside the live `windows` counts, in each window and as a whole.
    public init(span: ReportedSpan, live windows: [DateInterval]) {
        let (counted, words) = span.counted(in: windows)
        countedSeconds = counted
        connectedSeconds = span.seconds
        summedSeconds = span.seconds
        sessionCount = 0
        windowSeconds = windows.count > 1 ? windows.map { span.counted(in: [$0]).seconds } : [counted]
        note = words
    }

    /// A total the source reported without sessions, capped at the live time's length.
    public init(reportedSeconds: Int, liveSeconds: Int) {
        let reported = max(reportedSeconds, 0)
        countedSeconds = min(reported, liveSeconds)
        connectedSeconds = reported
        summedSeconds = reported
        sessionCount = 0
        windowSeconds = [countedSeconds]
    }
}
