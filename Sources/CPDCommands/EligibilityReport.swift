import CPDCore
import CPDImport
import Foundation

/// What `cpdcert eligibility` reports: every person with their attended time and the rule's
/// verdict, every rejected row, and totals. Its JSON form is `--json`'s output.
///
/// This is the organiser's own report, so it shows each person's identity (email); nothing
/// else cpdcert prints does.
///
/// The people are not held as report lines: each is assessed by the planner and written as it
/// comes (`write(to:)`), so a report of millions of attendees costs the evidence and no more.
struct EligibilityReport {
    struct EventSummary: Encodable {
        var id: String
        var title: String
        var timeZone: String
        var start: Date
        var end: Date
        var liveMinutes: Int
        var rule: String
    }

    struct Source: Encodable {
        var file: String
        var format: String
        var sha256: String?
    }

    struct Person: Encodable {
        /// The identity: trimmed, lower-cased email.
        var email: String
        /// The name as the report gives it (NFC).
        var name: String
        /// Counted minutes, rounded down to a tenth (display only; `attendedSeconds` is exact).
        var minutes: Double
        var attendedSeconds: Int
        var requiredSeconds: Int
        var eligible: Bool
        /// Sessions read for this person (0 when the file gives a total).
        var sessions: Int
        /// Seconds of overlapping sessions counted once.
        var overlapSeconds: Int
        /// Seconds connected outside the live time, not counted.
        var outsideLiveSeconds: Int
        var lines: [Int]
        /// With several files: each file that has the person's rows, and the lines in it.
        var sources: [PersonSource]?
        /// Why: the minutes against the rule, and what was not counted.
        var reason: String
    }

    struct PersonSource: Encodable {
        var file: String
        var lines: [Int]
    }

    struct Row: Encodable {
        var file: String
        var line: Int?
        var reason: String
    }

    struct Totals: Encodable {
        var people: Int
        var eligible: Int
        var ineligible: Int
        var rejectedRows: Int
        var ignoredRows: Int
    }

    /// The JSON document, keys as `--json` has always written them.
    private struct Document: Encodable {
        var event: EventSummary
        /// The first file, as `--json` wrote it when there could be only one.
        var source: Source
        var sources: [Source]
        var eligible: [Person]
        var ineligible: [Person]
        var rejected: [Row]
        var ignored: [Row]
        var warnings: [String]
        var totals: Totals
    }

    private let subject: Event
    private let evidence: [AttendanceEvidence]
    var event: EventSummary
    var sources: [Source]
    var rejected: [Row]
    var ignored: [Row]
    var warnings: [String]
    var totals: Totals

    /// The report for `imported` against `event`.
    init(event: Event, imported: ImportedAttendance) {
        let report = imported.report
        subject = event
        evidence = report.evidence
        self.event = EventSummary(
            id: event.id, title: event.title, timeZone: event.timeZoneIdentifier, start: event.start, end: event.end,
            liveMinutes: event.liveSeconds / 60, rule: event.ruleSummary)
        sources = imported.sources.map { Source(file: $0.file, format: $0.format.rawValue, sha256: $0.sha256) }
        rejected = report.rejected.map { Row(file: $0.file, line: $0.line, reason: $0.message) }
        ignored = report.ignored.map { Row(file: $0.file, line: $0.line, reason: $0.message) }
        warnings = AttendanceOptions.warnings(report, event: event, file: imported.sources.map(\.file).joined(separator: ", "))
        let eligibleCount = IssuancePlanner.decisions(event: event, evidence: report.evidence, issued: [:]).count {
            if case .issue = $0 { true } else { false }
        }
        totals = Totals(
            people: report.evidence.count, eligible: eligibleCount, ineligible: report.evidence.count - eligibleCount,
            rejectedRows: rejected.count, ignoredRows: ignored.count)
    }

    /// The planner's decisions, one person at a time (no registry: nobody is issued yet).
    private var decisions: LazyMapSequence<[AttendanceEvidence], IssuanceDecision> {
        IssuancePlanner.decisions(event: subject, evidence: evidence, issued: [:])
    }

    /// The eligible people's evidence and assessment (or the others'), in input order.
    private func assessed(eligible: Bool) -> some Sequence<(AttendanceEvidence, Eligibility)> {
        decisions.lazy.compactMap { decision -> (AttendanceEvidence, Eligibility)? in
            switch decision {
            case .issue(let evidence, let eligibility) where eligible: (evidence, eligibility)
            case .ineligible(let evidence, let eligibility) where !eligible: (evidence, eligibility)
            default: nil
            }
        }
    }

    /// The eligible people (or the others), in input order, each made when it is reached.
    private func people(eligible: Bool) -> some Sequence<Person> {
        assessed(eligible: eligible).lazy.map(person)
    }

    private func person(_ evidence: AttendanceEvidence, _ eligibility: Eligibility) -> Person {
        let time = evidence.attendedTime(in: subject)
        return Person(
            email: evidence.attendee.identity.email, name: evidence.attendee.fullName,
            minutes: Double(eligibility.attendedSeconds * 10 / 60) / 10, attendedSeconds: eligibility.attendedSeconds,
            requiredSeconds: eligibility.requiredSeconds, eligible: eligibility.isEligible, sessions: time.sessionCount,
            overlapSeconds: time.overlapSeconds, outsideLiveSeconds: time.outsideLiveSeconds, lines: evidence.lines,
            sources: evidence.origins.isEmpty
                ? nil : evidence.origins.map { PersonSource(file: sources[$0.source].file, lines: $0.lines) },
            reason: Self.reason(eligibility, time))
    }

    /// "attended 150 of 210 minutes; the rule is ...; 3 sessions; 12 minutes outside the live time not counted"
    static func reason(_ eligibility: Eligibility, _ time: AttendedTime) -> String {
        var parts = [eligibility.explanation]
        switch time.sessionCount {
        case 0 where time.summedSeconds == 0 && time.connectedSeconds == 0: parts.append("registered but never joined")
        case 0: break
        case 1: parts.append("1 session")
        case let count: parts.append("\(count) sessions")
        }
        if time.overlapSeconds > 0 {
            parts.append("\(Duration.minutesText(seconds: time.overlapSeconds)) minutes of overlapping sessions counted once")
        }
        if time.outsideLiveSeconds > 0 {
            parts.append("\(Duration.minutesText(seconds: time.outsideLiveSeconds)) minutes outside the live time not counted")
        }
        return parts.joined(separator: "; ")
    }

    /// The JSON form: snake_case keys, ISO 8601 dates, sorted keys.
    func json() throws -> Data {
        let document = Document(
            event: event, source: sources[0], sources: sources, eligible: Array(people(eligible: true)),
            ineligible: Array(people(eligible: false)),
            rejected: rejected, ignored: ignored, warnings: warnings, totals: totals)
        return try PublicCertificate.makeEncoder().encode(document)
    }

    /// The text form, line by line into `output`: a header, one line a person, the rejected and
    /// ignored rows, totals; each line ends with a newline. Give it a `StandardOutput`, which
    /// escapes what a terminal would act on.
    func write(to output: inout some TextOutputStream) {
        output.write("Event \(event.id): \(event.title)\n")
        output.write("Live time: \(Self.window(event)) (\(event.liveMinutes) minutes); rule: \(event.rule)\n")
        let files = sources.map { "\($0.file) (\(AttendanceFormat(rawValue: $0.format)?.summary ?? $0.format))" }
        output.write("Attendance: \(files.joined(separator: ", "))\n")
        for (title, eligible, count) in [("Eligible", true, totals.eligible), ("Not eligible", false, totals.ineligible)] where count > 0 {
            output.write("\n\(title) (\(count)):\n")
            // A first pass for the columns' widths, so that no line is held until the widest is known.
            var emailWidth = 0
            var nameWidth = 0
            // Fields are escaped for a terminal (see `Console.line`) before they are measured and padded.
            for (evidence, _) in assessed(eligible: eligible) {
                emailWidth = max(emailWidth, Self.width(Console.line(evidence.attendee.identity.email)))
                nameWidth = max(nameWidth, Self.width(Console.line(evidence.attendee.fullName)))
            }
            for person in people(eligible: eligible) {
                let email = Console.line(person.email), name = Console.line(person.name)
                output.write(
                    "  \(Self.pad(email, emailWidth))  \(Self.pad(name, nameWidth))  \(Self.pad(Duration.minutesText(seconds: person.attendedSeconds), 5, left: true)) min  \(person.reason)\n"
                )
            }
        }
        for (title, rows) in [("Rejected rows", rejected), ("Rows not about attendees", ignored)] where !rows.isEmpty {
            output.write("\n\(title) (\(rows.count)):\n")
            for row in rows { output.write("  \(Diagnostic(file: row.file, line: row.line, message: row.reason).description)\n") }
        }
        output.write("\n")
        for warning in warnings { output.write("warning: \(warning)\n") }
        output.write(
            "Totals: \(Self.count(totals.people, "person", "people")), \(totals.eligible) eligible, \(totals.ineligible) not eligible; "
                + "\(Self.count(totals.rejectedRows, "row", "rows")) rejected; \(Self.count(totals.ignoredRows, "row", "rows")) not about attendees\n"
        )
    }

    private static func count(_ number: Int, _ one: String, _ many: String) -> String {
        "\(number) \(number == 1 ? one : many)"
    }

    private static func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - Self.width(text)))
        return left ? padding + text : text + padding
    }

    /// Columns `text` takes in a terminal: combining marks none, East Asian wide characters two.
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format: return total
            default: break
            }
            let wide: [ClosedRange<UInt32>] = [
                0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
                0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD,
            ]
            return total + (wide.contains { $0.contains(scalar.value) } ? 2 : 1)
        }
    }

    private static func window(_ event: EventSummary) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: event.timeZone)
        formatter.dateFormat = "EEEE d MMMM yyyy, HH:mm"
        let start = formatter.string(from: event.start)
        formatter.dateFormat = "HH:mm"
        return "\(start)–\(formatter.string(from: event.end)) \(event.timeZone)"
    }
}
