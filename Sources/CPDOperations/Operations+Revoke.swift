public import CPDCore

/// What a revocation did.
public struct Revocation: Sendable {
    public var change: StatusChange
    public var checkpoint: CheckpointOutcome
}

extension Operations {
    /// Revokes `id`: its status becomes revoked, with the reason code and an optional note
    /// (the public log holds only the note's hash). Nothing is deleted.
    /// - Throws: `.notFound`, `.notInForce`, `.registry`.
    public func revoke(_ id: CertificateID, reason: RevocationReason, note: String?, by operatorName: String)
        async throws(OperationError) -> Revocation
    {
        let change = StatusChange(
            certificateID: id, status: .revoked, reason: reason, note: note, operatorName: operatorName, at: now, replacedBy: nil)
        do {
            try await registry.changeStatus(change, replacement: nil)
        } catch {
            throw OperationError(error)
        }
        try await publishStatusList()
        return Revocation(change: change, checkpoint: try await checkpointAfterWrite())
    }
}
