public import CPDCore

/// Reads Webex's attendee reports: the meeting "Attendee" report of Webex site administration
/// and Control Hub (`Name` or `Participant Name`, `Email`, `Join Time`, `Leave Time`, `Duration`)
/// and the Webex Webinars "Attendee Report" (`Attendee Name`, `Email Address`, `Join Time`,
/// `Leave Time`, `Attendance Duration`); one row a connection, so a person who rejoined has
/// several. The rows are sessions, merged per person and clipped to the live time.
///
/// ```swift
/// let report = try WebexAttendeeDecoder().decode(data, fileName: "attendees.csv")
/// ```
/// Rows whose `Role` is Host, Cohost or Panelist are noted as ignored. Durations are not used.
public struct WebexAttendeeDecoder: AttendanceDecoder {
    static let name = Column("Attendee Name", "Participant Name", "Name", "Display Name")
    static let email = Column("Attendee Email", "Email Address", "Email", "Participant Email")
    static let join = Column("Join Time", "Joined", "Start Time")
    static let leave = Column("Leave Time", "Left", "End Time")
    static let role = Column("Role", "Attendee Role", "Participant Role")
    static let marker = Column("Attendance Duration", "Attendee Email", "Participant Name", "Attendee Name")
    static let nonAttendeeRoles: Set<String> = ["host", "cohost", "co-host", "panelist", "presenter", "alternate host"]

    /// Creates the decoder.
    public init() {}

    /// True for a Webex attendee table's header: join and leave beside a Webex-named column.
    static func isHeader(_ header: HeaderMap) -> Bool {
        header.contains(join.names) && header.contains(leave.names) && header.contains(email.names) && header.contains(marker.names)
    }

    public func decode(_ document: AttendanceDocument, times: LocalTimeReader) throws(AttendanceFileError) -> AttendanceReport {
        let (rows, problems) = document.parsed()
        guard let table = ReportTable.first(in: rows, where: Self.isHeader) ?? ReportTable.first(in: rows, where: Self.isPlainHeader) else {
            throw .missingTable(
                file: document.fileName, table: "attendees",
                hint: "export the meeting's or webinar's attendee report from Webex as CSV, with Email, Join Time and Leave Time")
        }
        try table.require([Self.name], file: document.fileName, hint: "the report needs the attendees' names to print")
        var builder = AttendanceReportBuilder(fileName: document.fileName)
        for row in table.rows {
            do throws(RowProblem) {
                if let role = table.value(Self.role, in: row), Self.nonAttendeeRoles.contains(role.lowercased()) {
                    builder.ignore(row.line, "\(role), not an attendee: no certificate")
                    continue
                }
                let identity = try table.identity(Self.email, in: row)
                guard let session = try table.session(join: Self.join, leave: Self.leave, in: row, times: times, builder: &builder) else {
                    throw RowProblem(
                        "'\(table.name(Self.join))' and '\(table.name(Self.leave))' are empty; the row says nothing about attendance")
                }
                builder.add(identity, name: try table.displayName(Self.name, in: row), session: session, line: row.line)
            } catch {
                builder.reject(row.line, error.message)
            }
        }
        return builder.report(problems: problems)
    }

    /// The header of a report given as Webex with `--format`: any with name, email, join and leave.
    static func isPlainHeader(_ header: HeaderMap) -> Bool {
        header.contains(join.names) && header.contains(leave.names) && header.contains(email.names) && header.contains(name.names)
    }
}
