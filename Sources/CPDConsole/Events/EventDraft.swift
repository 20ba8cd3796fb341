import CPDCore
import CPDImport
import Foundation

/// An event definition as the "Add an event" form and the API give it: the fields of
/// `event.yaml`, written as a definition (JSON, which is YAML) and checked by `EventLoader` and
/// the composer exactly as an uploaded `event.yaml` is. Nothing here judges a value; it only
/// places each problem the loader finds beside the field it is about.
///
/// ```swift
/// let draft = EventDraft(form: ["id": "county-lines-2020", "title": "Tackling ...", ...])
/// switch draft.checked() { case .success(let event): ...; case .failure(let problems): ... }
/// ```
struct EventDraft {
    /// One field of the form: its name, the key path it fills in the definition, and its label key.
    struct Field: Sendable {
        /// How a field's text becomes a value of the definition.
        enum Kind: Sendable {
            case text
            /// One item a line (learning outcomes).
            case list
            /// One session a line, "2020-09-16 09:30 12:30": a list of date, start and end.
            case sessions
            /// A checkbox: true when ticked, left out when not.
            case flag
        }

        var name: String
        var path: String
        var kind = Kind.text

        /// Whether the form gives it a text area (one item a line).
        var isList: Bool { kind == .list || kind == .sessions }
    }

    /// The form's fields, in the definition's order (the order the loader checks them).
    static let fields = [
        Field(name: "id", path: "id"),
        Field(name: "title", path: "title"),
        Field(name: "organiser_name", path: "organiser.name"),
        Field(name: "organiser_url", path: "organiser.url"),
        Field(name: "format", path: "format"),
        Field(name: "time_zone", path: "schedule.time_zone"),
        Field(name: "start", path: "schedule.start"),
        Field(name: "end", path: "schedule.end"),
        Field(name: "sessions", path: "schedule.sessions", kind: .sessions),
        Field(name: "cpd_hours", path: "cpd_hours"),
        Field(name: "learning_outcomes", path: "learning_outcomes", kind: .list),
        Field(name: "signatory_name", path: "signatory.name"),
        Field(name: "signatory_role", path: "signatory.role"),
        Field(name: "base_url", path: "verification.base_url"),
        Field(name: "template", path: "template"),
        Field(name: "minimum_fraction", path: "attendance.minimum_fraction"),
        Field(name: "minimum_minutes", path: "attendance.minimum_minutes"),
        Field(name: "per_session", path: "attendance.per_session", kind: .flag),
    ]

    /// The definition, as JSON text (YAML's flow style): what is stored and what the loader reads.
    let definition: Data

    /// A draft from the form's values (by field name); an empty field is left out, so the
    /// loader says it is missing when it must be given.
    init(form values: [String: String]) {
        var root: [String: Any] = [:]
        for field in Self.fields {
            guard let value = values[field.name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { continue }
            let lines = value.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let item: Any =
                switch field.kind {
                case .text: value
                case .list: lines
                case .sessions: lines.map(Self.session)
                case .flag: true
                }
            Self.set(item, at: field.path.split(separator: ".").map(String.init), in: &root)
        }
        definition = Self.json(root)
    }

    /// One line of the sessions field as the definition's session: "2020-09-16 09:30 12:30" (or
    /// "09:30–12:30", "09:30-12:30", "09:30 to 12:30") gives its date, start and end. A line of
    /// another shape keeps what it has, so that the loader says what is missing or wrong.
    static func session(_ line: String) -> [String: String] {
        var tokens: [String] = []
        for word in line.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == "–" || $0 == "—" }).map(String.init)
        where word.lowercased() != "to" {
            let parts = word.split(separator: "-", omittingEmptySubsequences: false)
            if parts.count == 2, parts.allSatisfy({ $0.contains(":") }) { tokens += parts.map(String.init) } else { tokens.append(word) }
        }
        guard tokens.count <= 3 else { return ["date": line] }
        return Dictionary(uniqueKeysWithValues: zip(["date", "start", "end"], tokens))
    }

    /// A draft from a JSON object holding the definition's keys (the API's `event`).
    init(object: [String: Any]) {
        definition = Self.json(object)
    }

    /// A problem the loader found: the key path it is about ("" for the whole event) and its words.
    struct Problem: Sendable, Encodable {
        var path: String
        var message: String
    }

    /// Every problem found in a draft.
    struct Problems: Error, Sendable {
        var found: [Problem]
    }

    /// The event, or every problem found.
    func checked() -> Result<Event, Problems> {
        let event: Event
        do {
            event = try EventLoader.loadCheckingEveryField(definition, fileName: "the event")
        } catch {
            return .failure(Problems(found: error.errors.map { Problem(path: $0.path, message: Self.message($0)) }))
        }
        do {
            _ = try CertificateComposer(event: event)
        } catch {
            return .failure(Problems(found: [Problem(path: "", message: "\(error)")]))
        }
        return .success(event)
    }

    /// The field a key path is about: the field at the path, the first inside it (`schedule` when
    /// it is missing whole), or the one it is inside (`learning_outcomes[2]`).
    static func field(of path: String) -> Field? {
        fields.first { $0.path == path } ?? fields.first { $0.path.hasPrefix(path + ".") || path.hasPrefix($0.path + "[") }
    }

    /// The loader's words for a problem, with the key it is about.
    static func message(_ error: ConfigurationError) -> String {
        error.path.isEmpty ? error.message : "'\(error.path)' \(error.message)"
    }

    private static func set(_ value: Any, at path: [String], in object: inout [String: Any]) {
        guard let key = path.first else { return }
        if path.count == 1 {
            object[key] = value
            return
        }
        var child = object[key] as? [String: Any] ?? [:]
        set(value, at: Array(path.dropFirst()), in: &child)
        object[key] = child
    }

    private static func json(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }
}
