public import Foundation

/// A `CertificateRegistry` in memory, with the same rules as the SQLite one.
public actor InMemoryCertificateRegistry: CertificateRegistry {
    /// The registry's contents; a value type so the initialiser can fill it.
    private struct State {
        var byID: [CertificateID: Certificate] = [:]
        var latest: [String: [AttendeeIdentity: CertificateID]] = [:]
        var changes: [CertificateID: [StatusChange]] = [:]
        var log: [LogEntry] = []
        var tree = MerkleLevels()

        mutating func store(_ certificate: Certificate) {
            var frozen = certificate
            frozen.status = .valid
            frozen.statusChange = nil
            byID[certificate.id] = frozen
            latest[certificate.eventID, default: [:]][certificate.identity] = certificate.id
            append(.issued(frozen))
        }

        mutating func append(_ entry: TransparencyEntry) {
            let body = entry.canonicalBytes
            let leaf = MerkleTree.leafHash(body)
            log.append(LogEntry(index: log.count, certificateID: entry.certificateID, body: body, leafHash: leaf))
            tree.append(leaf)
        }
    }

    private var state = State()
    private var checkpoints: [StoredCheckpoint] = []
    /// Per event and person, one record per source file, in the order recorded.
    private var records: [String: [AttendeeIdentity: [AttendanceRecord]]] = [:]
    private var recordedSources: Set<[String]> = []
    /// Every record, in the order recorded.
    private var allRecords: [AttendanceRecord] = []
    private var definitions: [String: EventDefinition] = [:]
    /// Archived rendering inputs (see `RenderingArchive`).
    var archive = ArchiveState()
    /// Signed credentials by certificate (see `CredentialStore`).
    var credentials: [CertificateID: IssuedCredential] = [:]
    var publishedKeys: [PublishedCredentialKey] = []
    var statusLists: [String] = []

    private var byID: [CertificateID: Certificate] { state.byID }
    private var latest: [String: [AttendeeIdentity: CertificateID]] { state.latest }
    private var changes: [CertificateID: [StatusChange]] { state.changes }
    private var log: [LogEntry] { state.log }

    /// Creates an empty registry, or one holding `certificates` (with their status changes).
    public init(_ certificates: [Certificate] = []) {
        var state = State()
        for certificate in certificates {
            state.store(certificate)
            if let change = certificate.statusChange {
                state.changes[certificate.id] = [change]
                state.append(.statusChanged(change))
            }
        }
        self.state = state
    }

    private func withStatus(_ certificate: Certificate) -> Certificate {
        var result = certificate
        // The last change decides; after a reinstatement the certificate is valid, as if never changed.
        if let change = changes[certificate.id]?.last, !change.isReinstatement {
            result.status = change.status
            result.statusChange = change
        }
        return result
    }

    public func certificate(id: CertificateID) -> Certificate? { byID[id].map(withStatus) }

    public func issuedIDs(eventID: String) -> [AttendeeIdentity: CertificateID] {
        latest[eventID] ?? [:]
    }

    public func certificates(eventID: String, after: CertificateID?, limit: Int) -> [Certificate] {
        byID.values.filter { $0.eventID == eventID && (after == nil || $0.id > after!) }
            .sorted { $0.id < $1.id }.prefix(limit).map(withStatus)
    }

    public func allCertificates(after: CertificateID?, limit: Int) -> [Certificate] {
        byID.values.filter { after == nil || $0.id > after! }.sorted { $0.id < $1.id }.prefix(limit).map(withStatus)
    }

    public func certificates(identity: AttendeeIdentity) -> [Certificate] {
        byID.values.filter { $0.identity == identity }.sorted { ($0.issuedAt, $0.id) < ($1.issuedAt, $1.id) }.map(withStatus)
    }

    public func insert(_ certificates: [Certificate]) throws {
        var ids: Set<CertificateID> = []
        var attendees: Set<[String]> = []
        for certificate in certificates {
            guard byID[certificate.id] == nil, ids.insert(certificate.id).inserted else {
                throw RegistryError.duplicateID(certificate.id)
            }
            let existing = latest[certificate.eventID]?[certificate.identity]
            guard existing == certificate.supersedes, attendees.insert([certificate.eventID, certificate.identity.email]).inserted else {
                throw RegistryError.duplicateAttendee(eventID: certificate.eventID, certificateID: certificate.id)
            }
        }
        for certificate in certificates { state.store(certificate) }
    }

    public func changeStatus(_ change: StatusChange, replacement: Certificate?) throws {
        guard let current = certificate(id: change.certificateID) else { throw RegistryError.notFound(change.certificateID) }
        try change.check(after: current.status)
        if let replacement { try insert([replacement]) }
        state.changes[change.certificateID, default: []].append(change)
        state.append(.statusChanged(change))
    }

    public func statusHistory(certificateID: CertificateID) -> [StatusChange] { changes[certificateID] ?? [] }

    public func logSize() -> Int { log.count }

    public func logEntries(_ range: Range<Int>) -> [LogEntry] {
        Array(log[range.clamped(to: 0..<log.count)])
    }

    public func leafHashes(size: Int) -> [SHA256Digest] { log.prefix(size).map(\.leafHash) }

    public func treeHashes(_ nodes: [MerkleNode]) -> [SHA256Digest?] { nodes.map(state.tree.hash) }

    public func logIndexes(certificateID: CertificateID) -> [Int] {
        log.filter { $0.certificateID == certificateID }.map(\.index)
    }

    /// One checkpoint per size, the first kept, as in the SQLite registry.
    public func appendCheckpoint(_ checkpoint: StoredCheckpoint) {
        guard !checkpoints.contains(where: { $0.size == checkpoint.size }) else { return }
        checkpoints.append(checkpoint)
    }

    public func latestCheckpoint() -> StoredCheckpoint? { checkpoints.last }

    public func recordAttendance(_ new: [AttendanceRecord]) {
        for record in new where recordedSources.insert([record.eventID, record.identity.email, record.sourceSHA256]).inserted {
            records[record.eventID, default: [:]][record.identity, default: []].append(record)
            allRecords.append(record)
            state.append(.attendanceRecorded(record))
        }
    }

    /// Appends `entry` to the log (for the concerns kept in other files).
    func appendLogEntry(_ entry: TransparencyEntry) { state.append(entry) }

    public func eventDefinition(eventID: String) -> EventDefinition? { definitions[eventID] }

    public func freezeEventDefinition(_ definition: EventDefinition, at: Date) {
        if definitions[definition.eventID] == nil { definitions[definition.eventID] = definition }
    }

    public func reviseEventDefinition(_ definition: EventDefinition, reason: String, at: Date) {
        definitions[definition.eventID] = definition
    }

    public func attendance(eventID: String) -> [AttendanceRecord] {
        (records[eventID] ?? [:]).values.compactMap(\.last).sorted { $0.identity < $1.identity }
    }

    public func attendanceRecords(eventID: String, identity: AttendeeIdentity) -> [AttendanceRecord] {
        records[eventID]?[identity] ?? []
    }

    public func allAttendanceRecords(after position: Int?, limit: Int) -> [(position: Int, record: AttendanceRecord)] {
        let start = position.map { $0 + 1 } ?? 0
        return allRecords.indices.dropFirst(start).prefix(limit).map { ($0, allRecords[$0]) }
    }

    /// None: the twin keeps each value once.
    public func copiesDifferingFromRecords() -> [StoredCopyMismatch] { [] }

    /// Number of certificates held.
    public var count: Int { byID.count }

    /// Whether a certificate with `id` is held.
    func certificateExists(_ id: CertificateID) -> Bool { byID[id] != nil }
}
