import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// The built `cpdcert` on a real PostgreSQL server (Tests/with-postgres.sh): the example event
/// issued into a fresh database, verified, revoked, audited; a superuser's edit caught; a server
/// that is not there, or does not answer, named within the connect timeout.
@Suite struct PostgresEndToEndTests {
    let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")

    /// A fresh database and a folder with a signing key.
    struct Setup {
        var database: PostgresTestDatabase
        var folder: URL
        var keys: String { folder.appendingPathComponent("keys").path }

        func remove() {
            database.drop()
            try? FileManager.default.removeItem(at: folder)
        }
    }

    func setUp(_ label: String) throws -> Setup {
        let setup = Setup(database: try PostgresTestDatabase.create(), folder: try ExternalTool.temporaryDirectory(label))
        let keys = try EndToEndTests.cpdcert(["keys", "init", "--name", "verify.example.org/pg", "--keys", setup.keys])
        #expect(keys.status == 0, "\(keys.stderr)")
        return setup
    }

    func issue(_ setup: Setup) throws -> ExternalTool.Result {
        try EndToEndTests.cpdcert([
            "issue", "--event", example.appendingPathComponent("event.yaml").path,
            "--attendance", example.appendingPathComponent("attendance.csv").path,
            "--out", setup.folder.appendingPathComponent("out").path, "--registry", setup.database.url, "--keys", setup.keys,
        ])
    }

    func audit(_ setup: Setup) throws -> ExternalTool.Result {
        try EndToEndTests.cpdcert([
            "audit", "verify", "--registry", setup.database.url, "--pdfs", setup.folder.appendingPathComponent("out").path,
            "--keys", setup.keys,
        ])
    }

    @Test func theExampleIsIssuedVerifiedRevokedAndAuditedOnPostgreSQL() throws {
        let setup = try setUp("pg-e2e")
        defer { setup.remove() }
        let created = try EndToEndTests.cpdcert(["registry", "init", "--registry", setup.database.url])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("schema: pg-v1-registry, pg-v2-credentials-and-deliveries, pg-v3-work-claims"), "\(created.stdout)")
        #expect(created.stdout.contains("transparency log: 0 entries"))
        // The URL is shown without anything after the database (no password, no parameters).
        #expect(created.stdout.contains("Registry ready: postgres://postgres@127.0.0.1:"))

        let first = try issue(setup)
        #expect(first.status == 65, "\(first.stderr)")
        #expect(first.stdout.contains("issued now:       29"), "\(first.stdout)")
        let count = try setup.database.psql("SELECT count(*) FROM certificate")
        #expect(count == "29")
        let audited = try audit(setup)
        #expect(audited.status == 0, "\(audited.stdout)\(audited.stderr)")
        #expect(audited.stdout.contains("Checked 29 certificates, 36 attendance records"), "\(audited.stdout)")

        let pdfs = try FileManager.default.contentsOfDirectory(atPath: setup.folder.appendingPathComponent("out").path)
            .filter { $0.hasSuffix(".pdf") }.sorted()
        let id = String(try #require(pdfs.first).dropLast(4))
        let verified = try EndToEndTests.cpdcert(["verify", id, "--registry", setup.database.url])
        #expect(verified.status == 0 && verified.stdout.contains("\(id): VALID"), "\(verified.stdout)\(verified.stderr)")
        let revoked = try EndToEndTests.cpdcert([
            "revoke", id, "--reason", "issued-in-error", "--registry", setup.database.url, "--keys", setup.keys,
        ])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        let after = try EndToEndTests.cpdcert(["verify", id, "--registry", setup.database.url])
        #expect(after.status == 2 && after.stdout.contains("REVOKED"), "\(after.stdout)")

        // A re-run issues nothing new, and the log (94 entries for the first run) grew by the revocation only.
        let again = try issue(setup)
        #expect(again.stdout.contains("issued now:       0"), "\(again.stdout)")
        #expect(try setup.database.psql("SELECT size FROM log_head") == "95")
        #expect(try setup.database.psql("SELECT count(*) FROM log_entry") == "95")
        let final = try audit(setup)
        #expect(final.status == 0, "\(final.stdout)\(final.stderr)")
    }

    @Test func rowsRefuseEditsAndASuperusersEditIsCaughtByTheAudit() throws {
        let setup = try setUp("pg-tamper")
        defer { setup.remove() }
        #expect(try issue(setup).status == 65)
        let id = try setup.database.psql("SELECT id FROM certificate ORDER BY id LIMIT 1")
        for edit in [
            "UPDATE certificate SET attendee_name = 'Mallory Example' WHERE id = '\(id)'", "DELETE FROM log_entry WHERE idx = 3",
            "TRUNCATE status_history CASCADE",
            "INSERT INTO log_entry (idx, certificate_id, body, leaf_hash) "
                + "VALUES (1000, '\(id)', 'x', decode(repeat('00', 32), 'hex'))",
        ] {
            let refused = #expect(throws: PostgresTestDatabase.Failure.self, "\(edit)") { try setup.database.psql(edit) }
            let said = refused?.description ?? ""
            #expect(said.contains("append-only") || said.contains("not at the head of the log"), "\(said)")
        }
        #expect(try audit(setup).status == 0)

        // A superuser can switch the triggers off; the audit still finds the edit.
        try setup.database.psql(
            """
            ALTER TABLE certificate DISABLE TRIGGER USER;
            UPDATE certificate SET attendee_name = 'Mallory Example',
                content = replace(content, '"attendeeName":"' || attendee_name || '"', '"attendeeName":"Mallory Example"')
            WHERE id = '\(id)';
            ALTER TABLE certificate ENABLE TRIGGER USER;
            """)
        let result = try audit(setup)
        #expect(result.status == 65, "\(result.stdout)")
        let shown = try CertificateID(parsing: id)
        #expect(
            result.stdout.contains("PROBLEM certificate \(shown): the registry row differs from its log entry"), "\(result.stdout)")
    }

    @Test func aServerThatIsNotThereOrDoesNotAnswerIsNamedWithinTheTimeout() throws {
        let admin = try PostgresTestDatabase.server()
        let url = try #require(URLComponents(string: admin))
        // Nothing listens on the port: refused at once.
        let closed = try EndToEndTests.cpdcert(["verify", "AAAA-AAAA-AAAA-AAAA-AAAA", "--registry", "postgres://postgres@127.0.0.1:9/x"])
        #expect(closed.status == 74)
        #expect(
            closed.stderr.contains("cannot open the registry postgres://postgres@127.0.0.1:9/x: the connection failed"), "\(closed.stderr)")

        // A listener that accepts and never answers: the connect timeout, not a wait forever.
        let silent = try BackgroundProcess(
            "/usr/bin/python3",
            [
                "-c",
                "import socket, time; s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(); print(s.getsockname()[1], flush=True); time.sleep(60)",
            ])
        defer { silent.kill() }
        let port = try #require(silent.waitForLine(timeout: 10) { Int($0.trimmingCharacters(in: .whitespaces)) })
        let started = ContinuousClock.now
        let hung = try EndToEndTests.cpdcert([
            "registry", "init", "--registry", "postgres://postgres@127.0.0.1:\(port)/x?connect_timeout=2&sslmode=disable",
        ])
        let waited = ContinuousClock.now - started
        #expect(hung.status == 74)
        #expect(hung.stderr.contains("cannot open the registry postgres://postgres@127.0.0.1:\(port)/x"), "\(hung.stderr)")
        #expect(waited < .seconds(10), "waited \(waited)")

        // A role the server does not know, and a database that is not there: the server's words.
        let host = "\(url.host ?? "127.0.0.1"):\(url.port ?? 5432)"
        let stranger = try EndToEndTests.cpdcert([
            "verify", "AAAA-AAAA-AAAA-AAAA-AAAA", "--registry", "postgres://nobody@\(host)/postgres?sslmode=disable",
        ])
        #expect(stranger.status == 74 && stranger.stderr.contains("role \"nobody\" does not exist"), "\(stranger.stderr)")
        let missing = try EndToEndTests.cpdcert([
            "verify", "AAAA-AAAA-AAAA-AAAA-AAAA", "--registry", "postgres://postgres@\(host)/no_such_database?sslmode=disable",
        ])
        #expect(missing.status == 74 && missing.stderr.contains("database \"no_such_database\" does not exist"), "\(missing.stderr)")

        // A database cpdcert never used, opened to read: said so, with what to run.
        let empty = try PostgresTestDatabase.create()
        defer { empty.drop() }
        let unused = try EndToEndTests.cpdcert(["verify", "AAAA-AAAA-AAAA-AAAA-AAAA", "--registry", empty.url])
        #expect(
            unused.status == 74 && unused.stderr.contains("holds no registry yet; create it with cpdcert registry init"), "\(unused.stderr)"
        )
    }

    /// A role that must give a password (Tests/with-postgres.sh asks members of
    /// cpdcert_password_users for one over TCP): a wrong one, or none, is named at once; the
    /// right one from PGPASSWORD or a password file opens the registry.
    @Test func aWrongOrMissingPasswordIsNamedAndTheRightOneOpens() throws {
        let database = try PostgresTestDatabase.create()
        defer { database.drop() }
        let folder = try ExternalTool.temporaryDirectory("pg-password")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try EndToEndTests.cpdcert(["registry", "init", "--registry", database.url]).status == 0)
        let role = "cpdcert_pw_" + database.name.suffix(8)
        try database.psql(
            """
            CREATE ROLE \(role) LOGIN PASSWORD 'Gwenllian-ferch-Gruffydd-1136' IN ROLE cpdcert_password_users;
            GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(role);
            """)
        defer { _ = try? database.psql("DROP OWNED BY \(role); DROP ROLE \(role)") }
        let url = try #require(URLComponents(string: database.url))
        let registry = "postgres://\(role)@127.0.0.1:\(url.port ?? 5432)/\(database.name)?sslmode=disable"
        func verify(_ environment: [String: String]) throws -> (ExternalTool.Result, Duration) {
            let started = ContinuousClock.now
            let result = try ExternalTool.run(
                EndToEndTests.binary, ["verify", "\(SeededRandomSource(seed: 1136).certificateID())", "--registry", registry],
                environment: ["CPDCERT_REGISTRY": "", "PGPASSFILE": "/nonexistent", "PGPASSWORD": ""].merging(environment) { $1 },
                directory: folder)
            return (result, ContinuousClock.now - started)
        }
        let (wrong, waited) = try verify(["PGPASSWORD": "not-the-password"])
        #expect(wrong.status == 74, "\(wrong.stderr)")
        #expect(wrong.stderr.contains("password authentication failed for user \"\(role)\""), "\(wrong.stderr)")
        #expect(!wrong.stderr.contains("not-the-password"), "the password is never printed")
        #expect(waited < .seconds(10), "waited \(waited)")
        let (none, _) = try verify([:])
        #expect(none.status == 74, "\(none.stderr)")
        #expect(none.stderr.contains("cannot open the registry postgres://\(role)@127.0.0.1"), "\(none.stderr)")

        let (right, _) = try verify(["PGPASSWORD": "Gwenllian-ferch-Gruffydd-1136"])
        // Opened: the ID is looked up, and not found (exit 1), rather than the registry refused (74).
        #expect(right.status == 1 && !right.stderr.contains("cannot open"), "\(right.status) \(right.stdout)\(right.stderr)")
        let passfile = folder.appendingPathComponent("pgpass")
        try "127.0.0.1:*:\(database.name):\(role):Gwenllian-ferch-Gruffydd-1136\n".write(to: passfile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: passfile.path)
        let (fromFile, _) = try verify(["PGPASSFILE": passfile.path])
        #expect(fromFile.status == 1 && !fromFile.stderr.contains("cannot open"), "\(fromFile.stdout)\(fromFile.stderr)")
    }

    @Test func aRegistryIsCopiedIntoPostgreSQLAndBackWithEqualRoots() throws {
        let setup = try setUp("pg-copy")
        defer { setup.remove() }
        let file = setup.folder.appendingPathComponent("cpdcert.sqlite").path
        let issued = try EndToEndTests.cpdcert([
            "issue", "--event", example.appendingPathComponent("event.yaml").path,
            "--attendance", example.appendingPathComponent("attendance.csv").path,
            "--out", setup.folder.appendingPathComponent("out").path, "--registry", file, "--keys", setup.keys,
        ])
        #expect(issued.status == 65, "\(issued.stderr)")
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: setup.folder.appendingPathComponent("out").path)
            .filter { $0.hasSuffix(".pdf") }.sorted().map { String($0.dropLast(4)) }
        #expect(
            try EndToEndTests.cpdcert(["revoke", pdfs[0], "--reason", "issued-in-error", "--registry", file, "--keys", setup.keys]).status
                == 0)
        let corrected = try EndToEndTests.cpdcert([
            "correct", pdfs[1], "--name", "Siân Llywelyn-Jones", "--reason", "name misspelt", "--out",
            setup.folder.appendingPathComponent("corrected").path, "--registry", file, "--keys", setup.keys,
        ])
        #expect(corrected.status == 0, "\(corrected.stderr)")

        let copied = try EndToEndTests.cpdcert(["registry", "copy", "--from", file, "--to", setup.database.url])
        #expect(copied.status == 0, "\(copied.stderr)")
        #expect(copied.stdout.contains("30 certificates, 2 status changes, 36 attendance records, 30 credentials"), "\(copied.stdout)")
        let roots = copied.stdout.split(separator: "\n").filter { $0.hasPrefix("root of ") }.map { $0.split(separator: " ").last }
        #expect(roots.count == 2 && roots[0] == roots[1], "\(copied.stdout)")
        let audited = try EndToEndTests.cpdcert(["audit", "verify", "--registry", setup.database.url, "--keys", setup.keys])
        #expect(audited.status == 0, "\(audited.stdout)")
        #expect(audited.stdout.contains("Checked 30 certificates, 36 attendance records, 98 log entries"), "\(audited.stdout)")
        let verified = try EndToEndTests.cpdcert(["verify", pdfs[0], "--registry", setup.database.url])
        #expect(verified.status == 2 && verified.stdout.contains("REVOKED"), "\(verified.stdout)")

        // Back into a file for an offline copy: the same root again, and the audit clean.
        let back = setup.folder.appendingPathComponent("offline.sqlite").path
        let returned = try EndToEndTests.cpdcert(["registry", "copy", "--from", setup.database.url, "--to", back])
        #expect(returned.status == 0, "\(returned.stderr)")
        #expect(returned.stdout.contains(String(roots[0] ?? "")), "\(returned.stdout)")
        #expect(try EndToEndTests.cpdcert(["audit", "verify", "--registry", back, "--keys", setup.keys]).status == 0)

        // Never into a registry that holds something, nor over a file.
        let again = try EndToEndTests.cpdcert(["registry", "copy", "--from", file, "--to", setup.database.url])
        #expect(again.status == 65 && again.stderr.contains("the registry to copy into is not empty"), "\(again.stderr)")
        let over = try EndToEndTests.cpdcert(["registry", "copy", "--from", setup.database.url, "--to", back])
        #expect(over.status == 64 && over.stderr.contains("exists already"), "\(over.stderr)")
    }
}

/// The roles docs/postgresql.md gives: a runner that may read and append, a reader that may only
/// read. The database refuses them the rest by privilege, before any trigger.
@Suite struct PostgresRolesEndToEndTests {
    @Test func aRunnerAppendsAReaderOnlyReadsAndNeitherEdits() throws {
        let setup = try PostgresEndToEndTests().setUp("pg-roles")
        defer { setup.remove() }
        let suffix = setup.database.name.suffix(8)
        let runner = "cpdcert_runner_\(suffix)", reader = "cpdcert_reader_\(suffix)"
        defer {
            try? setup.database.psql("DROP OWNED BY \(runner), \(reader); DROP ROLE IF EXISTS \(runner); DROP ROLE IF EXISTS \(reader)")
        }
        #expect(try EndToEndTests.cpdcert(["registry", "init", "--registry", setup.database.url]).status == 0)
        try setup.database.psql(
            """
            CREATE ROLE \(runner) LOGIN; CREATE ROLE \(reader) LOGIN;
            GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO \(runner);
            GRANT UPDATE ON log_head, work_claim TO \(runner);
            GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO \(runner);
            GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(reader);
            """)
        func url(_ role: String) -> String { setup.database.url.replacingOccurrences(of: "//postgres@", with: "//\(role)@") }
        let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")
        let issued = try EndToEndTests.cpdcert([
            "issue", "--event", example.appendingPathComponent("event.yaml").path,
            "--attendance", example.appendingPathComponent("attendance.csv").path,
            "--out", setup.folder.appendingPathComponent("out").path, "--registry", url(runner), "--keys", setup.keys,
        ])
        #expect(issued.status == 65 && issued.stdout.contains("issued now:       29"), "\(issued.stdout)\(issued.stderr)")
        let id = try setup.database.psql("SELECT id FROM certificate ORDER BY id LIMIT 1")
        let verified = try EndToEndTests.cpdcert(["verify", id, "--registry", url(reader)])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(try EndToEndTests.cpdcert(["audit", "verify", "--registry", url(reader), "--keys", setup.keys]).status == 0)
        // The reader cannot revoke; the refusal is the server's.
        let revoked = try EndToEndTests.cpdcert([
            "revoke", id, "--reason", "issued-in-error", "--registry", url(reader), "--keys", setup.keys,
        ])
        #expect(revoked.status == 74 && revoked.stderr.contains("permission denied"), "\(revoked.stderr)")
        // Neither role can edit or delete, whatever the triggers.
        for role in [runner, reader] {
            let edit = try ExternalTool.run(
                "psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url(role), "-c", "DELETE FROM certificate WHERE id = '\(id)'"])
            #expect(edit.status != 0 && edit.stderr.contains("permission denied"), "\(role): \(edit.stderr)")
        }
    }
}
