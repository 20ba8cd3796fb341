public import CPDCore

/// What a reinstatement did.
public struct Reinstatement: Sendable {
    public var change: StatusChange
    public var checkpoint: CheckpointOutcome
}

extension Operations {
    /// Undoes a revocation made in error: `id` is valid again. The history keeps the revocation
    /// and this reinstatement (with `reason`), and the log records both; it can be revoked again.
    /// - Throws: `.notFound`, `.notRevoked` (only a revoked certificate can be reinstated), `.registry`.
    public func reinstate(_ id: CertificateID, reason: String, by operatorName: String) async throws(OperationError) -> Reinstatement {
        let change = StatusChange(
            certificateID: id, status: .valid, reason: nil, note: reason, operatorName: operatorName, at: now, replacedBy: nil)
        do {
            try await registry.changeStatus(change, replacement: nil)
        } catch {
            throw OperationError(error)
        }
        try await publishStatusList()
        return Reinstatement(change: change, checkpoint: try await checkpointAfterWrite())
    }
}
