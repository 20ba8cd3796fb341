public import CPDCore

/// Reads Microsoft Teams' attendance report (UTF-16 with BOM, tab-separated): `1. Summary`,
/// `2. Participants` (one row a person, with registration details for webinars) and
/// `3. In-Meeting Activities` (one row a session), which is the evidence.
///
/// ```swift
/// let report = try TeamsAttendanceDecoder().decode(data, fileName: "meetingAttendanceReport.csv")
/// ```
/// Only `Role` = Attendee counts. A person's identity is their registration email when the
/// participants table gives one, else their email; a guest with no email in the activity row is
/// matched to the one participant with that name and no email, if there is exactly one (the
/// name only links two rows of the file; the identity is still an email). A session with no join
/// or leave time is reported, not guessed. Durations (`1h 2m 3s`) are not used.
public struct TeamsAttendanceDecoder: AttendanceDecoder {
    static let name = Column(["Name", "Full Name"] + HeaderTranslations.teamsName)
    static let email = Column(["Email", "Email Address"] + HeaderTranslations.teamsEmail)
    static let role = Column(["Role"] + HeaderTranslations.teamsRole)
    static let join = Column(["Join Time", "Join"] + HeaderTranslations.teamsJoin)
    static let leave = Column(["Leave Time", "Leave"] + HeaderTranslations.teamsLeave)
    static let firstJoin = Column(["First Join"] + HeaderTranslations.teamsFirstJoin)
    static let registrationEmail = Column("Registration Email", "Registration Email Address")
    static let registrationFirstName = Column("Registration First Name")
    static let registrationLastName = Column("Registration Last Name")

    /// Creates the decoder.
    public init() {}

    /// True for a numbered section title such as `3. In-Meeting Activities`.
    static func isTitle(_ text: String) -> Bool {
        guard let dot = text.firstIndex(of: "."), dot > text.startIndex else { return false }
        return text[..<dot].allSatisfy(\.isASCII) && text[..<dot].allSatisfy(\.isNumber)
    }

    /// What the participants table says about one person.
    struct Registration {
        var identity: AttendeeIdentity
        var name: String?
    }

    public func decode(_ document: AttendanceDocument, times: LocalTimeReader) throws(AttendanceFileError) -> AttendanceReport {
        let (rows, problems) = document.parsed()
        let tables = ReportTable.sections(in: rows, isTitle: Self.isTitle)
        guard let activities = tables.first(where: { $0.has(Self.join) && $0.has(Self.leave) && !$0.has(Self.firstJoin) }) else {
            throw .missingTable(
                file: document.fileName, table: "3. In-Meeting Activities",
                hint:
                    "cpdcert needs each session's join and leave times: download the full attendance report from Teams (Attendance tab, Download), not the participants list alone"
            )
        }
        try activities.require(
            [Self.name, Self.email], file: document.fileName,
            hint: "Teams' In-Meeting Activities need Name, Join Time, Leave Time and Email")
        let participants = tables.first { $0.has(Self.firstJoin) }
        let (byEmail, byName, refused) = participants.map(Self.registrations) ?? ([:], [:], [])

        var builder = AttendanceReportBuilder(fileName: document.fileName)
        for (line, problem) in refused { builder.reject(line, problem.message) }
        for row in activities.rows {
            do throws(RowProblem) {
                if let role = activities.value(Self.role, in: row), !HeaderTranslations.attendeeRoles.contains(role.lowercased()) {
                    builder.ignore(row.line, "\(role), not an attendee: no certificate")
                    continue
                }
                let registration: Registration
                if let email = activities.value(Self.email, in: row) {
                    let identity = try ReportTable.identity(email, column: activities.name(Self.email))
                    registration = byEmail[identity] ?? Registration(identity: identity, name: nil)
                } else {
                    // Only a name shared by no other email-less participant links the row.
                    let candidates = activities.value(Self.name, in: row).flatMap { byName[$0.precomposedNFC] } ?? []
                    guard candidates.count == 1, let only = candidates[0] else {
                        throw RowProblem(
                            "'\(activities.name(Self.email))' is empty and "
                                + (candidates.count > 1
                                    ? "\(candidates.count) participants of that name have no email, so cpdcert cannot tell which this is"
                                    : "no participant of that name has a 'Registration Email'")
                                + "; the email address identifies the attendee")
                    }
                    registration = only
                }
                let session = try activities.session(join: Self.join, leave: Self.leave, in: row, times: times, builder: &builder)
                guard let session else {
                    throw RowProblem(
                        "'\(activities.name(Self.join))' and '\(activities.name(Self.leave))' are empty; cpdcert does not guess a session")
                }
                let shown = try activities.displayName(Self.name, in: row)
                builder.add(registration.identity, name: registration.name ?? shown, session: session, line: row.line)
            } catch {
                builder.reject(row.line, error.message)
            }
        }
        return builder.report(problems: problems)
    }

    /// The participants table's registrations: by the email Teams shows, and, for participants
    /// with no email, by their display name (nil for one with no registration email either); and
    /// the rows whose registered name cannot be printed (their activities then show the display name).
    static func registrations(_ table: ReportTable) -> (
        [AttendeeIdentity: Registration], [String: [Registration?]], [(line: Int, problem: RowProblem)]
    ) {
        var byEmail: [AttendeeIdentity: Registration] = [:]
        var byName: [String: [Registration?]] = [:]
        var refused: [(line: Int, problem: RowProblem)] = []
        for row in table.rows {
            let registered = table.value(registrationEmail, in: row).flatMap { AttendeeIdentity(email: $0) }
            let shown = table.value(email, in: row).flatMap { AttendeeIdentity(email: $0) }
            // The registered name is printed only for a participant with a registration email.
            var name: String?
            if registered != nil {
                do throws(RowProblem) {
                    name = try PersonName.preferred(
                        first: table.text(.name, registrationFirstName, in: row), last: table.text(.name, registrationLastName, in: row),
                        display: table.text(.name, Self.name, in: row))
                    if let name { try AttendeeField.requireVisibleName(name, column: table.name(Self.name)) }
                } catch {
                    refused.append((row.line, error))
                    name = nil
                }
            }
            let registration = (registered ?? shown).map { Registration(identity: $0, name: name) }
            if let shown {
                byEmail[shown] = registration
            } else if let display = table.value(Self.name, in: row) {
                byName[display.precomposedNFC, default: []].append(registration)
            }
        }
        return (byEmail, byName, refused)
    }
}
