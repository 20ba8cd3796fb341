import CPDCore
import GRDBSQLite
import Synchronization

/// Looks certificates up by ID on read-only SQLite connections of its own, with one prepared
/// statement each: the verification server's hot path, read on the request's thread.
///
/// GRDB's read (a reader from its pool, its queue, a schema check, then the row) cost more
/// than the lookup itself; here a lookup is one bound statement, one step, one reset. Each
/// connection serves one lookup at a time (taken from and given back to `idle`); in WAL mode
/// readers do not wait for the writer, and each statement reads one consistent snapshot, so a
/// status change is seen by the next lookup after its commit.
final class CertificateLookup: Sendable {
    private let path: String
    private let snapshotGuard: String?
    private let idle = Mutex<[LookupConnection]>([])

    /// Lookups in the registry file at `path` (opened on first use); `snapshotGuard` as in
    /// `ReadOnlyOpening.checkSnapshot`.
    init(path: String, snapshotGuard: String?) {
        self.path = path
        self.snapshotGuard = snapshotGuard
    }

    func certificate(id: CertificateID) throws -> Certificate? {
        try ReadOnlyOpening.checkSnapshot(snapshotGuard)
        let connection = try idle.withLock { $0.popLast() } ?? LookupConnection(path: path)
        defer { idle.withLock { $0.append(connection) } }
        return try connection.certificate(id: id)
    }
}

/// One read-only connection and its prepared lookup statement. Not thread-safe: used by one
/// lookup at a time, which `CertificateLookup` ensures.
private final class LookupConnection: @unchecked Sendable {
    // @unchecked: handed between threads only through CertificateLookup's mutex, never shared.
    private let connection: OpaquePointer
    private let statement: OpaquePointer
    /// Each `CertificateColumn`'s index in the statement's result (-1: absent), by raw value.
    private let columns: [Int32]

    init(path: String) throws(RegistryError) {
        var connection: OpaquePointer?
        let opened = sqlite3_open_v2(path, &connection, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
        guard opened == SQLITE_OK, let connection else {
            // "Whether or not an error occurs when it is opened, resources associated with the
            // database connection handle should be released by passing it to sqlite3_close()"
            // (https://sqlite.org/c3ref/open.html).
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(connection)
            throw .storage("cannot open the registry at \(path): \(message)")
        }
        // Wait at most a second for a lock (only WAL recovery after a crash takes one readers wait for).
        sqlite3_busy_timeout(connection, 1000)
        // An 8 MiB page cache (SQLite's default is 2 MB) keeps the ID index and the table's
        // interior pages of a registry of 100,000 certificates (about 3.5 MB of them) in
        // memory: a lookup then reads one page from the file, the row's own.
        sqlite3_exec(connection, "PRAGMA cache_size = -8192", nil, nil, nil)
        var statement: OpaquePointer?
        let sql = CertificateRow.selectSQL + " WHERE c.id = ?"
        guard sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK, let statement
        else {
            let message = String(cString: sqlite3_errmsg(connection))
            sqlite3_close_v2(connection)
            throw .storage("cannot read the registry at \(path): \(message)")
        }
        self.connection = connection
        self.statement = statement
        var indexes: [String: Int32] = [:]
        for index in 0..<sqlite3_column_count(statement) {
            indexes[String(cString: sqlite3_column_name(statement, index))] = index
        }
        self.columns = CertificateColumn.allCases.map { indexes[$0.name] ?? -1 }
    }

    deinit {
        sqlite3_finalize(statement)
        sqlite3_close_v2(connection)
    }

    func certificate(id: CertificateID) throws -> Certificate? {
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        let result = id.compact.withCString { id in
            // SQLITE_STATIC (nil): `id` outlives the step.
            sqlite3_bind_text(statement, 1, id, -1, nil) == SQLITE_OK ? sqlite3_step(statement) : SQLITE_ERROR
        }
        switch result {
        case SQLITE_ROW:
            return try CertificateRow.decode(StatementColumns(statement: statement, columns: columns), selectedBy: id)
        case SQLITE_DONE:
            return nil
        default:
            throw RegistryError.storage("cannot read the registry: \(String(cString: sqlite3_errmsg(connection)))")
        }
    }
}

/// The current row of a stepped statement; `columns` holds each column's index (-1: absent).
private struct StatementColumns: CertificateColumns {
    let statement: OpaquePointer
    let columns: [Int32]

    private func index(_ column: CertificateColumn) -> Int32? {
        let index = columns[column.rawValue]
        return index < 0 ? nil : index
    }

    func withUTF8<Result>(_ column: CertificateColumn, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        guard let index = index(column), let bytes = sqlite3_column_text(statement, index) else { return nil }
        return body(UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, index))))
    }

    func text(_ column: CertificateColumn) -> String? {
        withUTF8(column) { String(decoding: $0, as: UTF8.self) }
    }

    func integer(_ column: CertificateColumn) -> Int? {
        guard let index = index(column), sqlite3_column_type(statement, index) == SQLITE_INTEGER else { return nil }
        return Int(sqlite3_column_int64(statement, index))
    }
}
