extension CertificateContent {
    /// Placeholder names a template may use for text, with what each holds.
    public static let textPlaceholders: [String: String] = [
        "attendee.name": "the attendee's full name",
        "attendee.job_title": "the attendee's job title (may be empty)",
        "attendee.organisation": "the attendee's organisation (may be empty)",
        "attendee.role_line": "job title and organisation joined with a comma (may be empty)",
        "event.title": "the event title",
        "event.format": "the delivery format",
        "event.date": "the event date in the template's locale, e.g. Wednesday 16 September 2020",
        "event.times": "start and end time with zone, e.g. 10:00–13:30 BST",
        "cpd.hours": "CPD hours (contact time) in the template's locale, e.g. 3.5",
        "organiser.name": "the organiser's name",
        "organiser.url": "the organiser's web address (may be empty)",
        "signatory.name": "the signatory's name",
        "signatory.role": "the signatory's role",
        "certificate.id": "the certificate ID, grouped",
        "certificate.url": "the verification URL",
        "certificate.issue_date": "the issue date in the template's locale",
    ]

    /// Placeholders that may name a locale after `@`, e.g. `{{event.date@cy}}` on a bilingual page.
    public static let localizedPlaceholders: Set<String> = ["event.date", "certificate.issue_date", "cpd.hours"]

    /// Placeholder names a list element may use.
    public static let listPlaceholders: [String: String] = [
        "event.learning_outcomes": "the event's learning outcomes"
    ]

    /// The values of `textPlaceholders` for this certificate, with the locale-dependent ones
    /// written for `locale`, plus `name@locale` for every locale the content was composed in.
    public func placeholderValues(locale: String = CertificateComposer.baseLocale) -> [String: String] {
        var values = [
            "attendee.name": attendeeName,
            "attendee.job_title": jobTitle ?? "",
            "attendee.organisation": organisation ?? "",
            "attendee.role_line": BidiIsolation.joined([jobTitle, organisation].compactMap { $0 }, separator: ", "),
            "event.title": eventTitle,
            "event.format": eventFormat,
            "event.date": eventDate,
            "event.times": eventTimes,
            "cpd.hours": cpdHours,
            "organiser.name": organiserName,
            "organiser.url": organiserURL ?? "",
            "signatory.name": signatoryName,
            "signatory.role": signatoryRole,
            "certificate.id": certificateID,
            "certificate.url": verificationURL,
            "certificate.issue_date": issueDate,
        ]
        let base = LocalizedValues(eventDate: eventDate, issueDate: issueDate, cpdHours: cpdHours)
        var all = localized ?? [:]
        all[CertificateComposer.baseLocale] = base
        for (identifier, localized) in all {
            values["event.date@\(identifier)"] = localized.eventDate
            values["certificate.issue_date@\(identifier)"] = localized.issueDate
            values["cpd.hours@\(identifier)"] = localized.cpdHours
        }
        for name in Self.localizedPlaceholders {
            values[name] = values["\(name)@\(locale)"] ?? values[name]
        }
        return values
    }

    /// The values of `textPlaceholders` in en-GB.
    public var placeholderValues: [String: String] { placeholderValues() }

    /// The values of `listPlaceholders` for this certificate.
    public var listValues: [String: [String]] {
        ["event.learning_outcomes": learningOutcomes]
    }
}
