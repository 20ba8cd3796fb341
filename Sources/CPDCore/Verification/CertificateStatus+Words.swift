extension CertificateStatus {
    /// The status as a sentence for people.
    public var sentence: String {
        switch self {
        case .valid: "Valid: this certificate was issued by the organiser and is in force."
        case .revoked: "Revoked: this certificate has been withdrawn and no longer evidences attendance."
        case .superseded: "Superseded: this certificate was replaced by a corrected one."
        }
    }
}
