import Foundation

/// An event's definition as it was when its certificates were issued: every field that is
/// printed or decides eligibility, by the name `event.yaml` gives it, in one canonical form with
/// its SHA-256. The registry keeps the first one for each event id, so that a later run with a
/// different definition under the same id (a copied file whose `id` was not changed, a title
/// fixed in place) is refused with the differences instead of silently reusing the old event.
///
/// ```swift
/// let frozen = EventDefinition(event)
/// let changes = frozen.changes(to: EventDefinition(edited))   // ["title: 'A' -> 'B'"]
/// ```
public struct EventDefinition: Hashable, Sendable, Codable {
    /// The event id the definition is frozen under.
    public let eventID: String
    /// Each field's name and value in words, in `event.yaml` order.
    public let fields: [Field]

    private enum CodingKeys: String, CodingKey {
        case eventID = "event_id"
        case fields
    }

    /// One field of a definition.
    public struct Field: Hashable, Sendable, Codable {
        /// The name in `event.yaml`, dotted for nested keys (`organiser.url`).
        public let name: String
        /// The value; a list for learning outcomes.
        public let values: [String]
    }

    /// The definition of `event`.
    public init(_ event: Event) {
        eventID = event.id
        var fields: [Field] = []
        func add(_ name: String, _ values: String...) { fields.append(Field(name: name, values: values)) }
        add("title", event.title)
        add("organiser.name", event.organiser.name)
        add("organiser.url", event.organiser.url ?? "")
        add("format", event.format)
        add("start", Self.localTime(event.start, event.timeZoneIdentifier))
        add("end", Self.localTime(event.end, event.timeZoneIdentifier))
        add("time_zone", event.timeZoneIdentifier)
        // Only an event of several sessions has this field, so that a single-window event's
        // definition (and its SHA-256, frozen in registries) stays what it always was.
        if let sessions = event.sessionList {
            fields.append(
                Field(
                    name: "sessions",
                    values: sessions.map {
                        "\(Self.localTime($0.start, event.timeZoneIdentifier))/\(Self.localTime($0.end, event.timeZoneIdentifier))"
                    }))
        }
        add("cpd_hours", Self.number(event.cpdHours))
        fields.append(Field(name: "learning_outcomes", values: event.learningOutcomes))
        add("signatory.name", event.signatory.name)
        add("signatory.role", event.signatory.role)
        add("verification.base_url", event.verificationBaseURL)
        add("template", event.templateName)
        switch event.attendanceRule {
        case .minimumMinutes(let minutes): add("attendance.minimum_minutes", String(minutes))
        case .fractionOfLiveTime(let fraction): add("attendance.minimum_fraction", Self.number(fraction))
        case .fractionOfEachSession(let fraction):
            add("attendance.minimum_fraction", Self.number(fraction))
            add("attendance.per_session", "true")
        }
        self.fields = fields
    }

    /// Reads back a definition from its canonical bytes (which are JSON); nil if they are not one.
    public init?(canonical: [UInt8]) {
        guard let decoded = try? JSONDecoder().decode(EventDefinition.self, from: Data(canonical)) else { return nil }
        self = decoded
    }

    /// The canonical form: sorted keys, no white space (see `CanonicalJSON`).
    public var canonical: [UInt8] {
        CanonicalJSON.object([
            "event_id": .string(eventID),
            "fields": .array(
                fields.map { .object(["name": .string($0.name), "values": .array($0.values.map(CanonicalJSON.string))]) }),
        ]).bytes
    }

    /// SHA-256 of the canonical form.
    public var sha256: SHA256Digest { SHA256Digest(hashing: canonical) }

    /// What differs from this definition in `other`, one line per field:
    /// `title: 'Tackling ...' -> 'Tackling ... (repeat)'`. Empty when they are the same.
    public func changes(to other: EventDefinition) -> [String] {
        var lines: [String] = []
        let theirs = Dictionary(other.fields.map { ($0.name, $0.values) }, uniquingKeysWith: { first, _ in first })
        let ours = Set(fields.map(\.name))
        for field in fields where theirs[field.name] != field.values {
            lines.append("\(field.name): \(Self.words(field.values)) -> \(Self.words(theirs[field.name] ?? []))")
        }
        for field in other.fields where !ours.contains(field.name) {
            lines.append("\(field.name): (none) -> \(Self.words(field.values))")
        }
        return lines
    }

    private static func words(_ values: [String]) -> String {
        values.count == 1 ? "'\(values[0])'" : "[" + values.map { "'\($0)'" }.joined(separator: ", ") + "]"
    }

    /// `2020-09-16T10:00:00+01:00`: the instant, to the second, as the organiser's clock read it.
    static func localTime(_ date: Date, _ zone: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssxxx"
        return formatter.string(from: date)
    }

    /// The shortest text that reads back as `value`: `3.5`, `0.75`, `3`.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
}
