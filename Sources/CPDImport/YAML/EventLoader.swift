public import CPDCore
public import Foundation

/// Reads an event definition (`event.yaml`).
///
/// ```yaml
/// id: county-lines-2020
/// title: "Tackling Child Criminal Exploitation: ..."
/// organiser: { name: Policy Foresight, url: https://policyforesight.example.org }
/// format: Live webinar
/// schedule: { time_zone: Europe/London, start: 2020-09-16T10:00, end: 2020-09-16T13:30 }
///                                             # or sessions: [{ date: 2020-09-16, start: "09:30", end: "12:30" }, ...]
/// cpd_hours: 3.5                              # default: the live time
/// learning_outcomes: [ ... ]
/// signatory: { name: ..., role: ... }
/// verification: { base_url: https://verify.example.org/c/ }
/// template: classic
/// attendance: { minimum_fraction: 0.75 }     # or { minimum_minutes: 150 }; per_session: true for each session
/// ```
public enum EventLoader {
    /// Keys an event file may have at the top level.
    static let topLevelKeys = [
        "id", "title", "organiser", "format", "schedule", "cpd_hours", "learning_outcomes",
        "signatory", "verification", "template", "attendance",
    ]

    /// Reads and validates the event in `data`; `fileName` is used in errors. Throws the first
    /// problem `loadCheckingEveryField` finds.
    public static func load(_ data: Data, fileName: String) throws(ConfigurationError) -> Event {
        do {
            return try loadCheckingEveryField(data, fileName: fileName)
        } catch {
            throw error.errors[0]
        }
    }

    /// Reads and validates the event in `data`, checking every field even after one fails, so
    /// that a form can show each problem beside its field: every problem, in the order the
    /// fields are checked (a field that depends on a failed one, such as `minimum_minutes` on the
    /// schedule, is checked against the widest range it could have).
    public static func loadCheckingEveryField(_ data: Data, fileName: String) throws(ConfigurationErrors) -> Event {
        guard let text = TextDecoding.decode(data) else {
            throw ConfigurationErrors([ConfigurationError(file: fileName, line: nil, path: "", message: "is not UTF-8 text")])
        }
        let root: YAMLValue
        do {
            root = try YAMLValue.document(text, file: fileName)
        } catch {
            throw ConfigurationErrors([error])
        }
        var problems = Problems()
        problems.check { () throws(ConfigurationError) in try root.rejectUnknownKeys(topLevelKeys) }
        let id = problems.check { () throws(ConfigurationError) in try eventID(root) }
        let title = problems.check { () throws(ConfigurationError) in
            try root.required("title", hint: "give the title as it should be printed").text(atMost: Limit.title)
        }
        let organiser = problems.check { () throws(ConfigurationError) in try self.organiser(root) }
        let format = problems.check { () throws(ConfigurationError) in
            try root.required("format", hint: "say how the event was delivered, e.g. Live webinar").text(atMost: Limit.format)
        }
        let schedule = problems.check { () throws(ConfigurationError) in try self.schedule(root) }
        let liveSeconds = schedule.map { $0.sessions.map { $0.reduce(0) { $0 + $1.seconds } } ?? Int($0.end.timeIntervalSince($0.start)) }

        // The contact time defaults to the live time, to the quarter hour below.
        let givenHours = problems.check { () throws(ConfigurationError) in try root.optional("cpd_hours")?.double(in: 0.25...100) }
        let outcomes = problems.check { () throws(ConfigurationError) in try learningOutcomes(root) }
        let signatory = problems.check { () throws(ConfigurationError) in try self.signatory(root) }
        let baseURL = problems.check { () throws(ConfigurationError) in
            let verification = try root.required("verification", hint: "give base_url, the address of the verification page")
            try verification.rejectUnknownKeys(["base_url"])
            return try verificationBase(try verification.required("base_url", hint: "e.g. https://verify.example.org/c/"))
        }
        let template = problems.check { () throws(ConfigurationError) in
            try root.required("template", hint: "name a template in Templates/, e.g. classic").text(atMost: Limit.templateName)
        }
        let rule = problems.check { () throws(ConfigurationError) in
            try attendanceRule(root, liveMinutes: liveSeconds.map { $0 / 60 } ?? maximumSessions * 24 * 60)
        }
        guard problems.found.isEmpty, let id, let title, let organiser, let format, let schedule, let liveSeconds, let givenHours,
            let outcomes, let signatory, let baseURL, let template, let rule
        else { throw ConfigurationErrors(problems.found) }
        return Event(
            id: id, title: title, organiser: organiser, format: format, start: schedule.start, end: schedule.end,
            timeZoneIdentifier: schedule.zoneName, cpdHours: givenHours ?? max(0.25, Double(liveSeconds / 900) / 4),
            learningOutcomes: outcomes, signatory: signatory, verificationBaseURL: baseURL, templateName: template,
            attendanceRule: rule, sessions: schedule.sessions)
    }

    /// The problems found so far; each check runs whatever failed before it.
    struct Problems {
        private(set) var found: [ConfigurationError] = []

        /// What `body` gives, or nil when it fails (its problem is kept).
        @discardableResult
        mutating func check<Value>(_ body: () throws(ConfigurationError) -> Value) -> Value? {
            do {
                return try body()
            } catch {
                found.append(error)
                return nil
            }
        }
    }

    /// The longest text each printed field may have. Every template fits these at its smallest
    /// size or says which element does not fit; far longer text is a mistake, caught at once.
    enum Limit {
        static let title = 300
        static let name = 200
        static let format = 100
        static let outcome = 400
        static let outcomes = 30
        static let templateName = 64
        /// The verification base: the QR code holds it plus a 24-character ID.
        static let verificationBase = 200
    }

    /// `verification.base_url`: an address the certificate ID is appended to as the last path
    /// segment, so it is given a trailing `/` when it has none; a query or fragment is refused,
    /// since the ID would land inside it.
    static func verificationBase(_ value: YAMLValue) throws(ConfigurationError) -> String {
        var base = try value.webAddress()
        guard base.count <= Limit.verificationBase else {
            throw value.error("is \(base.count) characters long; the most is \(Limit.verificationBase), so the QR code stays scannable")
        }
        guard !base.contains("?"), !base.contains("#") else {
            throw value.error(
                "must not have a query ('?') or fragment ('#'): the certificate ID is appended after its last '/', found '\(base)'")
        }
        if !base.hasSuffix("/") { base += "/" }
        return base
    }

    /// A warning for each address of `event` that is `http:` rather than `https:`, to print once.
    public static func warnings(_ event: Event, fileName: String) -> [String] {
        let addresses = [("organiser.url", event.organiser.url), ("verification.base_url", event.verificationBaseURL)]
        return addresses.compactMap { key, address in
            guard let address, WebAddress.check(address) == .insecure else { return nil }
            return
                "\(fileName): '\(key)' is an http: address (\(address)); browsers mark it not secure and anyone on the way can alter the page: use https:"
        }
    }

    /// Parses `2020-09-16T10:00` or `2020-09-16T10:00:00` (also with a space) in `zone`.
    static func dateTime(_ value: YAMLValue, zone: TimeZone) throws(ConfigurationError) -> Date {
        let text = try value.string()
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        for pattern in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"] {
            formatter.dateFormat = pattern
            if let date = formatter.date(from: text) { return date }
        }
        throw value.error("must be a local date and time like 2020-09-16T10:00, found '\(text)'")
    }
}
