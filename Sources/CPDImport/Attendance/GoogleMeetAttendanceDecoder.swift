public import CPDCore

/// Reads Google Meet's attendance report (Google Workspace editions with attendance tracking;
/// a Google Sheet mailed to the organiser, downloaded as CSV): one row a participant, `First
/// name`, `Last name`, `Email`, `Duration`, `Time joined` (first) and `Time exited` (last).
///
/// ```swift
/// let report = try GoogleMeetAttendanceDecoder().decode(data, fileName: "attendance.csv")
/// ```
/// It gives no sessions, so each total counts only as far as it is provably inside the live time
/// (see `ReportedSpan`).
public struct GoogleMeetAttendanceDecoder: AttendanceDecoder {
    static let firstName = Column("First name", "Given name")
    static let lastName = Column("Last name", "Family name", "Surname")
    static let email = Column("Email", "Email address", "Participant email")
    static let join = Column("Time joined", "First seen", "Joined at")
    static let leave = Column("Time exited", "Last seen", "Left at")
    static let duration = Column("Duration", "Attended duration")

    /// Creates the decoder.
    public init() {}

    /// True for the report's header.
    static func isHeader(_ header: HeaderMap) -> Bool {
        header.contains(firstName.names) && header.contains(join.names) && header.contains(leave.names)
            && header.contains(duration.names)
    }

    public func decode(_ document: AttendanceDocument, times: LocalTimeReader) throws(AttendanceFileError) -> AttendanceReport {
        try SpanReportReader(
            firstName: Self.firstName, lastName: Self.lastName, email: Self.email, join: Self.join, leave: Self.leave,
            duration: Self.duration, bareUnit: 60
        ).decode(
            document, times: times, isHeader: Self.isHeader, table: "attendance",
            hint: "open the attendance report Google Meet sent and download it as CSV (File, Download, Comma-separated values)",
            required: [Self.email], requiredHint: "the email address identifies the attendee")
    }
}
