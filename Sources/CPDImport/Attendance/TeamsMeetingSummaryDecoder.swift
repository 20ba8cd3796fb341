public import CPDCore

/// Reads the Teams attendance list of mid 2021 to its replacement by the three-section report:
/// a `Meeting Summary` block (participants, title, start and end), then one row a person with
/// `Full Name`, `Join Time` (first), `Leave Time` (last), `Duration` (`1h 3m 51s`), `Email`,
/// `Role`, and `Participant ID (UPN)`; UTF-16, tab-separated.
///
/// ```swift
/// let report = try TeamsMeetingSummaryDecoder().decode(data, fileName: "meetingAttendanceList.csv")
/// ```
/// It gives no sessions, so each person's total counts only as far as it is provably inside the
/// live time (see `ReportedSpan`). Only `Role` = Attendee (or a translation) counts.
public struct TeamsMeetingSummaryDecoder: AttendanceDecoder {
    static let title = [
        "meeting summary", "besprechungszusammenfassung", "résumé de la réunion", "resumen de la reunión", "crynodeb y cyfarfod",
    ]
    static let name = Column(["Full Name", "Name"] + HeaderTranslations.teamsName)
    static let join = Column(["Join Time", "First Join"] + HeaderTranslations.teamsJoin)
    static let leave = Column(["Leave Time", "Last Leave"] + HeaderTranslations.teamsLeave)
    static let duration = Column(["Duration", "In-Meeting Duration"] + HeaderTranslations.teamsDuration)
    static let email = Column(["Email", "Participant ID (UPN)"] + HeaderTranslations.teamsEmail)
    static let role = Column(["Role"] + HeaderTranslations.teamsRole)

    /// Creates the decoder.
    public init() {}

    /// True for the people table's header (a `Duration` beside `Full Name` and join and leave).
    static func isHeader(_ header: HeaderMap) -> Bool {
        header.contains(name.names) && header.contains(join.names) && header.contains(leave.names) && header.contains(duration.names)
            && header.contains(role.names)
    }

    public func decode(_ document: AttendanceDocument, times: LocalTimeReader) throws(AttendanceFileError) -> AttendanceReport {
        let reader = SpanReportReader(
            name: Self.name, email: Self.email, join: Self.join, leave: Self.leave, duration: Self.duration, bareUnit: 60,
            notAttendee: { table, row in
                guard let role = table.value(Self.role, in: row), !HeaderTranslations.attendeeRoles.contains(role.lowercased()) else {
                    return nil
                }
                return "\(role), not an attendee: no certificate"
            })
        return try reader.decode(
            document, times: times, isHeader: Self.isHeader, table: "Full Name, Join Time, Leave Time, Duration, Email, Role",
            hint: "download the attendance list from the meeting's Attendance tab in Teams", required: [Self.email],
            requiredHint: "the email address identifies the attendee")
    }
}
