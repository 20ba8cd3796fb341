public import Foundation

/// A fresh, empty PostgreSQL database on the test server for one test, made and dropped with
/// Debian's psql. The server is the one `CPDCERT_TEST_POSTGRES` names (an admin URL, e.g.
/// `postgres://postgres@127.0.0.1:5433/postgres?sslmode=disable`): `make test` and `.ci/run`
/// start a throwaway cluster and set it (Tests/with-postgres.sh); a test run without it fails
/// with a message saying so, so no PostgreSQL test is ever skipped quietly.
public struct PostgresTestDatabase: Sendable {
    /// The database's URL, for `--registry`.
    public let url: String
    /// Its name on the server.
    public let name: String
    /// The server's admin URL.
    public let admin: String

    /// What went wrong: no server named, or psql failing (its message).
    public struct Failure: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) { self.description = description }
    }

    /// The test server's admin URL.
    public static func server() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["CPDCERT_TEST_POSTGRES"], !url.isEmpty else {
            throw Failure(
                description: "CPDCERT_TEST_POSTGRES names no PostgreSQL server: run the tests with `make test`, or "
                    + "`Tests/with-postgres.sh swift test ...`, which starts a throwaway cluster")
        }
        return url
    }

    /// Creates a database named `cpdcert_test_<random>`.
    public static func create() throws -> PostgresTestDatabase {
        let admin = try server()
        let name = "cpdcert_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let database = PostgresTestDatabase(url: replacingDatabase(of: admin, with: name), name: name, admin: admin)
        try database.run(admin, "CREATE DATABASE \(name) TEMPLATE template0 ENCODING 'UTF8'")
        return database
    }

    /// `url` naming database `name` instead.
    public static func replacingDatabase(of url: String, with name: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + name
        return components.string ?? url
    }

    /// Runs `sql` on this database as the server's superuser; what psql printed (unaligned, tuples only).
    @discardableResult
    public func psql(_ sql: String) throws -> String { try run(url, sql) }

    /// Drops the database (closing what is still connected to it).
    public func drop() {
        _ = try? run(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    private func run(_ url: String, _ sql: String) throws -> String {
        let result = try ExternalTool.run("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql])
        guard result.status == 0 else {
            throw Failure(description: "psql \(sql) failed (\(result.status)): \(result.stderr)")
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
