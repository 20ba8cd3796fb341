/// Where issued certificates are kept. SQLite (CPDRegistry) in production; the in-memory twin
/// in tests and dry runs. Nothing here may assume SQLite.
public protocol CertificateRegistry: Sendable {
    /// The certificate with `id`, if any.
    func certificate(id: CertificateID) async throws -> Certificate?
    /// Certificate IDs already issued for `eventID`, by identity.
    func issuedIDs(eventID: String) async throws -> [AttendeeIdentity: CertificateID]
    /// Up to `limit` certificates of `eventID` with IDs after `after` (all when nil), in ID
    /// order: page through an event of any size without holding it in memory.
    func certificates(eventID: String, after: CertificateID?, limit: Int) async throws -> [Certificate]
    /// Records `certificates` atomically: all of them or, on any error, none.
    /// - Throws: `RegistryError.duplicateID` or `.duplicateAttendee` when a record would repeat one.
    func insert(_ certificates: [Certificate]) async throws
}

/// Registry failures, translated from the storage's own errors at the boundary.
public enum RegistryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A certificate with this ID exists already.
    case duplicateID(CertificateID)
    /// This event already has a certificate for this identity.
    case duplicateAttendee(eventID: String, certificateID: CertificateID)
    /// A stored row could not be read back.
    case corruptRecord(id: String, reason: String)
    /// The storage failed (cannot open, disk full, locked ...).
    case storage(String)

    public var description: String {
        switch self {
        case .duplicateID(let id):
            "certificate ID \(id) is already in the registry"
        case .duplicateAttendee(let eventID, let id):
            "event '\(eventID)' already has a certificate for this attendee (the new one was \(id))"
        case .corruptRecord(let id, let reason):
            "the registry's record of \(id) cannot be read: \(reason)"
        case .storage(let message):
            message
        }
    }
}
