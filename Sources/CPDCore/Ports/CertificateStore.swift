/// The issued certificates: frozen records, one per (event, identity) and correction.
public protocol CertificateStore: Sendable {
    /// The certificate with `id`, with its current status, if any.
    nonisolated(nonsending) func certificate(id: CertificateID) async throws -> Certificate?
    /// For each identity of `eventID`, its latest certificate (the end of any correction chain).
    /// Revoked ones count: a revoked certificate is not re-issued by a re-run.
    func issuedIDs(eventID: String) async throws -> [AttendeeIdentity: CertificateID]
    /// Up to `limit` certificates of `eventID` with IDs after `after` (all when nil), in ID order.
    func certificates(eventID: String, after: CertificateID?, limit: Int) async throws -> [Certificate]
    /// Up to `limit` certificates of every event with IDs after `after`, in ID order (for audits).
    func allCertificates(after: CertificateID?, limit: Int) async throws -> [Certificate]
    /// Every certificate of one person, across events, in issue order.
    func certificates(identity: AttendeeIdentity) async throws -> [Certificate]
    /// Records new certificates (and their log entries) atomically: all or, on error, none.
    /// - Throws: `RegistryError.duplicateID` or `.duplicateAttendee` when a record would repeat one.
    func insert(_ certificates: [Certificate]) async throws
    /// The values the storage keeps a second copy of beside the record it returns (a column to
    /// query by, say), compared with that record: one mismatch per copy that differs, for the
    /// audit to report. Storage that keeps no second copy returns none.
    func copiesDifferingFromRecords() async throws -> [StoredCopyMismatch]
}

extension CertificateStore {
    /// Every certificate of `eventID`, in ID order, read a page at a time.
    public func certificates(eventID: String) async throws -> [Certificate] {
        var all: [Certificate] = []
        var after: CertificateID?
        while true {
            let page = try await certificates(eventID: eventID, after: after, limit: 500)
            all += page
            guard page.count == 500, let last = page.last else { return all }
            after = last.id
        }
    }
}
