public import Foundation

/// A CPD event as its organiser defines it in `event.yaml`.
///
/// ```swift
/// let event = Event(id: "county-lines-2020", title: "Tackling Child Criminal Exploitation", ...)
/// let window = event.liveWindow   // 10:00 to 13:30 Europe/London
/// ```
public struct Event: Hashable, Sendable, Codable {
    /// Stable identifier, unique within a registry (letters, digits, `-`, `_`, `.`).
    public var id: String
    /// Title as printed on the certificate.
    public var title: String
    /// Who runs the event.
    public var organiser: Organiser
    /// Delivery format, e.g. "Live webinar".
    public var format: String
    /// Start of the live session.
    public var start: Date
    /// End of the live session.
    public var end: Date
    /// IANA time zone the event is held in, e.g. "Europe/London".
    public var timeZoneIdentifier: String
    /// Contact time in hours, as printed.
    public var cpdHours: Double
    /// What attendees can do afterwards, one sentence each.
    public var learningOutcomes: [String]
    /// Who signs the certificate.
    public var signatory: Signatory
    /// Prefix of every verification URL; the certificate ID is appended.
    public var verificationBaseURL: String
    /// Name of the template in the templates folder.
    public var templateName: String
    /// What counts as enough attendance.
    public var attendanceRule: AttendanceRule
    /// The sessions of an event given as several (nil for one window from `start` to `end`,
    /// so that a single-window event encodes as it always has).
    public var sessionList: [EventSession]?

    private enum CodingKeys: String, CodingKey {
        case id, title, organiser, format, start, end, timeZoneIdentifier, cpdHours, learningOutcomes, signatory
        case verificationBaseURL, templateName, attendanceRule
        case sessionList = "sessions"
    }

    /// Creates an event.
    public init(
        id: String, title: String, organiser: Organiser, format: String, start: Date, end: Date,
        timeZoneIdentifier: String, cpdHours: Double, learningOutcomes: [String],
        signatory: Signatory, verificationBaseURL: String, templateName: String,
        attendanceRule: AttendanceRule, sessions: [EventSession]? = nil
    ) {
        self.id = id
        self.title = title
        self.organiser = organiser
        self.format = format
        self.start = start
        self.end = end
        self.timeZoneIdentifier = timeZoneIdentifier
        self.cpdHours = cpdHours
        self.learningOutcomes = learningOutcomes
        self.signatory = signatory
        self.verificationBaseURL = verificationBaseURL
        self.templateName = templateName
        self.attendanceRule = attendanceRule
        if let sessions, let first = sessions.first, let last = sessions.last {
            self.start = first.start
            self.end = last.end
            self.sessionList = sessions.count > 1 ? sessions : nil
        }
    }

    /// The live session as an interval.
    public var liveWindow: DateInterval { DateInterval(start: start, end: end) }

    /// The sessions, in order: one from `start` to `end` unless the event lists several.
    public var sessions: [EventSession] { sessionList ?? [EventSession(start: start, end: end)] }

    /// The live time as the windows attendance is clipped to, one per session.
    public var liveWindows: [DateInterval] { sessionList.map { $0.map(\.interval) } ?? [liveWindow] }

    /// Length of the live time in whole seconds: the sessions' lengths added up.
    public var liveSeconds: Int {
        sessionList.map { $0.reduce(0) { $0 + $1.seconds } } ?? Int(end.timeIntervalSince(start).rounded())
    }

    /// The verification URL of one certificate.
    public func verificationURL(for id: CertificateID) -> String {
        verificationBaseURL + id.description
    }
}

/// The organisation running an event.
public struct Organiser: Hashable, Sendable, Codable {
    /// Name as printed.
    public var name: String
    /// Web address, printed under the name.
    public var url: String?

    /// Creates an organiser.
    public init(name: String, url: String? = nil) {
        self.name = name
        self.url = url
    }
}

/// The person who signs certificates.
public struct Signatory: Hashable, Sendable, Codable {
    /// Name as printed under the signature.
    public var name: String
    /// Role or title, printed under the name.
    public var role: String

    /// Creates a signatory.
    public init(name: String, role: String) {
        self.name = name
        self.role = role
    }
}
