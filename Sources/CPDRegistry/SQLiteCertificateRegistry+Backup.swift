public import CPDCore
import Foundation
import GRDB
import GRDBSQLite

#if canImport(Glibc)
    import Glibc
#endif

/// What a registry held at one instant: enough to tell that a copy holds the same.
public struct RegistrySnapshot: Sendable, Equatable, CustomStringConvertible {
    /// Certificate rows.
    public var certificates: Int
    /// Entries in the transparency log, and the Merkle root over them.
    public var logSize: Int
    public var logRoot: SHA256Digest
    /// The latest signed checkpoint's size and root, if one was signed.
    public var checkpointSize: Int?
    public var checkpointRoot: SHA256Digest?

    public var description: String {
        "\(certificates) certificates, log size \(logSize) (root \(logRoot.hex.prefix(16))…)"
            + (checkpointSize.map { ", signed checkpoint at size \($0)" } ?? ", no signed checkpoint")
    }
}

extension SQLiteCertificateRegistry {
    /// Copies the whole registry into a new file at `destination` with SQLite's online backup
    /// (https://sqlite.org/backup.html), in one step inside one read transaction: the copy is the
    /// registry as it stood at one instant, while writers go on (WAL mode lets them). The copy
    /// is one self-contained file (rollback journal, no -wal or -shm), fsynced. Returns what the
    /// registry held at that instant, read in the same transaction.
    public func backup(to destination: String) throws(RegistryError) -> RegistrySnapshot {
        do {
            let copy = try DatabaseQueue(path: destination)
            var snapshot: RegistrySnapshot?
            try copy.writeWithoutTransaction { copyDB in
                try writer.read { db in
                    snapshot = try Self.snapshot(db)
                    try db.backup(to: copyDB)
                }
                // The copy keeps the source's WAL flag in its header; a backup is better as one file.
                try copyDB.execute(sql: "PRAGMA journal_mode = DELETE")
            }
            try copy.close()
            try Self.fsync(destination)
            guard let snapshot else { throw RegistryError.storage("the backup read nothing from the registry") }
            return snapshot
        } catch let error as RegistryError {
            throw error
        } catch {
            throw .storage("cannot copy the registry to \(destination): \(Self.describe(error))")
        }
    }

    /// What the registry holds now (one read transaction).
    public func snapshot() throws(RegistryError) -> RegistrySnapshot {
        do {
            return try writer.read { try Self.snapshot($0) }
        } catch let error as RegistryError {
            throw error
        } catch {
            throw .storage("cannot read the registry: \(Self.describe(error))")
        }
    }

    /// SQLite's own check of every page and index (`PRAGMA integrity_check`): nil when it is
    /// sound, else what it found.
    public func integrityProblems() throws(RegistryError) -> String? {
        do {
            let lines = try writer.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
            return lines == ["ok"] ? nil : lines.prefix(10).joined(separator: "; ")
        } catch {
            throw .storage("cannot check the registry: \(Self.describe(error))")
        }
    }

    private static func snapshot(_ db: Database) throws -> RegistrySnapshot {
        let certificates = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM certificate") ?? 0
        var leaves: [SHA256Digest] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT leaf_hash FROM log_entry ORDER BY idx")
        while let row = try rows.next() {
            let bytes: Data = row[0]
            guard let leaf = SHA256Digest(bytes: [UInt8](bytes)) else {
                throw RegistryError.corruptRecord(id: "log entry \(leaves.count)", reason: "its leaf hash is not 32 bytes")
            }
            leaves.append(leaf)
        }
        let checkpoint = try Row.fetchOne(db, sql: "SELECT size, root FROM checkpoint ORDER BY size DESC LIMIT 1")
        let checkpointRoot: Data? = checkpoint?["root"]
        return RegistrySnapshot(
            certificates: certificates, logSize: leaves.count, logRoot: MerkleTree.root(leaves), checkpointSize: checkpoint?["size"],
            checkpointRoot: checkpointRoot.flatMap { SHA256Digest(bytes: [UInt8]($0)) })
    }

    /// Flushes `path`'s bytes to the disk.
    static func fsync(_ path: String) throws(RegistryError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .storage("cannot open \(path) to flush it: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard Glibc.fsync(descriptor) == 0 else { throw .storage("cannot flush \(path) to disk: \(String(cString: strerror(errno)))") }
    }
}
