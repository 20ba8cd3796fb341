public import CPDCore
public import Foundation

/// Reads an attendance file in any format cpdcert knows: detects the format from the content
/// (or takes the one given) and decodes it with the event's time zone.
///
/// ```swift
/// let imported = try AttendanceImporter(event: event).read(data, fileName: "zoom.csv")
/// imported.format          // .zoomWebinar
/// imported.report.evidence // one per person, sessions merged
/// ```
public struct AttendanceImporter: Sendable {
    /// Reads the reports' local times.
    public let times: LocalTimeReader

    /// Creates an importer whose times are read in `times`' zone.
    public init(times: LocalTimeReader) {
        self.times = times
    }

    /// Creates an importer for `event`: its zone, and its start to settle day/month order.
    public init(event: Event) {
        self.init(times: LocalTimeReader(timeZone: TimeZone(identifier: event.timeZoneIdentifier) ?? .gmt, near: event.start))
    }

    /// What reading one file gave.
    public struct Result: Sendable {
        /// The format read (detected or given).
        public var format: AttendanceFormat
        /// The evidence and diagnostics.
        public var report: AttendanceReport
    }

    /// The decoder for `format`.
    public func decoder(for format: AttendanceFormat) -> any AttendanceDecoder {
        switch format {
        case .canonical: CanonicalAttendanceDecoder()
        case .zoomWebinar: ZoomWebinarReportDecoder()
        case .zoomMeeting: ZoomParticipantsDecoder()
        case .teams: TeamsAttendanceDecoder()
        case .teamsLegacy: TeamsLegacyAttendanceDecoder()
        case .teamsSummary: TeamsMeetingSummaryDecoder()
        case .googleMeet: GoogleMeetAttendanceDecoder()
        case .webex: WebexAttendeeDecoder()
        case .goToWebinar: GoToWebinarAttendeeDecoder()
        case .doorScans: DoorScanDecoder()
        }
    }

    /// Reads `data`, in `format` or the format its content shows; `fileName` is used in diagnostics.
    public func read(_ data: Data, fileName: String, format: AttendanceFormat? = nil) throws(AttendanceFileError) -> Result {
        try read(AttendanceDocument(data: data, fileName: fileName), format: format)
    }

    /// Reads a decoded file: a caller that lets go of the bytes first holds one copy of the file
    /// (its text) while it is read, not two.
    public func read(_ document: AttendanceDocument, format: AttendanceFormat? = nil) throws(AttendanceFileError) -> Result {
        guard let format = format ?? AttendanceFormat.detect(in: document) else { throw .unknownFormat(file: document.fileName) }
        var report = try decoder(for: format).decode(document, times: times)
        report.warnings = document.warnings + report.warnings
        return Result(format: format, report: report)
    }
}
