extension AttendanceFormat {
    /// GoTo Webinar (`Attended` and `Interest Rating` beside a session duration), Google Meet
    /// (`First name`, `Time joined`, `Time exited`, `Duration`), Webex (join and leave beside
    /// `Attendee Email`, `Participant Name` or `Attendance Duration`), and door scans (an email,
    /// a `Timestamp` and a `Direction`), from the first rows' headers.
    static func detectMore(_ headers: [HeaderMap]) -> AttendanceFormat? {
        if headers.contains(where: GoToWebinarAttendeeDecoder.isHeader) { return .goToWebinar }
        if headers.contains(where: GoogleMeetAttendanceDecoder.isHeader) { return .googleMeet }
        if headers.contains(where: WebexAttendeeDecoder.isHeader) { return .webex }
        if headers.contains(where: DoorScanDecoder.isHeader) { return .doorScans }
        return nil
    }
}
