import CPDCore
import Foundation
import GRDB

/// Named migrations, applied in order in one exclusive transaction, so that any number of
/// processes opening a new or old registry at the same moment agree: the first to take the lock
/// migrates, the others wait (the busy timeout) and then find nothing left to do.
///
/// GRDB's `DatabaseMigrator` reads which migrations were applied outside a transaction and then
/// runs each in a transaction of its own, so two first runs both saw an empty registry and the
/// second failed with "table certificate already exists". The applied list is kept in GRDB's
/// table (`grdb_migrations`), so registries written before keep their history.
struct RegistryMigrator {
    private(set) var steps: [(identifier: String, migrate: @Sendable (Database) throws -> Void)] = []

    /// Adds a migration; identifiers are never reused or edited once shipped.
    mutating func registerMigration(_ identifier: String, migrate: @escaping @Sendable (Database) throws -> Void) {
        precondition(!steps.contains { $0.identifier == identifier }, "migration \(identifier) registered twice")
        steps.append((identifier, migrate))
    }

    /// Every registered identifier, in order.
    var migrations: [String] { steps.map(\.identifier) }

    /// The identifiers recorded as applied in `db` (none for a new file).
    func appliedIdentifiers(_ db: Database) throws -> Set<String> {
        guard try db.tableExists("grdb_migrations") else { return [] }
        return Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
    }

    /// Applies what `db` lacks. Refuses a registry that a newer cpdcert migrated further.
    func migrate(_ writer: any DatabaseWriter, path: String) throws {
        let known = Set(migrations)
        try writer.barrierWriteWithoutTransaction { db in
            let seen = try appliedIdentifiers(db)
            try Self.refuseNewer(seen, known: known, path: path)
            guard seen != known else { return }
            // Foreign keys cannot be switched inside a transaction; they are checked before commit.
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            try db.inTransaction(.exclusive) {
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
                let applied = try appliedIdentifiers(db)
                try Self.refuseNewer(applied, known: known, path: path)
                for step in steps where !applied.contains(step.identifier) {
                    try step.migrate(db)
                    try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [step.identifier])
                }
                try db.checkForeignKeys()
                return .commit
            }
        }
    }

    static func refuseNewer(_ applied: Set<String>, known: Set<String>, path: String) throws {
        guard applied.isSubset(of: known) else {
            throw RegistryError.storage(
                "\(path) was written by a newer cpdcert (unknown migrations \(applied.subtracting(known).sorted())); upgrade cpdcert")
        }
    }
}
