public import Foundation

/// A registry that reads through to another and keeps its own writes in memory: what
/// `--dry-run` uses, so a rehearsal sees the real registry's state but changes nothing.
public actor OverlayCertificateRegistry: CertificateRegistry {
    let base: any CertificateRegistry
    let overlay = InMemoryCertificateRegistry()
    private var baseIdentities: [String: [AttendeeIdentity: CertificateID]] = [:]

    /// Reads from `base`; never writes to it.
    public init(over base: any CertificateRegistry) {
        self.base = base
    }

    public func certificate(id: CertificateID) async throws -> Certificate? {
        if let certificate = await overlay.certificate(id: id) { return certificate }
        return try await base.certificate(id: id)
    }

    public func issuedIDs(eventID: String) async throws -> [AttendeeIdentity: CertificateID] {
        try await identities(eventID).merging(await overlay.issuedIDs(eventID: eventID)) { _, new in new }
    }

    public func certificates(eventID: String, after: CertificateID?, limit: Int) async throws -> [Certificate] {
        let merged =
            try await base.certificates(eventID: eventID, after: after, limit: limit)
            + (await overlay.certificates(eventID: eventID, after: after, limit: limit))
        return Array(merged.sorted { $0.id < $1.id }.prefix(limit))
    }

    public func allCertificates(after: CertificateID?, limit: Int) async throws -> [Certificate] {
        let merged =
            try await base.allCertificates(after: after, limit: limit) + (await overlay.allCertificates(after: after, limit: limit))
        return Array(merged.sorted { $0.id < $1.id }.prefix(limit))
    }

    public func certificates(identity: AttendeeIdentity) async throws -> [Certificate] {
        try await base.certificates(identity: identity) + (await overlay.certificates(identity: identity))
    }

    public func insert(_ certificates: [Certificate]) async throws {
        for certificate in certificates {
            if try await base.certificate(id: certificate.id) != nil {
                throw RegistryError.duplicateID(certificate.id)
            }
            if try await identities(certificate.eventID)[certificate.identity] != nil {
                throw RegistryError.duplicateAttendee(eventID: certificate.eventID, certificateID: certificate.id)
            }
        }
        try await overlay.insert(certificates)
    }

    public func changeStatus(_ change: StatusChange, replacement: Certificate?) async throws {
        throw RegistryError.storage("a dry run cannot change a certificate's status")
    }

    public func statusHistory(certificateID: CertificateID) async throws -> [StatusChange] {
        try await base.statusHistory(certificateID: certificateID)
    }

    public func logSize() async throws -> Int { try await base.logSize() }
    public func logEntries(_ range: Range<Int>) async throws -> [LogEntry] { try await base.logEntries(range) }
    public func leafHashes(size: Int) async throws -> [SHA256Digest] { try await base.leafHashes(size: size) }
    public func treeHashes(_ nodes: [MerkleNode]) async throws -> [SHA256Digest?] { try await base.treeHashes(nodes) }
    public func logIndexes(certificateID: CertificateID) async throws -> [Int] {
        try await base.logIndexes(certificateID: certificateID)
    }
    public func appendCheckpoint(_ checkpoint: StoredCheckpoint) async throws {}
    public func latestCheckpoint() async throws -> StoredCheckpoint? { try await base.latestCheckpoint() }
    /// Nothing: a dry run keeps no register (and so logs no attendance).
    public func recordAttendance(_ records: [AttendanceRecord]) async throws {}
    public func attendance(eventID: String) async throws -> [AttendanceRecord] { try await base.attendance(eventID: eventID) }
    public func eventDefinition(eventID: String) async throws -> EventDefinition? {
        if let revised = await overlay.eventDefinition(eventID: eventID) { return revised }
        return try await base.eventDefinition(eventID: eventID)
    }
    public func freezeEventDefinition(_ definition: EventDefinition, at: Date) async throws {
        guard try await base.eventDefinition(eventID: definition.eventID) == nil else { return }
        await overlay.freezeEventDefinition(definition, at: at)
    }

    public func reviseEventDefinition(_ definition: EventDefinition, reason: String, at: Date) async throws {
        await overlay.reviseEventDefinition(definition, reason: reason, at: at)
    }
    public func attendanceRecords(eventID: String, identity: AttendeeIdentity) async throws -> [AttendanceRecord] {
        try await base.attendanceRecords(eventID: eventID, identity: identity)
    }
    public func allAttendanceRecords(after position: Int?, limit: Int) async throws -> [(position: Int, record: AttendanceRecord)] {
        try await base.allAttendanceRecords(after: position, limit: limit)
    }
    public func copiesDifferingFromRecords() async throws -> [StoredCopyMismatch] { try await base.copiesDifferingFromRecords() }

    private func identities(_ eventID: String) async throws -> [AttendeeIdentity: CertificateID] {
        if let cached = baseIdentities[eventID] { return cached }
        let loaded = try await base.issuedIDs(eventID: eventID)
        baseIdentities[eventID] = loaded
        return loaded
    }
}
