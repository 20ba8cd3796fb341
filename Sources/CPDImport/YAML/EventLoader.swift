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

    /// Reads and validates the event in `data`; `fileName` is used in errors.
    public static func load(_ data: Data, fileName: String) throws(ConfigurationError) -> Event {
        guard let text = TextDecoding.decode(data) else {
            throw ConfigurationError(file: fileName, line: nil, path: "", message: "is not UTF-8 text")
        }
        let root = try YAMLValue.document(text, file: fileName)
        try root.rejectUnknownKeys(topLevelKeys)

        let idValue = try root.required("id", hint: "give the event a short identifier such as county-lines-2020")
        let id = try idValue.string()
        guard id.count <= 64,
            id.unicodeScalars.allSatisfy({
                $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "-_.".unicodeScalars.contains($0))
            })
        else {
            throw idValue.error("must use only letters, digits, '-', '_' and '.' (at most 64), found '\(id)'")
        }
        let title = try root.required("title", hint: "give the title as it should be printed").text(atMost: Limit.title)

        let organiserValue = try root.required("organiser", hint: "give the organiser's name (and url)")
        try organiserValue.rejectUnknownKeys(["name", "url"])
        let organiser = Organiser(
            name: try organiserValue.required("name", hint: "give the organiser's name").text(atMost: Limit.name),
            url: try organiserValue.optional("url")?.webAddress())

        let format = try root.required("format", hint: "say how the event was delivered, e.g. Live webinar").text(atMost: Limit.format)

        let (zoneName, start, end, sessions) = try schedule(root)
        let liveSeconds = sessions.map { $0.reduce(0) { $0 + $1.seconds } } ?? Int(end.timeIntervalSince(start))

        // The contact time defaults to the live time, to the quarter hour below.
        let cpdHours = try root.optional("cpd_hours")?.double(in: 0.25...100) ?? max(0.25, Double(liveSeconds / 900) / 4)

        let outcomesValue = try root.required("learning_outcomes", hint: "list what attendees will be able to do")
        let outcomeItems = try outcomesValue.items()
        guard outcomeItems.count <= Limit.outcomes else {
            throw outcomesValue.error("lists \(outcomeItems.count) learning outcomes; the most is \(Limit.outcomes)")
        }
        let outcomes = try outcomeItems.map { item throws(ConfigurationError) in try item.text(atMost: Limit.outcome) }
        guard !outcomes.isEmpty else { throw outcomesValue.error("must list at least one learning outcome") }

        let signatoryValue = try root.required("signatory", hint: "give the signatory's name and role")
        try signatoryValue.rejectUnknownKeys(["name", "role"])
        let signatory = Signatory(
            name: try signatoryValue.required("name", hint: "give the signatory's name").text(atMost: Limit.name),
            role: try signatoryValue.required("role", hint: "give the signatory's role").text(atMost: Limit.name))

        let verification = try root.required("verification", hint: "give base_url, the address of the verification page")
        try verification.rejectUnknownKeys(["base_url"])
        let baseValue = try verification.required("base_url", hint: "e.g. https://verify.example.org/c/")
        let baseURL = try verificationBase(baseValue)

        let template = try root.required("template", hint: "name a template in Templates/, e.g. classic").text(atMost: Limit.templateName)

        let attendance = try root.required("attendance", hint: "give minimum_fraction (e.g. 0.75) or minimum_minutes")
        try attendance.rejectUnknownKeys(["minimum_fraction", "minimum_minutes", "per_session"])
        let liveMinutes = liveSeconds / 60
        let perSessionValue = try attendance.optional("per_session")
        let perSession = try perSessionValue?.bool() ?? false
        let fraction = try attendance.optional("minimum_fraction")
        let minutes = try attendance.optional("minimum_minutes")
        let rule: AttendanceRule
        switch (fraction, minutes) {
        case (let fraction?, nil):
            let value = try fraction.double(in: 0...1)
            guard value > 0 else { throw fraction.error("must be greater than 0, found '\(value)'") }
            rule = perSession ? .fractionOfEachSession(value) : .fractionOfLiveTime(value)
        case (nil, let minutes?):
            if perSession, let perSessionValue {
                throw perSessionValue.error(
                    "applies to minimum_fraction only; give minimum_fraction (each session must meet it) instead of minimum_minutes")
            }
            rule = .minimumMinutes(try minutes.int(in: 1...max(1, liveMinutes)))
        case (.some, .some):
            throw attendance.error("must give either minimum_fraction or minimum_minutes, not both")
        case (nil, nil):
            throw attendance.error("must give minimum_fraction (e.g. 0.75 for 75% of the live time) or minimum_minutes")
        }

        return Event(
            id: id, title: title, organiser: organiser, format: format, start: start, end: end,
            timeZoneIdentifier: zoneName, cpdHours: cpdHours, learningOutcomes: outcomes,
            signatory: signatory, verificationBaseURL: baseURL, templateName: template,
            attendanceRule: rule, sessions: sessions)
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
