public import Foundation

/// Why a certificate was withdrawn.
public enum RevocationReason: String, Hashable, Sendable, Codable, CaseIterable {
    case issuedInError = "issued-in-error"
    case attendanceDisputed = "attendance-disputed"
    case fraudulent
    case requestedByAttendee = "requested-by-attendee"

    /// The reason in words.
    public var words: String {
        switch self {
        case .issuedInError: "issued in error"
        case .attendanceDisputed: "attendance disputed"
        case .fraudulent: "fraudulent"
        case .requestedByAttendee: "requested by the attendee"
        }
    }
}

/// One change of a certificate's status: appended to its history, never edited. A valid
/// certificate can be revoked or superseded; a revoked one can be reinstated (a change to
/// `.valid`: the revocation was a mistake) and revoked again; superseded is final. The current
/// status is the last change's.
public struct StatusChange: Hashable, Sendable, Codable {
    public var certificateID: CertificateID
    /// `.revoked`, `.superseded`, or `.valid` for a reinstatement.
    public var status: CertificateStatus
    /// For revocations, the reason code.
    public var reason: RevocationReason?
    /// Free text: for corrections and reinstatements the reason given; for revocations an optional note.
    /// Kept in the registry; the public log holds only its hash.
    public var note: String?
    /// Who made the change, as given on the command line.
    public var operatorName: String
    public var at: Date
    /// For supersessions, the corrected certificate.
    public var replacedBy: CertificateID?

    /// Creates a status change.
    public init(
        certificateID: CertificateID, status: CertificateStatus, reason: RevocationReason?, note: String?,
        operatorName: String, at: Date, replacedBy: CertificateID?
    ) {
        self.certificateID = certificateID
        self.status = status
        self.reason = reason
        self.note = note
        self.operatorName = operatorName
        self.at = at
        self.replacedBy = replacedBy
    }
}

extension StatusChange {
    /// True for a reinstatement: the change that undoes a revocation.
    public var isReinstatement: Bool { status == .valid }

    /// Whether this change may follow a certificate's `current` status.
    /// - Throws: `RegistryError.notInForce` (only a valid certificate can be revoked or
    ///   superseded), `.notRevoked` (only a revoked one can be reinstated).
    public func check(after current: CertificateStatus) throws(RegistryError) {
        if isReinstatement {
            guard current == .revoked else { throw .notRevoked(certificateID, current) }
        } else {
            guard current == .valid else { throw .notInForce(certificateID, current) }
        }
    }
}
