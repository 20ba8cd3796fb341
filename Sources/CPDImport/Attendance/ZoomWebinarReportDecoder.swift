public import CPDCore

/// Reads Zoom's webinar "Attendee Report" CSV: tables under title lines (`Attendee Report,`,
/// `Host Details,`, `Panelist Details,`, `Attendee Details,`, `Other Attended,`), one row per
/// join/leave session, possibly overlapping and out of order.
///
/// ```swift
/// let report = try ZoomWebinarReportDecoder().decode(data, fileName: "zoom.csv")
/// ```
/// Only `Attendee Details` rows are evidence; hosts and panelists are noted as ignored, and so are
/// `Other Attended` rows (who have no email) unless a roster gives their names identities. `Attended` = `No` with `--` times is a registrant who never
/// joined. `Time in Session (minutes)` is rounded up by Zoom and is not used: the join and
/// leave times are.
public struct ZoomWebinarReportDecoder: AttendanceDecoder {
    static let attended = Column("Attended")
    static let userName = Column("User Name (Original Name)", "User Name", "Name (Original Name)", "Name")
    static let firstName = Column("First Name")
    static let lastName = Column("Last Name")
    static let email = Column("Email", "User Email", "Email Address")
    static let join = Column("Join Time")
    static let leave = Column("Leave Time")
    static let jobTitle = Column("Job Title")
    static let organisation = Column("Organization", "Organisation")

    /// The title of the table that earns certificates, and of those that never do.
    static let attendeeTitle = "attendee details"
    /// The table of people who attended without registering: names only, identified by a roster.
    static let otherTitle = "other attended"
    static let otherTitles = [
        "host details": "a host", "panelist details": "a panelist", "other attended": "in 'Other Attended' (no email)",
    ]

    /// Creates the decoder.
    public init() {}

    /// True for Zoom's table title lines ("Attendee Details", "Host Details", "Attendee Report").
    static func isTitle(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower == attendeeTitle || otherTitles[lower] != nil || lower.hasSuffix(" report") || lower.hasSuffix(" details")
    }

    public func decode(_ document: AttendanceDocument, times: LocalTimeReader) throws(AttendanceFileError) -> AttendanceReport {
        let (rows, problems) = document.parsed()
        let tables = ReportTable.sections(in: rows, isTitle: Self.isTitle)
        guard let attendees = tables.first(where: { $0.title?.lowercased() == Self.attendeeTitle }) else {
            throw .missingTable(
                file: document.fileName, table: "Attendee Details",
                hint: "Export the webinar's Attendee Report from Zoom (Reports, Webinar, Attendee Report) and pass the CSV as it is")
        }
        let hint =
            "Zoom's Attendee Details need Email, Join Time and Leave Time, and a name (User Name (Original Name), or First Name and Last Name)"
        try attendees.require([Self.email, Self.join, Self.leave], file: document.fileName, hint: hint)
        guard attendees.has(Self.userName) || attendees.has(Self.firstName) else {
            throw .missingColumn(
                file: document.fileName, line: attendees.headerLine, column: Self.userName.label, found: attendees.header.headers,
                hint: hint)
        }

        var builder = AttendanceReportBuilder(fileName: document.fileName)
        for table in tables {
            guard let what = table.title.flatMap({ Self.otherTitles[$0.lowercased()] }) else { continue }
            if table.title?.lowercased() == Self.otherTitle, let roster = document.roster {
                readOtherAttended(table, roster: roster, times: times, into: &builder)
                continue
            }
            let hint = table.title?.lowercased() == Self.otherTitle ? " (pass the registration list with --roster to identify them)" : ""
            for row in table.rows { builder.ignore(row.line, "\(what), not an attendee: no certificate\(hint)") }
        }
        for row in attendees.rows {
            do throws(RowProblem) {
                let identity = try attendees.identity(Self.email, in: row)
                let name = try PersonName.preferred(
                    first: attendees.text(.name, Self.firstName, in: row), last: attendees.text(.name, Self.lastName, in: row),
                    display: attendees.text(.name, Self.userName, in: row))
                if let name { try AttendeeField.requireVisibleName(name, column: attendees.name(Self.userName)) }
                let session = try attendees.session(join: Self.join, leave: Self.leave, in: row, times: times, builder: &builder)
                if session == nil, attendees.value(Self.attended, in: row)?.lowercased() != "no" {
                    throw RowProblem(
                        "'\(attendees.name(Self.join))' and '\(attendees.name(Self.leave))' are empty although '\(attendees.name(Self.attended))' is not No"
                    )
                }
                try builder.add(
                    identity, name: name, session: session, line: row.line,
                    jobTitle: attendees.text(.jobTitle, Self.jobTitle, in: row),
                    organisation: attendees.text(.organisation, Self.organisation, in: row))
            } catch {
                builder.reject(row.line, error.message)
            }
        }
        return builder.report(problems: problems)
    }

    /// `Other Attended` rows matched by name to `roster`'s bookings.
    private func readOtherAttended(
        _ table: ReportTable, roster: AttendanceRoster, times: LocalTimeReader, into builder: inout AttendanceReportBuilder
    ) {
        for row in table.rows {
            do throws(RowProblem) {
                let name = try table.displayName(Self.userName, in: row)
                let identity = try builder.identity(named: name, column: table.name(Self.userName), roster: roster, line: row.line)
                let session = try table.session(join: Self.join, leave: Self.leave, in: row, times: times, builder: &builder)
                builder.add(identity, name: name, session: session, line: row.line)
            } catch {
                builder.reject(row.line, error.message)
            }
        }
    }
}
