public import CPDCore

/// Reads Zoom's meeting "Participants" report: `Name (Original Name)`, `User Email`, `Join Time`,
/// `Leave Time`, `Duration (Minutes)`, `Guest`, possibly after a meeting summary block; newer
/// exports write the headers in lower case and leave guests' email blank.
///
/// ```swift
/// let report = try ZoomParticipantsDecoder().decode(data, fileName: "participants.csv")
/// ```
/// The host named in the summary block and rows spent in the waiting room are noted as ignored.
/// An export "with meeting data" repeats the summary in each row, with the host's `User Email`
/// before the participant's: the participant's is the last column of that name.
/// `Duration (Minutes)` is rounded by Zoom and not used.
public struct ZoomParticipantsDecoder: AttendanceDecoder {
    static let name = Column(
        ["Name (Original Name)", "Participant", "Name", "User Name (Original Name)", "User Name"] + HeaderTranslations.zoomName)
    static let email = Column(["User Email", "Email", "Email Address"] + HeaderTranslations.zoomEmail)
    static let join = Column(["Join Time"] + HeaderTranslations.zoomJoin)
    static let leave = Column(["Leave Time"] + HeaderTranslations.zoomLeave)
    static let waitingRoom = Column("In Waiting Room")
    static let meetingID = Column("Meeting ID")
    static let hostEmail = Column("User Email", "Host Email")

    /// Creates the decoder.
    public init() {}

    /// True for the participants table's header row.
    static func isParticipantsHeader(_ header: HeaderMap) -> Bool {
        header.contains(join.names) && header.contains(leave.names) && header.contains(name.names)
    }

    public func decode(_ document: AttendanceDocument, times: LocalTimeReader) throws(AttendanceFileError) -> AttendanceReport {
        let (rows, problems) = document.parsed()
        guard let table = ReportTable.first(in: rows, where: Self.isParticipantsHeader) else {
            throw .missingTable(
                file: document.fileName, table: "Participants",
                hint:
                    "Export the meeting's participants from Zoom (Reports, Usage, Participants, Export) with a Name, Join Time and Leave Time column"
            )
        }
        let roster = try table.roster(unless: Self.email, in: document, what: "This Zoom participants report")
        var builder = AttendanceReportBuilder(fileName: document.fileName)
        let summaryHost = Self.host(in: rows)
        let hostInEachRow = table.has(Self.meetingID)
        for row in table.rows {
            do throws(RowProblem) {
                if let waiting = table.value(Self.waitingRoom, in: row)?.lowercased(), waiting == "yes" || waiting == "true" {
                    builder.ignore(row.line, "time in the waiting room, not in the meeting: not counted")
                    continue
                }
                let name = try table.displayName(Self.name, in: row)
                let identity =
                    if let roster {
                        try builder.identity(named: name, column: table.name(Self.name), roster: roster, line: row.line)
                    } else {
                        try table.identity(
                            Self.email, in: row, last: true,
                            whenEmpty: "Zoom leaves it blank for guests who did not sign in, and the email address identifies the attendee")
                    }
                let host = hostInEachRow ? table.value(Self.hostEmail, in: row).flatMap { AttendeeIdentity(email: $0) } : summaryHost
                if identity == host {
                    builder.ignore(row.line, "the meeting's host, not an attendee: no certificate")
                    continue
                }
                guard let session = try table.session(join: Self.join, leave: Self.leave, in: row, times: times, builder: &builder) else {
                    throw RowProblem(
                        "'\(table.name(Self.join))' and '\(table.name(Self.leave))' are empty; the row says nothing about attendance")
                }
                builder.add(identity, name: name, session: session, line: row.line)
            } catch {
                builder.reject(row.line, error.message)
            }
        }
        return builder.report(problems: problems)
    }

    /// The host's identity from the meeting summary block above the participants, if there is one.
    static func host(in rows: [CSVRow]) -> AttendeeIdentity? {
        guard let summary = ReportTable.first(in: rows, where: { $0.contains(meetingID.names) && $0.contains(hostEmail.names) }),
            !isParticipantsHeader(summary.header), let row = summary.rows.first, !isParticipantsHeader(HeaderMap(headers: row.cells))
        else { return nil }
        return summary.value(hostEmail, in: row).flatMap { AttendeeIdentity(email: $0) }
    }
}
