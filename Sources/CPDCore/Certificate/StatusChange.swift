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

/// One change of a certificate's status: appended to its history, never edited.
/// A certificate changes status at most once: from valid to revoked, or to superseded.
public struct StatusChange: Hashable, Sendable, Codable {
    public var certificateID: CertificateID
    /// `.revoked` or `.superseded`.
    public var status: CertificateStatus
    /// For revocations, the reason code.
    public var reason: RevocationReason?
    /// Free text: for corrections the reason given; for revocations an optional note.
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
