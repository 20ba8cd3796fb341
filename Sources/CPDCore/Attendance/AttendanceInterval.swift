public import Foundation

/// One stretch of time a person was connected: a join and the leave that followed it, as one
/// row of a webinar platform's report gives them.
public struct AttendanceInterval: Hashable, Sendable, Codable {
    /// When the person joined.
    public var start: Date
    /// When the person left (not before `start`).
    public var end: Date
    /// The 1-based source line the interval comes from, if it has one.
    public var line: Int?

    /// Creates an interval; `end` earlier than `start` is treated as empty.
    public init(start: Date, end: Date, line: Int? = nil) {
        self.start = start
        self.end = max(start, end)
        self.line = line
    }

    /// The interval's bounds in whole seconds since 1970 (the unit every count uses).
    var seconds: SecondSpan { SecondSpan(start: start, end: end) }
}

/// A half-open span of whole seconds since 1970.
struct SecondSpan: Hashable, Sendable {
    var start: Int
    var end: Int

    init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    init(start: Date, end: Date) {
        self.start = Self.wholeSeconds(start)
        self.end = max(self.start, Self.wholeSeconds(end))
    }

    /// The most seconds from 1970 a span may reach either way: about 35,000 years, beyond any
    /// real date, and small enough that the lengths of two million sessions add up without overflow.
    static let farthest = 1 << 40

    /// `date`'s seconds since 1970, rounded and held within `farthest` (`Int(_:)` of a Double
    /// out of range, or NaN, stops the process).
    static func wholeSeconds(_ date: Date) -> Int {
        let seconds = date.timeIntervalSince1970.rounded()
        guard seconds.isFinite else { return seconds > 0 ? farthest : -farthest }
        return Int(max(-Double(farthest), min(Double(farthest), seconds)))
    }

    var length: Int { end - start }

    /// The union of `spans` as sorted, disjoint spans (touching spans merge).
    static func union(_ spans: [SecondSpan]) -> [SecondSpan] {
        var merged: [SecondSpan] = []
        for span in spans.filter({ $0.length > 0 }).sorted(by: { ($0.start, $0.end) < ($1.start, $1.end) }) {
            if let last = merged.last, span.start <= last.end {
                merged[merged.count - 1].end = max(last.end, span.end)
            } else {
                merged.append(span)
            }
        }
        return merged
    }

    /// Seconds common to two sorted, disjoint lists of spans.
    static func overlap(_ first: [SecondSpan], _ second: [SecondSpan]) -> Int {
        var total = 0
        var i = 0
        var j = 0
        while i < first.count, j < second.count {
            total += max(0, min(first[i].end, second[j].end) - max(first[i].start, second[j].start))
            if first[i].end < second[j].end { i += 1 } else { j += 1 }
        }
        return total
    }
}
