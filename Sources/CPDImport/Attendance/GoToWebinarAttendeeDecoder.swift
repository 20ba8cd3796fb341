public import CPDCore

/// Reads GoTo Webinar's (formerly GoToWebinar, Citrix) "Attendee Report": a `General
/// Information` block, then `Session Details` (or `Attendee Details`) with one row a registrant:
/// `Attended` (Yes/No), `Interest Rating`, `First Name`, `Last Name`, `Email`, `Registration
/// Date`, `Join Time`, `Leave Time` (first and last, to the minute, with the zone's abbreviation),
/// `In Session Duration* (minutes)` (a decimal), and registration questions.
///
/// ```swift
/// let report = try GoToWebinarAttendeeDecoder().decode(data, fileName: "attendee-report.csv")
/// ```
/// It gives no sessions, so each total counts only as far as it is provably inside the live time
/// (see `ReportedSpan`). A registrant with `Attended` = No is one who never joined.
public struct GoToWebinarAttendeeDecoder: AttendanceDecoder {
    static let attended = Column("Attended")
    static let firstName = Column("First Name")
    static let lastName = Column("Last Name")
    static let email = Column("Email", "Email Address")
    static let join = Column("Join Time")
    static let leave = Column("Leave Time")
    static let duration = Column(
        "In Session Duration* (minutes)", "In Session Duration (minutes)", "Time in Session (minutes)", "Time in Session")
    static let interest = Column("Interest Rating")

    /// Creates the decoder.
    public init() {}

    /// True for the attendee table's header.
    static func isHeader(_ header: HeaderMap) -> Bool {
        header.contains(attended.names) && header.contains(interest.names) && header.contains(duration.names)
            && header.contains(join.names)
    }

    public func decode(_ document: AttendanceDocument, times: LocalTimeReader) throws(AttendanceFileError) -> AttendanceReport {
        try SpanReportReader(
            firstName: Self.firstName, lastName: Self.lastName, email: Self.email, join: Self.join, leave: Self.leave,
            duration: Self.duration, bareUnit: 60
        ).decode(
            document, times: times, isHeader: Self.isHeader, table: "Session Details",
            hint: "export the Attendee Report from GoTo Webinar (Analyze, Reports, Attendee) as CSV",
            required: [Self.email, Self.firstName, Self.leave],
            requiredHint: "GoTo Webinar's attendee report needs Email, First Name, Join Time and Leave Time")
    }
}
