import CPDCore
import Foundation
import Logging
import PostgresNIO

/// Applies `PostgresSchema.migrations` a database lacks, by name, in one transaction under a
/// transaction-level advisory lock, so that several runners starting on a new database at the
/// same moment agree: the first migrates, the others wait for its commit and find nothing left.
enum PostgresMigrator {
    /// The lock's key (any constant that no other program on the database uses).
    static let lockKey: Int64 = 0x6370_6463_6572_7401  // "cpdcert\u{1}"

    static func migrate(_ connection: PostgresConnection, location: PostgresLocation, readOnly: Bool, logger: Logger) async throws {
        let known = PostgresSchema.names
        if readOnly {
            let applied = try await appliedNames(connection, logger: logger)
            try refuseNewer(applied, known: known, location: location)
            guard Set(applied) == Set(known) else {
                throw RegistryError.storage(
                    applied.isEmpty
                        ? "\(location) holds no registry yet; create it with cpdcert registry init --registry '\(location)'"
                        : "\(location) needs migrating; run cpdcert registry init --registry '\(location)' (or any writing command) once")
            }
            return
        }
        // Nothing to do needs no lock and no DDL: a runner's role may create nothing.
        let applied = try await appliedNames(connection, logger: logger)
        try refuseNewer(applied, known: known, location: location)
        guard Set(applied) != Set(known) else { return }
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS cpdcert_migration (
                    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
                """, logger: logger)
            let applied = try await appliedNames(connection, logger: logger)
            try refuseNewer(applied, known: known, location: location)
            for (name, sql) in PostgresSchema.migrations where !applied.contains(name) {
                // The extended protocol takes one statement at a time.
                for statement in statements(sql) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO cpdcert_migration (name) VALUES (\(name))", logger: logger)
            }
        }
    }

    /// The statements of an SQL script: split at each `;` outside quotes, `$$` bodies and `--` comments.
    static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var quoted = false, dollar = false, comment = false
        var previous: Character = " "
        for character in script {
            if comment {
                if character == "\n" { comment = false }
                previous = character
                continue
            }
            if !quoted && !dollar && character == "-" && previous == "-" {
                current.removeLast()
                comment = true
                previous = " "
                continue
            }
            if character == "'" && !dollar { quoted.toggle() }
            if character == "$" && previous == "$" && !quoted { dollar.toggle() }
            if character == ";" && !quoted && !dollar {
                let statement = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !statement.isEmpty { statements.append(statement) }
                current = ""
            } else {
                current.append(character)
            }
            previous = character == "$" && previous == "$" ? " " : character
        }
        let last = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !last.isEmpty { statements.append(last) }
        return statements
    }

    /// The migrations applied, oldest first; none for a database cpdcert never used.
    static func appliedNames(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        let exists = try await PostgresCertificateRegistry.column(
            "SELECT to_regclass('cpdcert_migration') IS NOT NULL", Bool.self, on: connection, logger: logger)
        guard exists.first == true else { return [] }
        return try await PostgresCertificateRegistry.column(
            "SELECT name FROM cpdcert_migration ORDER BY applied_at, name", String.self, on: connection, logger: logger)
    }

    static func refuseNewer(_ applied: [String], known: [String], location: PostgresLocation) throws {
        let unknown = Set(applied).subtracting(known)
        guard unknown.isEmpty else {
            throw RegistryError.storage(
                "\(location) was migrated by a newer cpdcert (unknown migrations \(unknown.sorted())); upgrade cpdcert")
        }
    }
}
