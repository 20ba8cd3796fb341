/// How certificates' statuses changed: revocations, reinstatements and corrections (supersessions).
public protocol StatusHistory: Sendable {
    /// Appends a status change (and, for a correction, the replacement certificate) with their
    /// log entries, atomically.
    /// - Throws: `RegistryError.notFound`; `.notInForce` when revoking or superseding a certificate
    ///   that is not valid; `.notRevoked` when reinstating one that is not revoked.
    func changeStatus(_ change: StatusChange, replacement: Certificate?) async throws
    /// Every status change of `certificateID`, oldest first (empty for one never changed).
    func statusHistory(certificateID: CertificateID) async throws -> [StatusChange]
}
