public import CPDCore
public import Foundation
import GRDB
import GRDBSQLite

/// The certificate registry in one SQLite file (WAL mode), through GRDB on the system libsqlite3.
///
/// ```swift
/// let registry = try SQLiteCertificateRegistry(path: "cpdcert.sqlite")
/// try await registry.insert([certificate])
/// let found = try await registry.certificate(id: certificate.id)
/// ```
/// Many readers (the verification server) may read while one batch writes.
public final class SQLiteCertificateRegistry: CertificateRegistry {
    // DatabaseWriter is Sendable and serialises writes; reads run concurrently in WAL mode.
    let writer: any DatabaseWriter
    /// Lookups by ID on connections of their own (a registry file; nil in memory).
    private let lookup: CertificateLookup?
    /// True when the registry was opened as an immutable snapshot (see `ReadOnlyOpening`).
    public var isSnapshot: Bool { snapshotGuard != nil }
    /// For a snapshot, the `-shm` file whose appearance means a writer has opened the registry.
    private let snapshotGuard: String?

    /// Opens (creating if needed, and migrating) the registry at `path`.
    /// With `readOnly`, the file must exist and is never written; it may lie in a folder this
    /// process cannot write (see `ReadOnlyOpening`).
    public init(path: String, readOnly: Bool = false) throws(RegistryError) {
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw .storage("\(path) is a folder; the registry is a file, for example \(path)/cpdcert.sqlite")
        }
        do {
            if readOnly {
                let opening = try ReadOnlyOpening(path: path)
                snapshotGuard = opening.sharedMemory
                lookup = CertificateLookup(path: opening.openPath, snapshotGuard: opening.sharedMemory)
                writer = try DatabasePool(path: opening.openPath, configuration: configuration)
                try writer.read { db in
                    let applied = try RegistrySchema.migrator.appliedIdentifiers(db)
                    let known = Set(RegistrySchema.migrator.migrations)
                    try RegistryMigrator.refuseNewer(applied, known: known, path: path)
                    guard applied == known else {
                        throw RegistryError.storage(
                            "\(path) needs migrating; run any writing command (e.g. cpdcert issue) once, or open it without read-only")
                    }
                }
            } else {
                snapshotGuard = nil
                lookup = CertificateLookup(path: path, snapshotGuard: nil)
                // Keep the -wal and -shm files when the last writer closes, so that readers in a
                // read-only location (a service's natural layout) can always open the registry.
                configuration.prepareDatabase { db in
                    var keep: Int32 = 1
                    sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_PERSIST_WAL, &keep)
                }
                writer = try Self.openWriting(path: path, configuration: configuration)
            }
        } catch let error as RegistryError {
            throw error
        } catch {
            throw RegistryError.storage("cannot open the registry at \(path): \(Self.describe(error))")
        }
    }

    /// A registry in memory, for tests.
    public init() throws(RegistryError) {
        lookup = nil
        snapshotGuard = nil
        do {
            writer = try DatabaseQueue()
            try RegistrySchema.migrator.migrate(writer, path: "an in-memory registry")
        } catch {
            throw RegistryError.storage("cannot create an in-memory registry: \(Self.describe(error))")
        }
    }

    nonisolated(nonsending) public func certificate(id: CertificateID) async throws -> Certificate? {
        if let lookup {
            return try lookup.certificate(id: id)
        }
        return try await read { db in
            let statement = try db.cachedStatement(sql: CertificateRow.selectSQL + " WHERE c.id = ?")
            // A cursor's row reads the statement in place (no copy) and finds columns by name
            // through the statement's index rather than a scan. It is valid only while the
            // cursor stands on it: the cursor resets the statement when it goes.
            let rows = try Row.fetchCursor(statement, arguments: [id.compact])
            return try withExtendedLifetime(rows) { try rows.next().map { try CertificateRow.decode($0, selectedBy: id) } }
        }
    }

    public func issuedIDs(eventID: String) async throws -> [AttendeeIdentity: CertificateID] {
        try await read { db in
            // The end of each correction chain: a certificate nothing supersedes.
            let statement = try db.cachedStatement(
                sql: """
                    SELECT identity, id FROM certificate c WHERE event_id = ?
                    AND NOT EXISTS (SELECT 1 FROM certificate n WHERE n.supersedes = c.id)
                    """)
            var result: [AttendeeIdentity: CertificateID] = [:]
            let rows = try Row.fetchCursor(statement, arguments: [eventID])
            while let row = try rows.next() {
                let idText: String = row["id"]
                guard let identity = AttendeeIdentity(email: row["identity"]), let id = try? CertificateID(parsing: idText) else {
                    throw RegistryError.corruptRecord(id: idText, reason: "its identity or ID is not well-formed")
                }
                result[identity] = id
            }
            return result
        }
    }

    public func certificates(eventID: String, after: CertificateID?, limit: Int) async throws -> [Certificate] {
        try await read { db in
            let statement = try db.cachedStatement(
                sql: CertificateRow.selectSQL + " WHERE c.event_id = ? AND c.id > ? ORDER BY c.id LIMIT ?")
            return try Row.fetchAll(statement, arguments: [eventID, after?.compact ?? "", limit]).map(CertificateRow.decode)
        }
    }

    public func allCertificates(after: CertificateID?, limit: Int) async throws -> [Certificate] {
        try await read { db in
            let statement = try db.cachedStatement(sql: CertificateRow.selectSQL + " WHERE c.id > ? ORDER BY c.id LIMIT ?")
            return try Row.fetchAll(statement, arguments: [after?.compact ?? "", limit]).map(CertificateRow.decode)
        }
    }

    public func certificates(identity: AttendeeIdentity) async throws -> [Certificate] {
        try await read { db in
            let statement = try db.cachedStatement(sql: CertificateRow.selectSQL + " WHERE c.identity = ? ORDER BY c.issued_at, c.id")
            return try Row.fetchAll(statement, arguments: [identity.email]).map(CertificateRow.decode)
        }
    }

    public func insert(_ certificates: [Certificate]) async throws {
        try await write { db in
            var index = try LogWriter.nextIndex(db)
            try Self.insert(certificates, index: &index, db)
        }
    }

    private static func insert(_ certificates: [Certificate], index: inout Int, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: CertificateRow.insertSQL)
        for certificate in certificates {
            do {
                try statement.execute(arguments: CertificateRow.arguments(certificate))
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw translateConstraint(error, certificate)
            }
            var frozen = certificate
            frozen.status = .valid
            frozen.statusChange = nil
            try LogWriter.append(.issued(frozen), index: index, in: db)
            index += 1
        }
    }

    public func changeStatus(_ change: StatusChange, replacement: Certificate?) async throws {
        try await write { db in
            let statement = try db.cachedStatement(sql: CertificateRow.selectSQL + " WHERE c.id = ?")
            guard let current = try Row.fetchOne(statement, arguments: [change.certificateID.compact]).map(CertificateRow.decode) else {
                throw RegistryError.notFound(change.certificateID)
            }
            try change.check(after: current.status)
            var index = try LogWriter.nextIndex(db)
            if let replacement {
                guard replacement.supersedes == current.id, replacement.eventID == current.eventID,
                    replacement.identity == current.identity
                else {
                    throw RegistryError.storage("a correction must supersede \(current.id) for the same event and attendee")
                }
                try Self.insert([replacement], index: &index, db)
            }
            try StoredText.check(
                [("note", change.note), ("operator", change.operatorName)], subject: "the status change of \(change.certificateID)")
            try db.execute(
                sql:
                    "INSERT INTO status_history (certificate_id, status, reason, note, operator, at, replaced_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    change.certificateID.compact, change.status.rawValue, change.reason?.rawValue, change.note, change.operatorName,
                    CertificateRow.timestamp(change.at), change.replacedBy?.compact,
                ])
            try LogWriter.append(.statusChanged(change), index: index, in: db)
        }
    }

    public func statusHistory(certificateID: CertificateID) async throws -> [StatusChange] {
        try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: CertificateRow.historySQL), arguments: [certificateID.compact])
                .compactMap { try CertificateRow.statusChange($0) }
        }
    }

    public func eventDefinition(eventID: String) async throws -> EventDefinition? {
        try await read { db in
            // The latest revision, else the definition frozen at the first issue.
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT canonical, sha256 FROM (
                            SELECT canonical, sha256, revision FROM event_definition_revision WHERE event_id = ?1
                            UNION ALL SELECT canonical, sha256, 0 FROM event_definition WHERE event_id = ?1
                        ) ORDER BY revision DESC LIMIT 1
                        """, arguments: [eventID])
            else { return nil }
            let bytes: Data = row["canonical"]
            guard let definition = EventDefinition(canonical: [UInt8](bytes)), definition.eventID == eventID,
                definition.sha256.hex == row["sha256"]
            else { throw RegistryError.corruptRecord(id: "event \(eventID)", reason: "its frozen definition does not match its hash") }
            return definition
        }
    }

    public func freezeEventDefinition(_ definition: EventDefinition, at: Date) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO event_definition (event_id, canonical, sha256, frozen_at) VALUES (?, ?, ?, ?)",
                arguments: [definition.eventID, Data(definition.canonical), definition.sha256.hex, CertificateRow.timestamp(at)])
        }
    }

    public func reviseEventDefinition(_ definition: EventDefinition, reason: String, at: Date) async throws {
        try await write { db in
            let canonical = Data(definition.canonical)
            let timestamp = CertificateRow.timestamp(at)
            // An event frozen before definitions were kept gets this one as its first.
            try db.execute(
                sql: "INSERT OR IGNORE INTO event_definition (event_id, canonical, sha256, frozen_at) VALUES (?, ?, ?, ?)",
                arguments: [definition.eventID, canonical, definition.sha256.hex, timestamp])
            guard db.changesCount == 0 else { return }
            let arguments: StatementArguments = [definition.eventID, canonical, definition.sha256.hex, timestamp, reason]
            try db.execute(
                sql: """
                    INSERT INTO event_definition_revision (event_id, revision, canonical, sha256, revised_at, reason)
                    SELECT ?1, COALESCE(MAX(revision), 0) + 1, ?2, ?3, ?4, ?5 FROM event_definition_revision WHERE event_id = ?1
                    """, arguments: arguments)
        }
    }

    public func logSize() async throws -> Int {
        try await read { db in try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM log_entry")) ?? 0 }
    }

    public func logEntries(_ range: Range<Int>) async throws -> [LogEntry] {
        try await read { db in
            let statement = try db.cachedStatement(
                sql: "SELECT idx, certificate_id, body, leaf_hash FROM log_entry WHERE idx >= ? AND idx < ? ORDER BY idx")
            return try Row.fetchAll(statement, arguments: [range.lowerBound, range.upperBound]).map { row in
                // NULL for an attendance record's entry, which is about no certificate.
                let idText: String? = row["certificate_id"]
                let body: Data = row["body"]
                let leaf: Data = row["leaf_hash"]
                let id = idText.flatMap { try? CertificateID(parsing: $0) }
                guard id != nil || idText == nil, let hash = SHA256Digest(bytes: [UInt8](leaf)) else {
                    throw RegistryError.corruptRecord(id: idText ?? "log", reason: "log entry \(row["idx"] as Int) cannot be read")
                }
                return LogEntry(index: row["idx"], certificateID: id, body: [UInt8](body), leafHash: hash)
            }
        }
    }

    public func leafHashes(size: Int) async throws -> [SHA256Digest] {
        try await read { db in
            var hashes: [SHA256Digest] = []
            hashes.reserveCapacity(size)
            let rows = try Row.fetchCursor(
                db.cachedStatement(sql: "SELECT leaf_hash FROM log_entry WHERE idx < ? ORDER BY idx"), arguments: [size])
            while let row = try rows.next() {
                let data: Data = row[0]
                guard let hash = SHA256Digest(bytes: [UInt8](data)) else {
                    throw RegistryError.corruptRecord(id: "log", reason: "a leaf hash is not 32 bytes")
                }
                hashes.append(hash)
            }
            return hashes
        }
    }

    public func logIndexes(certificateID: CertificateID) async throws -> [Int] {
        try await read { db in
            try Int.fetchAll(
                db.cachedStatement(sql: "SELECT idx FROM log_entry WHERE certificate_id = ? ORDER BY idx"),
                arguments: [certificateID.compact])
        }
    }

    public func appendCheckpoint(_ checkpoint: StoredCheckpoint) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO checkpoint (size, root, note, created_at) VALUES (?, ?, ?, ?)",
                arguments: [checkpoint.size, Data(checkpoint.root.bytes), checkpoint.note, CertificateRow.timestamp(checkpoint.createdAt)])
        }
    }

    public func latestCheckpoint() async throws -> StoredCheckpoint? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM checkpoint ORDER BY size DESC LIMIT 1") else { return nil }
            let root: Data = row["root"]
            guard let hash = SHA256Digest(bytes: [UInt8](root)), let created = CertificateRow.parseTimestamp(row["created_at"]) else {
                throw RegistryError.corruptRecord(id: "checkpoint", reason: "the latest checkpoint cannot be read")
            }
            return StoredCheckpoint(size: row["size"], root: hash, note: row["note"], createdAt: created)
        }
    }

    public func recordAttendance(_ records: [AttendanceRecord]) async throws {
        try await write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO attendance_record (event_id, identity, source_sha256, name, attended_seconds,
                        required_seconds, live_seconds, rule, eligible, lines, recorded_at, identity_salt, sources)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            var index = try LogWriter.nextIndex(db)
            // A batch's records share one time: format and read it back once.
            var stamps: [Date: (text: String, stored: Date)] = [:]
            for record in records {
                try StoredAttendance.check(record)
                let stamp = try stamps[record.recordedAt] ?? StoredAttendance.timestamp(record.recordedAt)
                stamps[record.recordedAt] = stamp
                try statement.execute(arguments: [
                    record.eventID, record.identity.email, record.sourceSHA256, record.name, record.attendedSeconds,
                    record.requiredSeconds, record.liveSeconds, record.rule, record.eligible,
                    record.lines.map(String.init).joined(separator: ","), stamp.text, record.identitySalt,
                    Self.storedSources(record.sources),
                ])
                // Recorded before (the same file again): its entry is in the log already.
                guard db.changesCount > 0 else { continue }
                // The entry says what the row will read back as, so the audit re-derives it exactly.
                var stored = record
                stored.recordedAt = stamp.stored
                try LogWriter.append(.attendanceRecorded(stored), index: index, in: db)
                index += 1
            }
        }
    }

    public func attendance(eventID: String) async throws -> [AttendanceRecord] {
        try await read { db in
            // The newest record per person (a later attendance file replaces an earlier one).
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM attendance_record a WHERE event_id = ? AND recorded_at = (
                        SELECT MAX(recorded_at) FROM attendance_record b WHERE b.event_id = a.event_id AND b.identity = a.identity)
                    ORDER BY identity
                    """, arguments: [eventID])
            return try rows.map(Self.attendanceRecord)
        }
    }

    public func attendanceRecords(eventID: String, identity: AttendeeIdentity) async throws -> [AttendanceRecord] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM attendance_record WHERE event_id = ? AND identity = ? ORDER BY recorded_at, source_sha256",
                arguments: [eventID, identity.email]
            ).map(Self.attendanceRecord)
        }
    }

    public func allAttendanceRecords(after position: Int?, limit: Int) async throws -> [(position: Int, record: AttendanceRecord)] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT rowid AS position, * FROM attendance_record WHERE rowid > ? ORDER BY rowid LIMIT ?"),
                arguments: [position ?? 0, limit]
            ).map { row in (row["position"], try Self.attendanceRecord(row)) }
        }
    }

    static func attendanceRecord(_ row: Row) throws -> AttendanceRecord {
        guard let identity = AttendeeIdentity(email: row["identity"]), let recorded = CertificateRow.parseTimestamp(row["recorded_at"])
        else { throw RegistryError.corruptRecord(id: "attendance", reason: "a record cannot be read") }
        let lines: String = row["lines"]
        var record = AttendanceRecord(
            eventID: row["event_id"], identity: identity, name: row["name"],
            eligibility: Eligibility(
                attendedSeconds: row["attended_seconds"], requiredSeconds: row["required_seconds"], liveSeconds: row["live_seconds"],
                rule: row["rule"]),
            sourceSHA256: row["source_sha256"], lines: lines.split(separator: ",").compactMap { Int($0) }, recordedAt: recorded,
            identitySalt: row["identity_salt"] ?? "")
        record.sources = try storedSources(row["sources"] ?? "")
        // As stored, not as the rule would judge it now: the audit compares what the register shows.
        record.eligible = row["eligible"]
        return record
    }

    /// `sources` as stored: `sha256:line,line` per file, separated by spaces ('' for one file).
    package static func storedSources(_ sources: [AttendanceRecord.SourceRows]) -> String {
        sources.map { "\($0.sha256):\($0.lines.map(String.init).joined(separator: ","))" }.joined(separator: " ")
    }

    /// The stored `sources` text read back.
    package static func storedSources(_ text: String) throws -> [AttendanceRecord.SourceRows] {
        try text.split(separator: " ").map { part in
            let halves = part.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard halves.count == 2, halves[0].utf8.count == 64 else {
                throw RegistryError.corruptRecord(id: "attendance", reason: "a record's list of source files cannot be read")
            }
            return AttendanceRecord.SourceRows(sha256: String(halves[0]), lines: halves[1].split(separator: ",").compactMap { Int($0) })
        }
    }

    /// `certificate.attendee_name` repeats the frozen content's name for queries; nothing in
    /// cpdcert reads it, so the audit compares it with the content.
    public func copiesDifferingFromRecords() async throws -> [StoredCopyMismatch] {
        try await read { db in
            var found: [StoredCopyMismatch] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT id, attendee_name, content FROM certificate ORDER BY id")
            while let row = try rows.next() {
                let copy: String? = row["attendee_name"]
                let text: String = row["content"] ?? ""
                let content =
                    StoredContentReader.content(text)
                    ?? (try? CertificateRow.decoder.decode(CertificateContent.self, from: Data(text.utf8)))
                if copy != content?.attendeeName {
                    let id: String = row["id"] ?? ""
                    found.append(
                        StoredCopyMismatch(
                            certificateID: (try? CertificateID(parsing: id))?.description ?? id, copy: "certificate.attendee_name",
                            original: "the name in its content"))
                }
            }
            return found
        }
    }

    /// Runs a write transaction, translating storage errors.
    func write(_ body: @escaping @Sendable (Database) throws -> Void) async throws {
        do {
            try await writer.write(body)
        } catch let error as RegistryError {
            throw error
        } catch {
            throw RegistryError.storage("cannot write to the registry: \(Self.describe(error))")
        }
    }

    /// Runs a read, translating storage errors.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try ReadOnlyOpening.checkSnapshot(snapshotGuard)
        do {
            return try await writer.read(body)
        } catch let error as RegistryError {
            throw error
        } catch {
            throw RegistryError.storage("cannot read the registry: \(Self.describe(error))")
        }
    }

    private static func translateConstraint(_ error: DatabaseError, _ certificate: Certificate) -> RegistryError {
        let message = error.message ?? ""
        if message.contains("certificate.event_id") || message.contains("certificate.identity")
            || message.contains("certificate.supersedes")
        {
            return .duplicateAttendee(eventID: certificate.eventID, certificateID: certificate.id)
        }
        if message.contains("certificate.id") {
            return .duplicateID(certificate.id)
        }
        return .storage("the registry refused certificate \(certificate.id): \(message)")
    }

    /// The pool of a registry opened for writing, migrated. SQLite answers SQLITE_BUSY at once,
    /// without waiting for the busy timeout, in the moments when another process creates the
    /// file, switches it to WAL, recovers its WAL or closes the last connection to it
    /// (https://sqlite.org/wal.html#sometimes_queries_return_sqlite_busy_in_wal_mode): two
    /// `cpdcert issue` started together on a new registry met it. Opening is tried again for up
    /// to ten seconds; migrating is all or nothing, so trying again is safe.
    private static func openWriting(path: String, configuration: Configuration) throws -> DatabasePool {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                try RegistrySchema.migrator.migrate(pool, path: path)
                return pool
            } catch let error as DatabaseError
                where [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode) && ContinuousClock.now < deadline
            {
                Thread.sleep(forTimeInterval: Double.random(in: 0.02...0.1))
            }
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "\(error.resultCode)"
        }
        return "\(error)"
    }
}
