public import Foundation

/// What anyone holding a certificate ID may see: the printed fields, status and provenance.
/// Never the email. This is the JSON shape of `cpdcert verify --json` and the HTTP API.
public struct PublicCertificate: Codable, Sendable, Equatable {
    public struct Attendee: Codable, Sendable, Equatable {
        public var name: String
        public var jobTitle: String?
        public var organisation: String?
    }

    public struct EventDetails: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var format: String
        public var date: String
        public var times: String
        public var cpdHours: String
        public var learningOutcomes: [String]
    }

    public struct Person: Codable, Sendable, Equatable {
        public var name: String
        public var role: String?
        public var url: String?
    }

    public struct Attendance: Codable, Sendable, Equatable {
        public var attendedMinutes: String
        public var liveMinutes: Int
        public var requiredMinutes: String
        public var rule: String
    }

    /// How a certificate left force: when, why (for a revocation) and by what (for a correction).
    /// The free-text note and the operator's name stay in the registry.
    public struct StatusChangeDetails: Codable, Sendable, Equatable {
        public var status: CertificateStatus
        public var at: Date
        /// The revocation reason's code, e.g. `issued-in-error`.
        public var reason: String?
        /// The reason in words, e.g. "issued in error".
        public var reasonText: String?
        /// For a correction, the ID of the certificate that replaced this one.
        public var replacedBy: String?
        /// For a correction, every certificate that replaced this one in turn, ending with the
        /// one in force now (when the chain was looked up).
        public var replacementChain: [String]?
        /// For a correction, the end of the chain: the certificate to check instead.
        public var currentCertificate: String?
    }

    public var id: String
    public var status: CertificateStatus
    /// Present when the certificate is revoked or superseded.
    public var statusChange: StatusChangeDetails?
    /// Every status change, oldest first, when it was looked up (a reinstatement has status
    /// `valid`); nil otherwise. Offline bundles carry none.
    public var statusHistory: [StatusChangeDetails]? = nil
    /// The certificate this one corrects, if any.
    public var supersedes: String?
    public var verificationUrl: String
    public var attendee: Attendee
    public var event: EventDetails
    public var organiser: Person
    public var signatory: Person
    public var attendance: Attendance
    public var issueDate: String
    public var issuedAt: Date
    public var template: String
    public var pdfSha256: String

    /// A JSON encoder with the API's conventions: snake_case keys, ISO 8601 dates, sorted keys.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }
}

extension PublicCertificate.StatusChangeDetails {
    /// The public details of `change`.
    public init(_ change: StatusChange) {
        self.init(
            status: change.status, at: change.at, reason: change.reason?.rawValue, reasonText: change.reason?.words,
            replacedBy: change.replacedBy?.description)
    }
}

extension PublicCertificate {
    /// The public view of `certificate`.
    ///
    /// Declared here, outside the type, so that it can hand every field to the synthesised
    /// memberwise initialiser at once: an initialiser that assigned the fields one by one built
    /// the value and then copied it out (a retain and a release for each string), on every lookup.
    /// The certificate is borrowed and read in place, not copied either.
    public init(_ certificate: borrowing Certificate, replacements: [Certificate] = []) {
        self.init(
            id: certificate.id.description,
            status: certificate.status,
            statusChange: certificate.statusChange.map { change in
                StatusChangeDetails(
                    status: change.status, at: change.at, reason: change.reason?.rawValue, reasonText: change.reason?.words,
                    replacedBy: change.replacedBy?.description,
                    replacementChain: replacements.isEmpty ? nil : replacements.map(\.id.description),
                    currentCertificate: replacements.last?.id.description)
            },
            supersedes: certificate.supersedes?.description,
            verificationUrl: certificate.content.verificationURL,
            attendee: Attendee(
                name: certificate.content.attendeeName, jobTitle: certificate.content.jobTitle,
                organisation: certificate.content.organisation),
            event: EventDetails(
                id: certificate.eventID, title: certificate.content.eventTitle, format: certificate.content.eventFormat,
                date: certificate.content.eventDate, times: certificate.content.eventTimes, cpdHours: certificate.content.cpdHours,
                learningOutcomes: certificate.content.learningOutcomes),
            organiser: Person(name: certificate.content.organiserName, role: nil, url: certificate.content.organiserURL),
            signatory: Person(name: certificate.content.signatoryName, role: certificate.content.signatoryRole, url: nil),
            attendance: Attendance(
                attendedMinutes: Duration.minutesText(seconds: certificate.eligibility.attendedSeconds),
                liveMinutes: certificate.eligibility.liveSeconds / 60,
                requiredMinutes: Duration.minutesText(seconds: certificate.eligibility.requiredSeconds),
                rule: certificate.eligibility.rule),
            issueDate: certificate.content.issueDate,
            issuedAt: certificate.issuedAt,
            template: certificate.templateName,
            pdfSha256: certificate.pdfSHA256)
    }
}
