import CPDCore
import CPDPostgres
import CPDTestSupport
import Foundation
import Testing

/// `--registry postgres://...` read as libpq reads it: defaults, the environment, the password
/// file, and refusals that say what is wrong.
@Suite struct PostgresLocationTests {
    @Test func aFullURLIsReadAndShownWithoutItsPassword() throws {
        let location = try PostgresLocation(
            "postgresql://cpdcert:s%40cret@db.example.org:6543/cpd%20registry?sslmode=verify-full&connect_timeout=3", environment: [:])
        #expect(location.host == "db.example.org")
        #expect(location.port == 6543)
        #expect(location.user == "cpdcert")
        #expect(location.password == "s@cret")
        #expect(location.database == "cpd registry")
        #expect(location.sslMode == .verifyFull)
        #expect(location.connectTimeout == .seconds(3))
        #expect(location.description == "postgres://cpdcert@db.example.org:6543/cpd registry")
        #expect(!location.description.contains("s@cret"))
    }

    @Test func whatTheURLLeavesOutComesFromTheEnvironmentAsInLibpq() throws {
        let environment = [
            "PGHOST": "pg.example.org", "PGPORT": "5433", "PGUSER": "trefnydd", "PGDATABASE": "cofrestrfa", "PGPASSWORD": "cyfrinair",
            "PGSSLMODE": "require",
        ]
        let location = try PostgresLocation("postgres://", environment: environment)
        #expect(location.host == "pg.example.org" && location.port == 5433)
        #expect(location.user == "trefnydd" && location.database == "cofrestrfa")
        #expect(location.password == "cyfrinair" && location.sslMode == .require)
        // The URL wins over the environment; the database defaults to the user's name.
        let named = try PostgresLocation("postgres://auditor@localhost", environment: ["PGUSER": "ignored"])
        #expect(named.user == "auditor" && named.database == "auditor" && named.port == 5432 && named.sslMode == .prefer)
        #expect(named.password == nil)
    }

    @Test func thePasswordFileIsReadWithWildcardsAndEscapes() throws {
        let folder = try ExternalTool.temporaryDirectory("pgpass")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("pgpass")
        try """
        # comment
        other.example.org:5432:*:cpdcert:wrong
        db.example.org:*:cpdcert:cpdcert:pa\\:ss\\\\word
        *:*:*:*:fallback
        """.write(to: file, atomically: true, encoding: .utf8)
        let location = try PostgresLocation(
            "postgres://cpdcert@db.example.org/cpdcert", environment: ["PGPASSFILE": file.path])
        #expect(location.password == "pa:ss\\word")
        let other = try PostgresLocation("postgres://reader@db.example.org/cpdcert?passfile=\(file.path)", environment: [:])
        #expect(other.password == "fallback")
        // PGPASSWORD comes before the file.
        let both = try PostgresLocation(
            "postgres://cpdcert@db.example.org/cpdcert", environment: ["PGPASSFILE": file.path, "PGPASSWORD": "from-env"])
        #expect(both.password == "from-env")
        // An empty PGPASSWORD is none (as libpq reads it): the file answers.
        let empty = try PostgresLocation(
            "postgres://cpdcert@db.example.org/cpdcert", environment: ["PGPASSFILE": file.path, "PGPASSWORD": ""])
        #expect(empty.password == "pa:ss\\word")
    }

    @Test func aSocketFolderIsAHost() throws {
        let location = try PostgresLocation("postgres://postgres@/cpdcert?host=/var/run/postgresql", environment: [:])
        #expect(location.host == "/var/run/postgresql")
        #expect(location.server == "the socket in /var/run/postgresql (port 5432)")
    }

    @Test(arguments: [
        (
            "postgres://db.example.org/x?sslmode=strict",
            "sslmode 'strict' is not one of disable, allow, prefer, require, verify-ca, verify-full"
        ),
        ("postgres://db.example.org/x?application_name=x", "parameter 'application_name' is not one cpdcert knows"),
        ("postgres://db.example.org:0/x", "the PostgreSQL port '0' is not a port number"),
        ("postgres://db.example.org/x?connect_timeout=soon", "connect_timeout 'soon' is not a number of seconds"),
        ("mysql://db.example.org/x", "is not a PostgreSQL URL"),
    ])
    func aWrongURLIsRefusedWithWhatIsWrong(url: String, message: String) {
        let error = #expect(throws: RegistryError.self) { try PostgresLocation(url, environment: [:]) }
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
    }

    @Test func aURLWithAPasswordIsShownWithoutItWhenRefused() {
        let error = #expect(throws: RegistryError.self) {
            try PostgresLocation("postgres://cpdcert:hunter2@db.example.org/x?sslmode=nope", environment: [:])
        }
        #expect(error?.description.contains("hunter2") == false)
    }
}
