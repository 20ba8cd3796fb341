import CPDCore
import Foundation

extension EventLoader {
    /// `schedule`: a time zone and either one `start` and `end`, or `sessions`, each with a
    /// `date`, a `start` and an `end` (local times in the zone), in order and not overlapping:
    ///
    /// ```yaml
    /// schedule:
    ///   time_zone: Europe/London
    ///   sessions:
    ///     - { date: 2020-09-16, start: "09:30", end: "12:30" }
    ///     - { date: 2020-09-17, start: "09:30", end: "12:30" }
    /// ```
    /// The breaks are the gaps between sessions. Nil sessions for a single window.
    static func schedule(_ root: YAMLValue) throws(ConfigurationError) -> (
        zoneName: String, start: Date, end: Date, sessions: [EventSession]?
    ) {
        let schedule = try root.required("schedule", hint: "give time_zone, and start and end (or sessions)")
        try schedule.rejectUnknownKeys(["time_zone", "start", "end", "sessions"])
        let zoneValue = try schedule.required("time_zone", hint: "give an IANA time zone such as Europe/London")
        let zoneName = try zoneValue.string()
        guard let zone = TimeZone(identifier: zoneName) else {
            throw zoneValue.error("must be an IANA time zone such as Europe/London, found '\(zoneName)'")
        }
        if let list = try schedule.optional("sessions") {
            for key in ["start", "end"] {
                if let extra = try schedule.optional(key) {
                    throw extra.error("must not be given beside schedule.sessions; give each session's date, start and end instead")
                }
            }
            let sessions = try self.sessions(list, zone: zone)
            return (zoneName, sessions[0].start, sessions[sessions.count - 1].end, sessions.count > 1 ? sessions : nil)
        }
        let start = try dateTime(try schedule.required("start", hint: "give the start as 2020-09-16T10:00 (or list sessions)"), zone: zone)
        let endValue = try schedule.required("end", hint: "give the end as 2020-09-16T13:30")
        let end = try dateTime(endValue, zone: zone)
        try checkWindow(start: start, end: end, endValue: endValue, startKey: "schedule.start")
        return (zoneName, start, end, nil)
    }

    /// The most sessions an event may list.
    static let maximumSessions = 30

    private static func sessions(_ list: YAMLValue, zone: TimeZone) throws(ConfigurationError) -> [EventSession] {
        let items = try list.items()
        guard !items.isEmpty else { throw list.error("must list at least one session with date, start and end") }
        guard items.count <= maximumSessions else {
            throw list.error("lists \(items.count) sessions; the most is \(maximumSessions)")
        }
        var sessions: [EventSession] = []
        for item in items {
            try item.rejectUnknownKeys(["date", "start", "end"])
            let dateValue = try item.required("date", hint: "give the session's date as 2020-09-16")
            let date = try dateValue.string()
            let startValue = try item.required("start", hint: "give the session's start as 09:30")
            let endValue = try item.required("end", hint: "give the session's end as 12:30")
            let start = try localTime(date: date, time: startValue, zone: zone, dateValue: dateValue)
            let end = try localTime(date: date, time: endValue, zone: zone, dateValue: dateValue)
            try checkWindow(start: start, end: end, endValue: endValue, startKey: "the session's start")
            if let previous = sessions.last, start < previous.end {
                throw startValue.error(
                    "must not be before the end of the session listed before it; list the sessions in order, without overlaps")
            }
            sessions.append(EventSession(start: start, end: end))
        }
        return sessions
    }

    private static func checkWindow(start: Date, end: Date, endValue: YAMLValue, startKey: String) throws(ConfigurationError) {
        guard end > start else { throw endValue.error("must be after \(startKey)") }
        guard end.timeIntervalSince(start) <= 24 * 3600 else {
            throw endValue.error("must be within 24 hours of \(startKey); split longer events into sessions")
        }
    }

    /// A session's `date` and a `start` or `end` time (`09:30` or `09:30:00`) in `zone`.
    private static func localTime(date: String, time: YAMLValue, zone: TimeZone, dateValue: YAMLValue) throws(ConfigurationError)
        -> Date
    {
        let text = try time.string()
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd"
        guard formatter.date(from: date) != nil else {
            throw dateValue.error("must be a date like 2020-09-16, found '\(date)'")
        }
        for pattern in ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"] {
            formatter.dateFormat = pattern
            if let instant = formatter.date(from: "\(date) \(text)") { return instant }
        }
        throw time.error("must be a local time like 09:30 on \(date), found '\(text)'")
    }
}
