import CPDCore
import Foundation

/// The keys of an event file that `loadCheckingEveryField` checks one by one, each failing with
/// the problem it finds.
extension EventLoader {
    /// `id`: letters, digits, `-`, `_` and `.`, at most 64.
    static func eventID(_ root: YAMLValue) throws(ConfigurationError) -> String {
        let idValue = try root.required("id", hint: "give the event a short identifier such as county-lines-2020")
        let id = try idValue.string()
        guard id.count <= 64,
            id.unicodeScalars.allSatisfy({
                $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "-_.".unicodeScalars.contains($0))
            })
        else {
            throw idValue.error("must use only letters, digits, '-', '_' and '.' (at most 64), found '\(id)'")
        }
        return id
    }

    /// `organiser`: its name and, optionally, its web address.
    static func organiser(_ root: YAMLValue) throws(ConfigurationError) -> Organiser {
        let organiserValue = try root.required("organiser", hint: "give the organiser's name (and url)")
        try organiserValue.rejectUnknownKeys(["name", "url"])
        return Organiser(
            name: try organiserValue.required("name", hint: "give the organiser's name").text(atMost: Limit.name),
            url: try organiserValue.optional("url")?.webAddress())
    }

    /// `learning_outcomes`: one to the most a template prints, each printable text.
    static func learningOutcomes(_ root: YAMLValue) throws(ConfigurationError) -> [String] {
        let outcomesValue = try root.required("learning_outcomes", hint: "list what attendees will be able to do")
        let outcomeItems = try outcomesValue.items()
        guard outcomeItems.count <= Limit.outcomes else {
            throw outcomesValue.error("lists \(outcomeItems.count) learning outcomes; the most is \(Limit.outcomes)")
        }
        let outcomes = try outcomeItems.map { item throws(ConfigurationError) in try item.text(atMost: Limit.outcome) }
        guard !outcomes.isEmpty else { throw outcomesValue.error("must list at least one learning outcome") }
        return outcomes
    }

    /// `signatory`: the name and role printed under the signature.
    static func signatory(_ root: YAMLValue) throws(ConfigurationError) -> Signatory {
        let signatoryValue = try root.required("signatory", hint: "give the signatory's name and role")
        try signatoryValue.rejectUnknownKeys(["name", "role"])
        return Signatory(
            name: try signatoryValue.required("name", hint: "give the signatory's name").text(atMost: Limit.name),
            role: try signatoryValue.required("role", hint: "give the signatory's role").text(atMost: Limit.name))
    }

    /// `attendance`: a fraction of the live time (of each session, with `per_session`) or
    /// minutes, at most `liveMinutes`.
    static func attendanceRule(_ root: YAMLValue, liveMinutes: Int) throws(ConfigurationError) -> AttendanceRule {
        let attendance = try root.required("attendance", hint: "give minimum_fraction (e.g. 0.75) or minimum_minutes")
        try attendance.rejectUnknownKeys(["minimum_fraction", "minimum_minutes", "per_session"])
        let perSessionValue = try attendance.optional("per_session")
        let perSession = try perSessionValue?.bool() ?? false
        let fraction = try attendance.optional("minimum_fraction")
        let minutes = try attendance.optional("minimum_minutes")
        switch (fraction, minutes) {
        case (let fraction?, nil):
            let value = try fraction.double(in: 0...1)
            guard value > 0 else { throw fraction.error("must be greater than 0, found '\(value)'") }
            return perSession ? .fractionOfEachSession(value) : .fractionOfLiveTime(value)
        case (nil, let minutes?):
            if perSession, let perSessionValue {
                throw perSessionValue.error(
                    "applies to minimum_fraction only; give minimum_fraction (each session must meet it) instead of minimum_minutes")
            }
            return .minimumMinutes(try minutes.int(in: 1...max(1, liveMinutes)))
        case (.some, .some):
            throw attendance.error("must give either minimum_fraction or minimum_minutes, not both")
        case (nil, nil):
            throw attendance.error("must give minimum_fraction (e.g. 0.75 for 75% of the live time) or minimum_minutes")
        }
    }
}
