import CPDTestSupport
import Foundation

/// Where a test's registry lives: a file's path in the temporary folder, or a fresh PostgreSQL
/// database on the test server (`PostgresTestDatabase`). `remove()` deletes the file with the
/// `-wal` and `-shm` files SQLite keeps beside it, and drops the database.
final class TemporaryRegistryFile: @unchecked Sendable {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("cpdcert-\(UUID()).sqlite").path
    /// The database made for a PostgreSQL registry, if one was.
    var database: PostgresTestDatabase?

    func remove() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        database?.drop()
    }
}
