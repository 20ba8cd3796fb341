public import Foundation

/// Resolves an event, an attendee, an ID and an issue time into printed values.
public struct CertificateComposer: Sendable {
    /// The event certificates are composed for.
    public let event: Event
    private let timeZone: TimeZone

    /// Creates a composer; fails if the event's time zone is unknown to this system.
    public init(event: Event) throws(EventError) {
        guard let timeZone = TimeZone(identifier: event.timeZoneIdentifier) else {
            throw EventError.unknownTimeZone(event.timeZoneIdentifier)
        }
        self.event = event
        self.timeZone = timeZone
    }

    /// The printed values for `attendee`'s certificate `id`, issued at `issuedAt`.
    public func content(for attendee: Attendee, id: CertificateID, issuedAt: Date) -> CertificateContent {
        CertificateContent(
            certificateID: id.description,
            verificationURL: event.verificationURL(for: id),
            attendeeName: attendee.fullName,
            jobTitle: attendee.jobTitle,
            organisation: attendee.organisation,
            eventTitle: event.title,
            eventFormat: event.format,
            eventDate: format(event.start, "EEEE d MMMM yyyy"),
            eventTimes: "\(format(event.start, "HH:mm"))–\(format(event.end, "HH:mm")) \(format(event.start, "zzz"))",
            cpdHours: Self.hoursText(event.cpdHours),
            learningOutcomes: event.learningOutcomes,
            organiserName: event.organiser.name,
            organiserURL: event.organiser.url,
            signatoryName: event.signatory.name,
            signatoryRole: event.signatory.role,
            issueDate: format(issuedAt, "d MMMM yyyy"),
            issuedAt: issuedAt)
    }

    /// Hours with at most two decimals and no trailing zeros: 3.5, 2, 1.25.
    public static func hoursText(_ hours: Double) -> String {
        let hundredths = Int((hours * 100).rounded())
        if hundredths % 100 == 0 { return String(hundredths / 100) }
        if hundredths % 10 == 0 { return "\(hundredths / 100).\(hundredths % 100 / 10)" }
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    private func format(_ date: Date, _ pattern: String) -> String {
        // DateFormatter is not Sendable; one per call keeps the composer shareable.
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = timeZone
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}

/// A problem with an event definition that is only found when it is used.
public enum EventError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The IANA time zone is not known on this system.
    case unknownTimeZone(String)

    public var description: String {
        switch self {
        case .unknownTimeZone(let name):
            return "unknown time zone '\(name)'; use an IANA name such as Europe/London (is the tzdata package installed?)"
        }
    }
}
