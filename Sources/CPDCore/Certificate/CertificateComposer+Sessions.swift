public import Foundation

extension CertificateComposer {
    /// The printed date and times of `event`'s sessions, with `formatter` set to the event's zone:
    /// one session gives "Wednesday 16 September 2020" and "10:00–13:30 BST", as always; a morning
    /// and an afternoon "09:30–12:30 and 13:30–16:00 BST"; a course over two days "Wednesday 16
    /// and Thursday 17 September 2020" and "Wed 16 Sep 09:30–12:30, Thu 17 Sep 09:30–12:30 BST".
    static func dateAndTimes(_ event: Event, formatter: DateFormatter) -> (date: String, times: String) {
        func format(_ date: Date, _ pattern: String) -> String {
            formatter.dateFormat = pattern
            return formatter.string(from: date)
        }
        let sessions = event.sessions
        let days = sessions.map { format($0.start, "yyyy-MM-dd") }
        var distinctDays: [Date] = []
        for (index, day) in days.enumerated() where !days[..<index].contains(day) { distinctDays.append(sessions[index].start) }
        let zones = sessions.map { format($0.start, "zzz") }
        let zoneShared = Set(zones).count == 1
        let multiDay = distinctDays.count > 1
        let times = sessions.enumerated().map { index, session in
            let day = multiDay ? format(session.start, "EEE d MMM") + " " : ""
            let zone = zoneShared ? "" : " " + zones[index]
            return "\(day)\(format(session.start, "HH:mm"))–\(format(session.end, "HH:mm"))\(zone)"
        }
        let joinedTimes = (multiDay ? times.joined(separator: ", ") : listed(times)) + (zoneShared ? " " + zones[0] : "")
        return (date: datesText(distinctDays, format: format), times: joinedTimes)
    }

    /// "Wednesday 16 and Thursday 17 September 2020"; the month and year are written once
    /// when the days share them.
    private static func datesText(_ days: [Date], format: (Date, String) -> String) -> String {
        guard days.count > 1 else { return format(days[0], "EEEE d MMMM yyyy") }
        let months = Set(days.map { format($0, "yyyy-MM") })
        let years = Set(days.map { format($0, "yyyy") })
        if months.count == 1 {
            return listed(days.map { format($0, "EEEE d") }) + " " + format(days[0], "MMMM yyyy")
        }
        if years.count == 1 {
            return listed(days.map { format($0, "EEEE d MMMM") }) + " " + format(days[0], "yyyy")
        }
        return listed(days.map { format($0, "EEEE d MMMM yyyy") })
    }

    /// "a", "a and b", "a, b and c".
    private static func listed(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }
}

extension CertificateComposer {
    /// The first instant of each day `event` has a session on, in order (one for most events).
    static func sessionDays(_ event: Event, calendar: Calendar) -> [Date] {
        var days: [Date] = []
        for session in event.sessions where !days.contains(where: { calendar.isDate($0, inSameDayAs: session.start) }) {
            days.append(session.start)
        }
        return days
    }
}

extension CertificateComposer {
    /// The ISO day of the first of several days as `dateAndTimes` prints them ("Wednesday 16 and
    /// Thursday 17 September 2020", "Wednesday 30 September and Thursday 1 October 2020"); nil
    /// for anything else.
    static func firstDay(ofSessionDates words: [Substring]) -> String? {
        guard words.count > 4, words.contains("and"), Int(words[0]) == nil, let day = Int(words[1]), (1...31).contains(day),
            let monthIndex = words.indices.first(where: { $0 > 1 && months.contains(String(words[$0])) }),
            let year = words[(monthIndex + 1)...].lazy.compactMap({ Int($0.filter(\.isNumber)) }).first(where: {
                (1000...9999).contains($0)
            }),
            let month = months.firstIndex(of: String(words[monthIndex]))
        else { return nil }
        return "\(year)-\(month < 9 ? "0" : "")\(month + 1)-\(day < 10 ? "0" : "")\(day)"
    }
}
