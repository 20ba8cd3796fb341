public import Foundation

/// Resolves an event, an attendee, an ID and an issue time into printed values.
///
/// The event's own dates are formatted once, at creation: composing is on the hot path of
/// a batch, and `DateFormatter` is expensive to make. Dates are written in en-GB, and also in
/// each of `locales` (the ones a template asks for, see `CertificateTemplate.dateLocales`).
public struct CertificateComposer: Sendable {
    /// The locale of `CertificateContent`'s own date fields.
    public static let baseLocale = "en-GB"
    /// The event certificates are composed for.
    public let event: Event
    private let calendar: Calendar
    private let eventDate: String
    private let eventTimes: String
    private let locales: [LocaleFormats]

    /// One locale's formats; `Date.FormatStyle` is a value that is safe to share between threads.
    private struct LocaleFormats: Sendable {
        let identifier: String
        let eventDate: String
        let issueDate: Date.FormatStyle
        let cpdHours: String
    }
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// The ISO day (`2020-09-16`) of an event date as composers print it (`Wednesday 16
    /// September 2020`, or the first of several: `Wednesday 16 and Thursday 17 September 2020`); nil for anything else. CPD records count activity by this day.
    public static func isoDay(ofEventDate text: String) -> String? {
        let words = text.split(separator: " ")
        guard words.count == 4, let day = Int(words[1]), (1...31).contains(day),
            let month = months.firstIndex(of: String(words[2])), let year = Int(words[3]), (1000...9999).contains(year)
        else { return firstDay(ofSessionDates: words) }
        return "\(year)-\(month < 9 ? "0" : "")\(month + 1)-\(day < 10 ? "0" : "")\(day)"
    }

    /// Creates a composer; fails if the event's time zone is unknown to this system.
    public init(event: Event, locales: [String] = []) throws(EventError) {
        guard let timeZone = TimeZone(identifier: event.timeZoneIdentifier) else {
            throw EventError.unknownTimeZone(event.timeZoneIdentifier)
        }
        self.event = event
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = timeZone
        func format(_ date: Date, _ pattern: String) -> String {
            formatter.dateFormat = pattern
            return formatter.string(from: date)
        }
        if event.sessionList == nil {
            eventDate = format(event.start, "EEEE d MMMM yyyy")
            eventTimes = "\(format(event.start, "HH:mm"))–\(format(event.end, "HH:mm")) \(format(event.start, "zzz"))"
        } else {
            let printed = Self.dateAndTimes(event, formatter: formatter)
            eventDate = printed.date
            eventTimes = printed.times
        }
        let days = Self.sessionDays(event, calendar: calendar)
        let hours = Self.hoursText(event.cpdHours)
        self.locales = locales.map { identifier in
            let locale = Locale(identifier: identifier)
            let style = { (date: Date.FormatStyle.DateStyle) in
                Date.FormatStyle(date: date, time: .omitted, locale: locale, calendar: calendar, timeZone: timeZone)
            }
            return LocaleFormats(
                identifier: identifier, eventDate: days.map { $0.formatted(style(.complete)) }.joined(separator: "; "),
                issueDate: style(.long),
                cpdHours: hours.replacingOccurrences(of: ".", with: locale.decimalSeparator ?? "."))
        }
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
            eventDate: eventDate,
            eventTimes: eventTimes,
            cpdHours: Self.hoursText(event.cpdHours),
            learningOutcomes: event.learningOutcomes,
            organiserName: event.organiser.name,
            organiserURL: event.organiser.url,
            signatoryName: event.signatory.name,
            signatoryRole: event.signatory.role,
            issueDate: issueDate(issuedAt),
            issuedAt: issuedAt,
            localized: locales.isEmpty ? nil : localizedValues(issuedAt))
    }

    /// The locale-dependent values in each of the composer's locales.
    private func localizedValues(_ issuedAt: Date) -> [String: LocalizedValues] {
        var values: [String: LocalizedValues] = [:]
        for formats in locales {
            values[formats.identifier] = LocalizedValues(
                eventDate: formats.eventDate, issueDate: issuedAt.formatted(formats.issueDate), cpdHours: formats.cpdHours)
        }
        return values
    }

    /// "29 November 2026" in the event's time zone.
    public func issueDate(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return "\(parts.day ?? 1) \(Self.months[(parts.month ?? 1) - 1]) \(parts.year ?? 1970)"
    }

    /// Hours with at most two decimals and no trailing zeros: 3.5, 2, 1.25.
    public static func hoursText(_ hours: Double) -> String {
        let hundredths = Int((hours * 100).rounded())
        if hundredths % 100 == 0 { return String(hundredths / 100) }
        if hundredths % 10 == 0 { return "\(hundredths / 100).\(hundredths % 100 / 10)" }
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
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
