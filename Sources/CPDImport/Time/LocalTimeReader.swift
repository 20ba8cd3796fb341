public import Foundation

/// Reads the dates and times attendance reports print, which carry no zone, as times in the
/// event's zone.
///
/// ```swift
/// let times = LocalTimeReader(timeZone: TimeZone(identifier: "Europe/London")!, near: event.start)
/// times.date(from: "09/16/2020 09:58:12 AM")   // Zoom
/// times.date(from: "Sep 16, 2020 09:58:12")     // Zoom, the other style
/// times.date(from: "9/16/20, 10:01:00 AM")      // Teams, US
/// times.date(from: "16/09/2020, 10:01:00")      // Teams, en-GB
/// times.date(from: "2020-09-16T10:01:00")       // canonical CSV; an offset such as +01:00 is honoured
/// ```
/// A numeric date that reads both ways (10/09/2020) takes the reading nearer the event's start;
/// without a reference date, a 12-hour clock means month first (US style) and a 24-hour clock
/// day first. A local time that occurs twice when clocks go back has two readings, and one
/// that the clocks skipped when they went forward has none: `reading(from:)` tells them apart.
public struct LocalTimeReader: Sendable {
    /// The zone the report's times are in.
    public let timeZone: TimeZone
    /// A time near the report's (the event's start), to settle day/month order.
    public let referenceDate: Date?

    /// Creates a reader for times in `timeZone`, expected near `referenceDate`.
    public init(timeZone: TimeZone, near referenceDate: Date? = nil) {
        self.timeZone = timeZone
        self.referenceDate = referenceDate
    }

    /// What a local date and time stands for in the zone.
    public enum Reading: Equatable, Sendable {
        /// One instant.
        case instant(Date)
        /// A time that happened twice because the clocks went back: its first reading (before
        /// the change) and its second, an offset's difference later.
        case repeated(first: Date, second: Date)
        /// A time that never happened because the clocks went forward past it; the zone's offsets
        /// from UTC (in seconds) before and after the change.
        case skipped(offsetBefore: Int, offsetAfter: Int)
    }

    /// The instant `text` names, or nil when it is not a date and time in a known style, or
    /// when the zone's clocks make it ambiguous or skipped it (see `reading(from:)`).
    public func date(from text: String) -> Date? {
        guard case .instant(let date)? = reading(from: text) else { return nil }
        return date
    }

    /// What `text` stands for, or nil when it is not a date and time in a known style.
    public func reading(from text: String) -> Reading? {
        guard let stamp = LocalTimestamp(parsing: text), let first = stamp.dates.first else { return nil }
        var wall = first
        if stamp.dates.count > 1 {
            if let referenceDate {
                // The day/month order is settled by the time the wall clock is nearer, read as UTC:
                // an hour's offset cannot move a month.
                let reference = Int(referenceDate.timeIntervalSince1970)
                wall = stamp.dates.min { abs($0.secondsSince1970AsIfUTC - reference) < abs($1.secondsSince1970AsIfUTC - reference) }!
            } else if !stamp.hasMeridiem {
                wall = stamp.dates[1]
            }
        }
        return reading(wall, offset: stamp.offsetSeconds)
    }

    /// A wall-clock time in the given offset, else in `timeZone`.
    private func reading(_ local: LocalTimestamp.WallClock, offset: Int?) -> Reading {
        let wall = local.secondsSince1970AsIfUTC
        func date(_ offset: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(wall - offset)) }
        if let offset { return .instant(date(offset)) }
        // The zone's offsets half a day either side of the wall time include every offset that
        // could apply; an offset fits when the instant it gives has that offset. When clocks go
        // back two fit (the larger gives the earlier instant); when they go forward none does.
        func zoneOffset(at seconds: Int) -> Int { timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))) }
        let before = zoneOffset(at: wall - 43_200)
        let after = zoneOffset(at: wall + 43_200)
        let fitting = Set([before, zoneOffset(at: wall), after]).filter { zoneOffset(at: wall - $0) == $0 }.sorted()
        guard let smallest = fitting.first, let largest = fitting.last else { return .skipped(offsetBefore: before, offsetAfter: after) }
        return smallest == largest ? .instant(date(smallest)) : .repeated(first: date(largest), second: date(smallest))
    }
}

/// A date and time as written, before a zone is applied.
struct LocalTimestamp {
    /// A calendar date and a time of day.
    struct WallClock: Equatable {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

        var isValid: Bool {
            (1...12).contains(month) && day >= 1 && day <= Self.days(inMonth: month, year: year)
                && (0...23).contains(hour) && (0...59).contains(minute) && (0...59).contains(second)
        }

        /// Seconds since 1970 if this wall-clock time were UTC (days from civil, H. Hinnant).
        var secondsSince1970AsIfUTC: Int {
            let y = month <= 2 ? year - 1 : year
            let era = (y >= 0 ? y : y - 399) / 400
            let yearOfEra = y - era * 400
            let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
            let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
            let days = era * 146_097 + dayOfEra - 719_468
            return days * 86_400 + hour * 3_600 + minute * 60 + second
        }

        static func days(inMonth month: Int, year: Int) -> Int {
            switch month {
            case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
            case 4, 6, 9, 11: return 30
            default: return 31
            }
        }
    }

    /// The valid readings, month-first before day-first when a numeric date reads both ways.
    var dates: [WallClock]
    /// True when the time had AM or PM.
    var hasMeridiem: Bool
    /// An explicit UTC offset in seconds (`Z`, `+01:00`), if the text had one.
    var offsetSeconds: Int?

    static let months = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    ]

    /// Parses `09/16/2020 09:58:12 AM`, `9/16/20, 10:01 AM`, `16/09/2020, 10:01:00`,
    /// `Sep 16, 2020 09:58:12`, `16 Sep 2020 09:58`, `16.09.2020 10:01`, `2020-09-16T10:01:00+01:00`.
    init?(parsing text: String) {
        var scanner = ByteScanner(text)
        scanner.skip(" ")
        // The date: three parts, and which is which.
        var first: Int, second: Int, year: Int
        var dayFirstToo = false
        if let word = scanner.word() {
            scanner.skip(" ")
            guard let month = Self.month(word), let day = scanner.number(maxDigits: 2) else { return nil }
            scanner.skip(" ,")
            guard let y = scanner.year() else { return nil }
            (first, second, year) = (month, day, y)
        } else if let (a, digits) = scanner.numberWithDigits(maxDigits: 4) {
            if digits == 4, scanner.take("-") {
                guard let m = scanner.number(maxDigits: 2), scanner.take("-"), let d = scanner.number(maxDigits: 2) else { return nil }
                (first, second, year) = (m, d, a)
            } else if digits <= 2, scanner.take("/") {
                guard let b = scanner.number(maxDigits: 2), scanner.take("/"), let y = scanner.year() else { return nil }
                (first, second, year) = (a, b, y)
                dayFirstToo = a != b
            } else if digits <= 2, scanner.take(".") {
                guard let m = scanner.number(maxDigits: 2), scanner.take("."), let y = scanner.year() else { return nil }
                (first, second, year) = (m, a, y)
            } else if digits <= 2 {
                scanner.skip(" ")
                guard let word = scanner.word(), let month = Self.month(word) else { return nil }
                scanner.skip(" ,")
                guard let y = scanner.year() else { return nil }
                (first, second, year) = (month, a, y)
            } else {
                return nil
            }
        } else {
            return nil
        }
        // Between date and time: spaces, a comma or ISO's 'T'.
        scanner.skip(" ,Tt")
        guard let rawHour = scanner.number(maxDigits: 2), scanner.take(":"), let minute = scanner.number(maxDigits: 2) else { return nil }
        var second2 = 0
        if scanner.take(":") {
            guard let s = scanner.number(maxDigits: 2) else { return nil }
            second2 = s
            if scanner.take(".") || scanner.take(",") { _ = scanner.number(maxDigits: 9) }
        }
        scanner.skip(" ")
        var hour = rawHour
        hasMeridiem = false
        let beforeMeridiem = scanner.position
        if let meridiem = scanner.word(allowingDots: true)?.lowercased().filter({ $0 != "." }), meridiem == "am" || meridiem == "pm" {
            guard (1...12).contains(rawHour) else { return nil }
            hour = rawHour % 12 + (meridiem == "pm" ? 12 : 0)
            hasMeridiem = true
            scanner.skip(" ")
        } else {
            scanner.position = beforeMeridiem
        }
        offsetSeconds = nil
        if scanner.take("Z") || scanner.take("z") {
            offsetSeconds = 0
        } else if let sign = scanner.take("+") ? 1 : scanner.take("-") ? -1 : nil {
            guard let hours = scanner.number(maxDigits: 2) else { return nil }
            _ = scanner.take(":")
            let minutes = scanner.number(maxDigits: 2) ?? 0
            offsetSeconds = sign * (hours * 3600 + minutes * 60)
        }
        scanner.skip(" ")
        guard scanner.isAtEnd else { return nil }
        let readings = [(first, second)] + (dayFirstToo ? [(second, first)] : [])
        dates = readings.map { WallClock(year: year, month: $0.0, day: $0.1, hour: hour, minute: minute, second: second2) }
            .filter(\.isValid)
        if dates.isEmpty { return nil }
    }

    /// The month a name or abbreviation (English) stands for.
    static func month(_ word: String) -> Int? {
        let lower = word.lowercased()
        guard lower.count >= 3, let index = months.firstIndex(where: { $0.hasPrefix(lower) }) else { return nil }
        return lower.count == 3 || lower == "sept" || months[index] == lower ? index + 1 : nil
    }
}

/// Walks the ASCII bytes of a short text.
struct ByteScanner {
    private let bytes: [UInt8]
    private var index = 0

    /// Where the scanner is, to come back to.
    var position: Int {
        get { index }
        set { index = newValue }
    }

    init(_ text: String) { bytes = Array(text.utf8) }

    var isAtEnd: Bool { index == bytes.count }

    /// Skips any of the bytes of `characters`.
    mutating func skip(_ characters: StaticString) {
        let set = UnsafeBufferPointer(start: characters.utf8Start, count: characters.utf8CodeUnitCount)
        while index < bytes.count, set.contains(bytes[index]) { index += 1 }
    }

    /// Consumes `character` if it is next.
    mutating func take(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    /// A run of 1 to `maxDigits` ASCII digits and how many there were.
    mutating func numberWithDigits(maxDigits: Int) -> (Int, Int)? {
        var value = 0
        var count = 0
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            guard count < maxDigits else { return nil }
            value = value * 10 + Int(bytes[index] - 0x30)
            count += 1
            index += 1
        }
        return count == 0 ? nil : (value, count)
    }

    mutating func number(maxDigits: Int) -> Int? { numberWithDigits(maxDigits: maxDigits)?.0 }

    /// A year of four digits, or two (20 means 2020).
    mutating func year() -> Int? {
        guard let (value, digits) = numberWithDigits(maxDigits: 4), digits == 4 || digits == 2 else { return nil }
        return digits == 2 ? 2000 + value : value
    }

    /// A run of ASCII letters (and dots, for "a.m."), or nil.
    mutating func word(allowingDots: Bool = false) -> String? {
        let start = index
        while index < bytes.count {
            let byte = bytes[index] | 0x20
            guard (byte >= 0x61 && byte <= 0x7A) || (allowingDots && bytes[index] == 0x2E && index > start) else { break }
            index += 1
        }
        return index == start ? nil : String(decoding: bytes[start..<index], as: UTF8.self)
    }
}
