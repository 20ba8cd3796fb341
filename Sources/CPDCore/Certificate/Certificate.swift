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
    public var status: CertificateStatus

    /// Creates a certificate record.
    public init(
        id: CertificateID, eventID: String, identity: AttendeeIdentity, content: CertificateContent,
        eligibility: Eligibility, evidenceSHA256: String?, templateName: String,
        templateSHA256: String, pdfSHA256: String, issuedAt: Date, status: CertificateStatus = .valid
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
        self.status = status
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
