public import Foundation

/// An issued certificate as the registry keeps it: frozen content plus provenance.
public struct Certificate: Hashable, Sendable, Codable {
    public var id: CertificateID
    public var eventID: String
    /// Identity key; never printed or shown.
    public var identity: AttendeeIdentity
    /// Every printed value, as printed.
    public var content: CertificateContent
    /// Why the person qualified.
    public var eligibility: Eligibility
    /// Hex SHA-256 of the attendance file the evidence came from.
    public var evidenceSHA256: String?
    public var templateName: String
    /// Hex SHA-256 over the template and the assets it uses.
    public var templateSHA256: String
    /// Hex SHA-256 of the issued PDF's bytes.
    public var pdfSHA256: String
    public var issuedAt: Date
    /// 32 random hex digits mixed into the identity's commitment in the public log, so the
    /// log never reveals, nor lets anyone confirm, an email address.
    public var identitySalt: String
    /// The certificate this one corrects, if any.
    public var supersedes: CertificateID?
    /// Where it stands now: derived from its history, not stored with the frozen record.
    public var status: CertificateStatus
    /// The change that took it out of force, if any.
    public var statusChange: StatusChange?
    /// Who issued it (the operator of the batch or correction); nil for certificates issued
    /// before the operator was recorded.
    public var issuedBy: String?

    /// Creates a certificate record.
    /// Inlinable: called from another module, this init built the value and then copied it out
    /// (a retain and a release for each string), on every registry read.
    @inlinable public init(
        id: CertificateID, eventID: String, identity: AttendeeIdentity, content: CertificateContent,
        eligibility: Eligibility, evidenceSHA256: String?, templateName: String,
        templateSHA256: String, pdfSHA256: String, issuedAt: Date, identitySalt: String,
        supersedes: CertificateID? = nil, status: CertificateStatus = .valid, statusChange: StatusChange? = nil,
        issuedBy: String? = nil
    ) {
        self.id = id
        self.eventID = eventID
        self.identity = identity
        self.content = content
        self.eligibility = eligibility
        self.evidenceSHA256 = evidenceSHA256
        self.templateName = templateName
        self.templateSHA256 = templateSHA256
        self.pdfSHA256 = pdfSHA256
        self.issuedAt = issuedAt
        self.identitySalt = identitySalt
        self.supersedes = supersedes
        self.status = status
        self.statusChange = statusChange
        self.issuedBy = issuedBy
    }

    /// A fresh identity salt of 128 bits from `generator`: 32 lower-case hex digits.
    public static func identitySalt(using generator: inout some RandomNumberGenerator) -> String {
        // Two 64-bit draws (two getrandom calls for the system's), not one per digit.
        let words = [generator.next(), generator.next()]
        let digits = Array("0123456789abcdef")
        return String((0..<32).map { index in digits[Int(words[index / 16] >> UInt64(4 * (index % 16)) & 0xF)] })
    }

    /// The attendee as the certificate printed them: what a correction or a re-composition starts from.
    public var attendee: Attendee {
        Attendee(fullName: content.attendeeName, identity: identity, jobTitle: content.jobTitle, organisation: content.organisation)
    }

    /// The file name of the certificate's PDF: its ID.
    public var fileName: String { "\(id).pdf" }
}

/// Where a certificate stands.
public enum CertificateStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Issued and in force.
    case valid
    /// Withdrawn; it no longer evidences attendance.
    case revoked
    /// Replaced by a corrected certificate.
    case superseded
}

extension CertificateID: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
