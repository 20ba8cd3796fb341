/// How certificates' statuses changed: revocations and corrections (supersessions).
public protocol StatusHistory: Sendable {
    /// Appends a status change (and, for a correction, the replacement certificate) with their
    /// log entries, atomically. - Throws: `RegistryError.notInForce` if it changed already.
    func changeStatus(_ change: StatusChange, replacement: Certificate?) async throws
}
