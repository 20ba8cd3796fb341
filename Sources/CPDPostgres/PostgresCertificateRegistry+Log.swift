public import CPDCore
import CPDRegistry
import Foundation
import Logging
import NIOCore
import PostgresNIO

// The transparency log, its checkpoints and the attendance register.
extension PostgresCertificateRegistry {
    public func logSize() async throws -> Int {
        let logger = self.logger
        return try await read { connection in
            try await Self.column("SELECT size FROM log_head", Int.self, on: connection, logger: logger).first ?? 0
        }
    }

    public func logEntries(_ range: Range<Int>) async throws -> [LogEntry] {
        let logger = self.logger
        return try await read { connection in
            var entries: [LogEntry] = []
            let rows = try await connection.query(
                """
                SELECT idx, certificate_id, body, leaf_hash FROM log_entry
                WHERE idx >= \(range.lowerBound) AND idx < \(range.upperBound) ORDER BY idx
                """, logger: logger)
            for try await (index, idText, body, leaf) in rows.decode((Int, String?, ByteBuffer, ByteBuffer).self) {
                // NULL for an attendance record's entry, which is about no certificate.
                let id = idText.flatMap { try? CertificateID(parsing: $0) }
                guard id != nil || idText == nil, let hash = SHA256Digest(bytes: Array(leaf.readableBytesView)) else {
                    throw RegistryError.corruptRecord(id: idText ?? "log", reason: "log entry \(index) cannot be read")
                }
                entries.append(LogEntry(index: index, certificateID: id, body: Array(body.readableBytesView), leafHash: hash))
            }
            return entries
        }
    }

    public func leafHashes(size: Int) async throws -> [SHA256Digest] {
        let logger = self.logger
        return try await read { connection in
            var hashes: [SHA256Digest] = []
            hashes.reserveCapacity(size)
            let rows = try await connection.query("SELECT leaf_hash FROM log_entry WHERE idx < \(size) ORDER BY idx", logger: logger)
            for try await leaf in rows.decode(ByteBuffer.self) { hashes.append(try PostgresRows.digest(leaf, "log")) }
            return hashes
        }
    }

    public func treeHashes(_ nodes: [MerkleNode]) async throws -> [SHA256Digest?] {
        let logger = self.logger
        return try await read { connection in try await Self.storedHashes(nodes, on: connection, logger: logger) }
    }

    public func logIndexes(certificateID: CertificateID) async throws -> [Int] {
        let logger = self.logger
        return try await read { connection in
            try await Self.column(
                "SELECT idx FROM log_entry WHERE certificate_id = \(certificateID.compact) ORDER BY idx", Int.self, on: connection,
                logger: logger)
        }
    }

    public func appendCheckpoint(_ checkpoint: StoredCheckpoint) async throws {
        let logger = self.logger
        try await write { connection in
            try await connection.query(
                """
                INSERT INTO checkpoint (size, root, note, created_at)
                VALUES (\(checkpoint.size), \(ByteBuffer(bytes: checkpoint.root.bytes)), \(checkpoint.note),
                    \(CertificateRow.timestamp(checkpoint.createdAt)))
                ON CONFLICT (size) DO NOTHING
                """, logger: logger)
        }
    }

    public func latestCheckpoint() async throws -> StoredCheckpoint? {
        let logger = self.logger
        return try await read { connection in
            let rows = try await connection.query(
                "SELECT size, root, note, created_at FROM checkpoint ORDER BY size DESC LIMIT 1", logger: logger)
            for try await (size, root, note, created) in rows.decode((Int, ByteBuffer, String, String).self) {
                guard let hash = SHA256Digest(bytes: Array(root.readableBytesView)), let createdAt = CertificateRow.parseTimestamp(created)
                else { throw RegistryError.corruptRecord(id: "checkpoint", reason: "the latest checkpoint cannot be read") }
                return StoredCheckpoint(size: size, root: hash, note: note, createdAt: createdAt)
            }
            return nil
        }
    }

    // MARK: Attendance register

    public func recordAttendance(_ records: [AttendanceRecord]) async throws {
        guard !records.isEmpty else { return }
        var stamps: [Date: (text: String, stored: Date)] = [:]
        var stored: [(record: AttendanceRecord, stamp: String)] = []
        for record in records {
            try StoredAttendance.check(record)
            let stamp = try stamps[record.recordedAt] ?? StoredAttendance.timestamp(record.recordedAt)
            stamps[record.recordedAt] = stamp
            // The entry says what the row will read back as, so the audit re-derives it exactly.
            var read = record
            read.recordedAt = stamp.stored
            stored.append((read, stamp.text))
        }
        let logger = self.logger
        try await write { [stored] connection in
            var log = try await PostgresLogAppender.start(connection, logger: logger)
            // Recorded before (the same file again): nothing changes and its entry is in the log already.
            let rows = try await connection.query(
                """
                INSERT INTO attendance_record (event_id, identity, source_sha256, name, attended_seconds, required_seconds,
                    live_seconds, rule, eligible, lines, recorded_at, identity_salt, sources)
                SELECT event_id, identity, source_sha256, name, attended_seconds, required_seconds, live_seconds, rule, eligible,
                    lines, recorded_at, identity_salt, sources
                FROM unnest(\(stored.map(\.record.eventID))::text[], \(stored.map(\.record.identity.email))::text[],
                    \(stored.map(\.record.sourceSHA256))::text[], \(stored.map(\.record.name))::text[],
                    \(stored.map(\.record.attendedSeconds))::bigint[], \(stored.map(\.record.requiredSeconds))::bigint[],
                    \(stored.map(\.record.liveSeconds))::bigint[], \(stored.map(\.record.rule))::text[],
                    \(stored.map(\.record.eligible))::boolean[],
                    \(stored.map { $0.record.lines.map(String.init).joined(separator: ",") })::text[],
                    \(stored.map(\.stamp))::text[], \(stored.map(\.record.identitySalt))::text[],
                    \(stored.map { SQLiteCertificateRegistry.storedSources($0.record.sources) })::text[])
                    WITH ORDINALITY AS a (event_id, identity, source_sha256, name, attended_seconds, required_seconds,
                        live_seconds, rule, eligible, lines, recorded_at, identity_salt, sources, n)
                ORDER BY n
                ON CONFLICT (event_id, identity, source_sha256) DO NOTHING
                RETURNING event_id, identity, source_sha256
                """, logger: logger)
            var first: [String: Int] = [:]
            for (n, item) in stored.enumerated() {
                let key = [item.record.eventID, item.record.identity.email, item.record.sourceSHA256].joined(separator: "\u{0}")
                if first[key] == nil { first[key] = n }
            }
            var new: [Int] = []
            for try await (eventID, identity, source) in rows.decode((String, String, String).self) {
                if let n = first[[eventID, identity, source].joined(separator: "\u{0}")] { new.append(n) }
            }
            // Logged in the order given, as the records were.
            for n in new.sorted() { try log.append(.attendanceRecorded(stored[n].record)) }
            try await log.write(connection, logger: logger)
        }
    }

    public func attendance(eventID: String) async throws -> [AttendanceRecord] {
        let logger = self.logger
        return try await read { connection in
            // The newest record per person (a later attendance file replaces an earlier one).
            try await Self.rows(
                """
                SELECT \(unescaped: PostgresRows.attendanceColumns) FROM attendance_record a
                WHERE event_id = \(eventID) AND recorded_at = (
                    SELECT MAX(recorded_at) FROM attendance_record b WHERE b.event_id = a.event_id AND b.identity = a.identity)
                ORDER BY identity
                """, on: connection, logger: logger, PostgresRows.attendance)
        }
    }

    public func attendanceRecords(eventID: String, identity: AttendeeIdentity) async throws -> [AttendanceRecord] {
        let logger = self.logger
        return try await read { connection in
            try await Self.rows(
                """
                SELECT \(unescaped: PostgresRows.attendanceColumns) FROM attendance_record
                WHERE event_id = \(eventID) AND identity = \(identity.email) ORDER BY recorded_at, source_sha256
                """, on: connection, logger: logger, PostgresRows.attendance)
        }
    }

    public func allAttendanceRecords(after position: Int?, limit: Int) async throws -> [(position: Int, record: AttendanceRecord)] {
        let logger = self.logger
        let pages = try await read { connection in
            try await Self.rows(
                """
                SELECT \(unescaped: PostgresRows.attendanceColumns), position FROM attendance_record
                WHERE position > \(position ?? 0) ORDER BY position LIMIT \(limit)
                """, on: connection, logger: logger
            ) { row in
                PositionedRecord(
                    position: try row.makeRandomAccess()["position"].decode(Int.self), record: try PostgresRows.attendance(row))
            }
        }
        return pages.map { ($0.position, $0.record) }
    }
}

/// An attendance record with its place in the register.
struct PositionedRecord: Sendable {
    var position: Int
    var record: AttendanceRecord
}
