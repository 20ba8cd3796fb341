public import Foundation

/// Every value printed on a certificate, fully resolved: what the renderer draws and what the
/// registry freezes. Nothing is looked up again when a certificate is re-rendered.
public struct CertificateContent: Hashable, Sendable, Codable {
    public var certificateID: String
    public var verificationURL: String
    public var attendeeName: String
    public var jobTitle: String?
    public var organisation: String?
    public var eventTitle: String
    public var eventFormat: String
    /// E.g. "Wednesday 16 September 2020".
    public var eventDate: String
    /// E.g. "10:00–13:30 BST".
    public var eventTimes: String
    /// E.g. "3.5".
    public var cpdHours: String
    public var learningOutcomes: [String]
    public var organiserName: String
    public var organiserURL: String?
    public var signatoryName: String
    public var signatoryRole: String
    /// E.g. "29 November 2026".
    public var issueDate: String
    /// The issue instant; also the PDF's creation date, which keeps renders byte-identical.
    public var issuedAt: Date
    /// Dates and hours written for other locales than en-GB, keyed by the locale as the template
    /// names it (e.g. `cy`); absent when the template uses only en-GB.
    public var localized: [String: LocalizedValues]?

    /// Creates content from resolved values.
    /// Inlinable: called from another module, this init built the value and then copied it out
    /// (a retain and a release for each string), on every registry read.
    @inlinable public init(
        certificateID: String, verificationURL: String, attendeeName: String, jobTitle: String?,
        organisation: String?, eventTitle: String, eventFormat: String, eventDate: String,
        eventTimes: String, cpdHours: String, learningOutcomes: [String], organiserName: String,
        organiserURL: String?, signatoryName: String, signatoryRole: String, issueDate: String,
        issuedAt: Date, localized: [String: LocalizedValues]? = nil
    ) {
        self.certificateID = certificateID
        self.verificationURL = verificationURL
        self.attendeeName = attendeeName
        self.jobTitle = jobTitle
        self.organisation = organisation
        self.eventTitle = eventTitle
        self.eventFormat = eventFormat
        self.eventDate = eventDate
        self.eventTimes = eventTimes
        self.cpdHours = cpdHours
        self.learningOutcomes = learningOutcomes
        self.organiserName = organiserName
        self.organiserURL = organiserURL
        self.signatoryName = signatoryName
        self.signatoryRole = signatoryRole
        self.issueDate = issueDate
        self.issuedAt = issuedAt
        self.localized = localized
    }
}

/// The printed values that depend on the locale, written for one locale.
public struct LocalizedValues: Hashable, Sendable, Codable {
    /// E.g. "Dydd Mercher, 16 Medi 2020".
    public var eventDate: String
    /// E.g. "29 Tachwedd 2026".
    public var issueDate: String
    /// E.g. "3,5" where the locale writes a decimal comma.
    public var cpdHours: String

    /// Creates the values.
    public init(eventDate: String, issueDate: String, cpdHours: String) {
        self.eventDate = eventDate
        self.issueDate = issueDate
        self.cpdHours = cpdHours
    }
}
