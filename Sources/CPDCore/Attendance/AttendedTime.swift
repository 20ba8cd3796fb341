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
    }

    /// A total the source reported without sessions, capped at the live time's length.
    public init(reportedSeconds: Int, liveSeconds: Int) {
        let reported = max(reportedSeconds, 0)
        countedSeconds = min(reported, liveSeconds)
        connectedSeconds = reported
        summedSeconds = reported
        sessionCount = 0
    }
}
