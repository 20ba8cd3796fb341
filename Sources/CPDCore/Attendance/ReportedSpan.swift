public import Foundation

/// What a report gives when it has no sessions: a total time connected, with the first join
/// and the last leave (Teams' 2021 meeting summary, GoTo Webinar, Google Meet).
///
/// Only what is provably inside the live time counts: the total less the part of the span that
/// lies outside the live time (the person may have been connected then), and never more than
/// the part of the span inside it. Where the times are written to the minute (`precision` 60),
/// the span is taken at its widest for the first bound and at its narrowest for the second.
///
/// ```swift
/// let span = ReportedSpan(seconds: 95 * 60, firstJoin: nine55, lastLeave: eleven40, precision: 60)
/// AttendedTime(span: span, live: event.liveWindows).countedSeconds
/// ```
public struct ReportedSpan: Hashable, Sendable {
    /// The total the report gives, in seconds.
    public var seconds: Int
    /// The first join the report gives.
    public var firstJoin: Date
    /// The last leave the report gives.
    public var lastLeave: Date
    /// How finely the times are written: 1 for seconds, 60 for minutes.
    public var precision: Int

    /// Creates a span.
    public init(seconds: Int, firstJoin: Date, lastLeave: Date, precision: Int = 1) {
        self.seconds = max(0, seconds)
        self.firstJoin = firstJoin
        self.lastLeave = max(firstJoin, lastLeave)
        self.precision = max(1, precision)
    }

    /// Seconds provably inside `windows`, and the reading in words.
    func counted(in windows: [DateInterval]) -> (seconds: Int, words: String) {
        let live = SecondSpan.union(windows.map { SecondSpan(start: $0.start, end: $0.end) })
        let join = SecondSpan.wholeSeconds(firstJoin)
        let leave = SecondSpan.wholeSeconds(lastLeave)
        // A time written to the minute stands for any second of that minute.
        let widest = SecondSpan(start: join, end: leave + precision - 1)
        let narrowest = SecondSpan(start: min(join + precision - 1, leave), end: leave)
        let outside = widest.length - SecondSpan.overlap([widest], live)
        let inside = SecondSpan.overlap([narrowest], live)
        let counted = max(0, min(seconds - outside, inside))
        let minutes = { (value: Int) in Duration.minutesText(seconds: value) }
        var words = "the report gives only a total of \(minutes(seconds)) minutes between the first join and the last leave"
        words += precision > 1 ? " (times to the minute)" : ""
        words +=
            ", so only what is provably inside the live time counts: the total less the \(minutes(outside)) minutes of that span outside the live time, and at most the \(minutes(inside)) minutes of it inside"
        return (counted, words)
    }
}
