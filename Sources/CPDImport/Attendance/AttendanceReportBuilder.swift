import CPDCore

/// Gathers a file's rows into an `AttendanceReport`: merges each identity's rows (several
/// registrations or devices of one email are one person), chooses the name to print, and
/// keeps every rejected and ignored row with its line.
struct AttendanceReportBuilder {
    let fileName: String
    private var order: [AttendeeIdentity] = []
    private var people: [AttendeeIdentity: Person] = [:]
    private var totals: [AttendanceEvidence] = []
    private var rejected: [Diagnostic] = []
    private var ignored: [Diagnostic] = []
    private var warnings: [Diagnostic] = []
    /// The booking's name for identities a roster gave (see `identity(named:column:roster:line:)`):
    /// the name the person wrote when they registered, printed rather than a display name.
    var registeredNames: [AttendeeIdentity: String] = [:]
    /// Job titles and organisations met so far: thousands of attendees share a few dozen, and
    /// each shares one copy of its text.
    private var shared: Set<String> = []

    private struct Person {
        var names: [String] = []
        var jobTitle: String?
        var organisation: String?
        var sessions: [AttendanceInterval] = []
        var lines: [Int] = []
    }

    init(fileName: String) {
        self.fileName = fileName
    }

    /// Records a row of `identity`: a session, or none for a registrant who never joined.
    mutating func add(
        _ identity: AttendeeIdentity, name: String?, session: AttendanceInterval?, line: Int,
        jobTitle: String? = nil, organisation: String? = nil
    ) {
        if people[identity] == nil {
            order.append(identity)
            people[identity] = Person()
        }
        people[identity]!.lines.append(line)
        if let name = name?.trimmingWhitespace(), !name.isEmpty { people[identity]!.names.append(name) }
        if let session { people[identity]!.sessions.append(session) }
        if people[identity]!.jobTitle == nil { people[identity]!.jobTitle = jobTitle }
        if people[identity]!.organisation == nil { people[identity]!.organisation = organisation }
    }

    /// Records evidence the decoder built whole (a reported total).
    mutating func add(_ evidence: AttendanceEvidence) {
        var evidence = evidence
        evidence.attendee.jobTitle = share(evidence.attendee.jobTitle)
        evidence.attendee.organisation = share(evidence.attendee.organisation)
        totals.append(evidence)
    }

    /// The copy of `text` met first.
    private mutating func share(_ text: String?) -> String? {
        guard let text else { return nil }
        return shared.insert(text).memberAfterInsert
    }

    /// Rejects a row (or the file, with no line): it is not used.
    mutating func reject(_ line: Int?, _ message: String) {
        rejected.append(Diagnostic(file: fileName, line: line, message: message))
    }

    /// Warns about a row that is used as it is read, but the reading is a choice the user should know of.
    mutating func warn(_ line: Int, _ message: String) {
        warnings.append(Diagnostic(file: fileName, line: line, message: message))
    }

    /// Notes a row that is not about an attendee (a host, a panelist): not an error.
    mutating func ignore(_ line: Int, _ message: String) {
        ignored.append(Diagnostic(file: fileName, line: line, message: message))
    }

    /// The report, with `problems` (from reading the CSV) among the rejected rows.
    mutating func report(problems: [Diagnostic] = []) -> AttendanceReport {
        var rejected = rejected + problems
        var evidence = totals
        for identity in order {
            let person = people[identity]!
            guard let name = registeredNames[identity] ?? Self.commonest(person.names) else {
                rejected.append(
                    Diagnostic(
                        file: fileName, line: person.lines.first,
                        message:
                            "no row for this attendee gives a name (lines \(person.lines.map(String.init).joined(separator: ", "))); add the name as it should be printed"
                    ))
                continue
            }
            var attendee = Attendee(fullName: name, identity: identity, jobTitle: person.jobTitle, organisation: person.organisation)
            attendee.jobTitle = share(attendee.jobTitle)
            attendee.organisation = share(attendee.organisation)
            evidence.append(
                AttendanceEvidence(
                    attendee: attendee, sessions: person.sessions.sorted { ($0.start, $0.end) < ($1.start, $1.end) },
                    lines: person.lines.sorted()))
        }
        return AttendanceReport(
            evidence: evidence, rejected: Self.inLineOrder(rejected), ignored: Self.inLineOrder(ignored),
            warnings: Self.inLineOrder(warnings))
    }

    /// The name given most often (NFC), the earliest on a tie.
    static func commonest(_ names: [String]) -> String? {
        let normalised = names.map(\.precomposedNFC)
        var counts: [String: Int] = [:]
        for name in normalised { counts[name, default: 0] += 1 }
        guard let most = counts.values.max() else { return nil }
        return normalised.first { counts[$0] == most }
    }

    /// Diagnostics in line order, keeping the order of those on one line.
    static func inLineOrder(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element)
    }
}
