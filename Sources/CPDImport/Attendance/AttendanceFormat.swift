/// The attendance reports cpdcert reads. `--format` takes the raw values.
public enum AttendanceFormat: String, CaseIterable, Sendable, Codable {
    /// cpdcert's own CSV: minutes per person, or join/leave sessions.
    case canonical
    /// Zoom webinar "Attendee Report".
    case zoomWebinar = "zoom-webinar"
    /// Zoom meeting "Participants" report.
    case zoomMeeting = "zoom-meeting"
    /// Microsoft Teams attendance report (2021 on).
    case teams
    /// Microsoft Teams attendance list of 2020 to mid 2021.
    case teamsLegacy = "teams-legacy"
    /// Microsoft Teams attendance list of mid 2021 ("Meeting Summary", a total a person).
    case teamsSummary = "teams-summary"
    /// Google Meet attendance report (Google Workspace).
    case googleMeet = "google-meet"
    /// Webex meeting or webinar attendee report.
    case webex
    /// GoTo Webinar attendee report.
    case goToWebinar = "goto-webinar"
    /// An in-person event's door scans (identity, timestamp, in/out).
    case doorScans = "door-scans"

    /// The format in words, e.g. "Zoom webinar attendee report".
    public var summary: String {
        switch self {
        case .canonical: "cpdcert CSV"
        case .zoomWebinar: "Zoom webinar attendee report"
        case .zoomMeeting: "Zoom meeting participants report"
        case .teams: "Teams attendance report"
        case .teamsLegacy: "Teams attendance list (2020-21)"
        case .teamsSummary: "Teams attendance list (2021 meeting summary)"
        case .googleMeet: "Google Meet attendance report"
        case .webex: "Webex attendee report"
        case .goToWebinar: "GoTo Webinar attendee report"
        case .doorScans: "door scans"
        }
    }

    /// Tells the format from the file's rows, or nil when none fits.
    ///
    /// Zoom's webinar report has an `Attendee Details` title line; Teams' report numbered
    /// sections or a `First Join` column; the old Teams list `User Action`; Zoom's meeting report
    /// a `Name (Original Name)` or `Guest` column beside join and leave times; cpdcert's CSV
    /// `full_name` or `minutes_attended` in its first row.
    public static func detect(in document: AttendanceDocument) -> AttendanceFormat? {
        // One pass, keeping only the first rows' headers and the title lines seen.
        var headers: [HeaderMap] = []
        var zoomWebinarTitle = false
        var teamsTitle = false
        let teamsTitles = ["summary", "participants", "in-meeting activities"] + HeaderTranslations.teamsSectionTitles
        for row in document.makeReader() where !row.isBlank {
            if headers.count < 100 { headers.append(HeaderMap(headers: row.cells)) }
            guard let title = row.titleCell?.lowercased() else { continue }
            if title == ZoomWebinarReportDecoder.attendeeTitle { zoomWebinarTitle = true }
            if TeamsAttendanceDecoder.isTitle(title), teamsTitles.contains(where: { title.hasSuffix($0) }) { teamsTitle = true }
        }
        if zoomWebinarTitle { return .zoomWebinar }
        if teamsTitle || headers.contains(where: { $0.contains(TeamsAttendanceDecoder.firstJoin.names) }) {
            return .teams
        }
        if headers.contains(where: TeamsMeetingSummaryDecoder.isHeader) { return .teamsSummary }
        if headers.contains(where: TeamsLegacyAttendanceDecoder.isHeader) { return .teamsLegacy }
        if headers.contains(where: { header in
            ZoomParticipantsDecoder.isParticipantsHeader(header)
                && (header.contains(
                    ["Name (Original Name)", "User Email", "Guest"] + HeaderTranslations.zoomName + HeaderTranslations.zoomEmail
                        + HeaderTranslations.zoomGuest))
        }) {
            return .zoomMeeting
        }
        if let format = detectMore(headers) { return format }
        // A name-only list (dial-ins by caller name) is cpdcert CSV too; its names need a roster.
        if let first = headers.first,
            first.contains(CanonicalAttendanceDecoder.name.names)
                && (first.contains(CanonicalAttendanceDecoder.minutes.names) || first.contains(CanonicalAttendanceDecoder.join.names))
        {
            return .canonical
        }
        return nil
    }
}
