import CPDCore
import Foundation

extension ReportTable {
    /// The reported total a row gives with its first join and last leave (see `ReportedSpan`),
    /// or nil when join, leave and duration are all empty (a registrant who never joined).
    /// `bareUnit` is what a plain number in the duration column counts (60 for minutes);
    /// `precision` how finely the report writes its times (60 when only to the minute).
    func span(
        join: Column, leave: Column, duration: Column, in row: CSVRow, times: LocalTimeReader, bareUnit: Int,
        builder: inout AttendanceReportBuilder
    ) throws(RowProblem) -> ReportedSpan? {
        let joinText = value(join, in: row).flatMap { $0 == "--" ? nil : Self.withoutZoneName($0) }
        let leaveText = value(leave, in: row).flatMap { $0 == "--" ? nil : Self.withoutZoneName($0) }
        let durationText = value(duration, in: row).flatMap { $0 == "--" ? nil : $0 }
        if joinText == nil, leaveText == nil, durationText == nil || DurationText.seconds(durationText!, bareUnit: bareUnit) == 0 {
            return nil
        }
        guard let durationText, let seconds = DurationText.seconds(durationText, bareUnit: bareUnit) else {
            throw RowProblem(
                "'\(name(duration))' is \(durationText.map { "'\(RowProblem.quote($0))', not a duration cpdcert reads (e.g. 1h 3m 51s, 1:03:51 or 63.85)" } ?? "empty"); this report gives no sessions, so the total is the evidence"
            )
        }
        let first = try time(
            joinText, column: join, in: row, times: times, missing: "when the attendee first joined", isJoin: true, builder: &builder)
        let last = try time(
            leaveText, column: leave, in: row, times: times, missing: "when the attendee last left", isJoin: false, builder: &builder)
        guard last >= first else {
            throw RowProblem("'\(name(leave))' is before '\(name(join))'; check the row, or export the report again")
        }
        let precision = [joinText, leaveText].allSatisfy { Self.hasSeconds($0 ?? "") } ? 1 : 60
        return ReportedSpan(seconds: seconds, firstJoin: first, lastLeave: last, precision: precision)
    }

    /// `May 16, 2012 10:58 AM` for `May 16, 2012 10:58 AM EDT`: GoTo Webinar writes the
    /// organiser's zone's abbreviation, which cpdcert does not read; the time is read in the
    /// event's zone.
    static func withoutZoneName(_ text: String) -> String {
        guard let space = text.lastIndex(of: " ") else { return text }
        let last = text[text.index(after: space)...]
        let isZone =
            (2...5).contains(last.count) && last.allSatisfy { $0.isASCII && $0.isUppercase }
            && !["AM", "PM"].contains(String(last))
        return isZone ? String(text[..<space]) : text
    }

    /// True when the time in `text` has seconds (`10:58:12`), not only minutes (`10:58`).
    static func hasSeconds(_ text: String) -> Bool {
        text.split(whereSeparator: { !$0.isNumber && $0 != ":" }).contains { $0.filter { $0 == ":" }.count == 2 }
    }
}

/// A duration as reports write it: `1h 3m 51s` (Teams), `1 hr 12 min` (Google Meet),
/// `1:03:51`, or a plain number of `bareUnit` seconds (`58.53` minutes, GoTo Webinar).
enum DurationText {
    /// The whole seconds `text` stands for (rounded down), or nil when it is not a duration.
    static func seconds(_ text: String, bareUnit: Int) -> Int? {
        let trimmed = text.trimmingWhitespace().lowercased()
        if let number = Double(trimmed.replacingOccurrences(of: ",", with: ".")), number >= 0, number < 1e6 {
            return Int(number * Double(bareUnit))
        }
        let clock = trimmed.split(separator: ":")
        if clock.count == 3 || clock.count == 2, clock.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) && $0.count <= 3 }) {
            let parts = clock.compactMap { Int($0) }
            return clock.count == 3 ? parts[0] * 3600 + parts[1] * 60 + parts[2] : parts[0] * 3600 + parts[1] * 60
        }
        // Numbers each followed by a unit word: h, hr, hrs, hour(s); m, min, mins, minute(s); s, sec(s), second(s).
        var total = 0
        var found = false
        var scanner = Substring(trimmed)
        while !scanner.isEmpty {
            scanner = scanner.drop { $0 == " " || $0 == "," }
            let digits = scanner.prefix { $0.isNumber }
            guard !digits.isEmpty, let value = Int(digits) else { return scanner.isEmpty && found ? total : nil }
            scanner = scanner.dropFirst(digits.count).drop { $0 == " " }
            let unit = String(scanner.prefix { $0.isLetter })
            scanner = scanner.dropFirst(unit.count)
            switch unit {
            case "h", "hr", "hrs", "hour", "hours", "std", "stunde", "stunden", "heure", "heures", "hora", "horas", "awr":
                total += value * 3600
            case "m", "min", "mins", "minute", "minutes", "minuten", "minuto", "minutos", "munud": total += value * 60
            case "s", "sec", "secs", "second", "seconds", "sek", "sekunden", "seconde", "secondes", "segundo", "segundos", "eiliad":
                total += value
            default: return nil
            }
            found = true
        }
        return found ? total : nil
    }
}
