import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// `cpdcert backup` while a real batch writes and `cpdcert serve` answers, and `cpdcert restore`.
@Suite(.serialized) struct BackupEndToEndTests {
    let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")

    /// Given and family names in many scripts, combined into `count` fictional attendees.
    static func attendance(count: Int) -> String {
        let given = [
            "Siân", "Zoë", "Nguyễn Thị", "秀英", "Αθηνά", "Дмитрий", "أمينة", "יעל", "प्रिया", "சுதா", "ธนพร", "ሰላም", "지훈", "さくら",
            "Ọlálékan", "Łucja", "Ğülşen", "Mārtiņš",
        ]
        let family = [
            "Llywelyn", "Brontë-Łukasiewicz", "Hằng", "王", "Παπαδοπούλου", "Смирнов", "الحسيني", "כהן", "शर्मा", "ராமன்", "ศรีสุข",
            "ተስፋዬ", "김", "佐藤", "Adébáyọ̀", "Ó Conaill",
        ]
        var lines = ["full_name,email,job_title,organisation,minutes_attended"]
        for index in 0..<count {
            let name = "\(given[index % given.count]) \(family[(index / given.count) % family.count])"
            lines.append("\"\(name)\",attendee.\(index)@example.org,Social Worker,Northbridge Council (fictional),\(190 + index % 20)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `SELECT` rows of a registry file, read-only, one line each.
    static func rows(_ registry: String, _ sql: String) throws -> [String] {
        let result = try ExternalTool.run("sqlite3", ["-readonly", registry, sql])
        #expect(result.status == 0, "sqlite3 \(sql): \(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test func aBackupTakenWhileABatchWritesAndAServerReadsIsCompleteAndConsistent() throws {
        try #require(FileManager.default.isExecutableFile(atPath: EndToEndTests.binary), "build first: \(EndToEndTests.binary)")
        let folder = try ExternalTool.temporaryDirectory("e2e-backup")
        defer { try? FileManager.default.removeItem(at: folder) }
        let keys = folder.appendingPathComponent("keys").path
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path
        #expect(try EndToEndTests.cpdcert(["keys", "init", "--name", "verify.example.org/backup-test", "--keys", keys]).status == 0)
        // The example first: the registry exists, signed, before the server opens it.
        let first = try EndToEndTests.cpdcert([
            "issue", "--event", example.appendingPathComponent("event.yaml").path, "--attendance",
            example.appendingPathComponent("attendance.csv").path, "--out", folder.appendingPathComponent("out").path,
            "--registry", registry, "--keys", keys,
        ])
        #expect(first.status == 65, "stderr: \(first.stderr)")

        let environment = ["CPDCERT_REGISTRY": "", "CPDCERT_KEYS": EndToEndTests.noKeys]
        let server = try BackgroundProcess(
            EndToEndTests.binary, ["serve", "--registry", registry, "--port", "0", "--lookups-per-minute", "0"],
            environment: environment, directory: folder)
        defer { server.stop() }
        let base = try #require(server.servingBase(), "serve did not start: \(server.printed.stderr)")

        // A second event's batch of 300 attendees, in the background.
        let event = try String(contentsOf: example.appendingPathComponent("event.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "id: county-lines-2020", with: "id: county-lines-2020-repeat")
        let eventFile = folder.appendingPathComponent("event.yaml")
        try event.write(to: eventFile, atomically: true, encoding: .utf8)
        #expect(event.contains("id: county-lines-2020-repeat"))
        let attendance = folder.appendingPathComponent("attendance.csv")
        try Self.attendance(count: 300).write(to: attendance, atomically: true, encoding: .utf8)
        let batch = try BackgroundProcess(
            EndToEndTests.binary,
            [
                "issue", "--event", eventFile.path, "--attendance", attendance.path, "--out", folder.appendingPathComponent("out2").path,
                "--registry", registry, "--keys", keys, "--jobs", "1",
            ], environment: environment, directory: folder)

        // Back up again and again while the batch runs, the server answering between copies.
        var midBatch: [(file: String, certificates: Int)] = []
        var answered = 0
        var attempt = 0
        while batch.isRunning && attempt < 200 {
            attempt += 1
            let copy = folder.appendingPathComponent("during-\(attempt).sqlite").path
            let backup = try EndToEndTests.cpdcert(["backup", "--registry", registry, "--to", copy, "--keys", keys])
            #expect(backup.status == 0, "backup during the batch: \(backup.stdout) \(backup.stderr)")
            let health = try ExternalTool.run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "\(base)/readyz"])
            if health.stdout == "200" { answered += 1 }
            let count = try Int(#require(Self.rows(copy, "SELECT COUNT(*) FROM certificate").first)) ?? 0
            midBatch.append((copy, count))
        }
        #expect(batch.waitUntilExit() == 0, "batch: \(batch.printed.stderr.suffix(2000))")
        #expect(answered == midBatch.count, "the server answered /readyz during every copy")
        // At least one copy caught the batch part-way: more than the example's 29, fewer than all 329.
        #expect(midBatch.contains { $0.certificates > 29 && $0.certificates < 329 }, "copies: \(midBatch.map(\.certificates))")

        let live = Set(try Self.rows(registry, "SELECT id || ' ' || pdf_sha256 FROM certificate"))
        #expect(live.count == 329)
        for (copy, count) in midBatch {
            let audit = try EndToEndTests.cpdcert(["audit", "verify", "--registry", copy, "--keys", keys])
            #expect(audit.status == 0, "audit verify \(copy): \(audit.stdout.suffix(1500))")
            // Every certificate in the copy has its issue entry within the copy's log, and each is
            // exactly one of the live registry's.
            let unlogged = try Self.rows(
                copy,
                "SELECT COUNT(*) FROM certificate WHERE id NOT IN (SELECT certificate_id FROM log_entry WHERE certificate_id IS NOT NULL)")
            #expect(unlogged == ["0"], "\(copy)")
            let certificates = Set(try Self.rows(copy, "SELECT id || ' ' || pdf_sha256 FROM certificate"))
            #expect(certificates.count == count && certificates.isSubset(of: live), "\(copy)")
        }

        // Once the batch is done, a backup holds exactly the live registry's certificates and log.
        let after = folder.appendingPathComponent("after.sqlite").path
        let backup = try EndToEndTests.cpdcert(["backup", "--registry", registry, "--to", after, "--keys", keys])
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.contains("329 certificates"))
        #expect(Set(try Self.rows(after, "SELECT id || ' ' || pdf_sha256 FROM certificate")) == live)
        let logSQL = "SELECT idx || ' ' || hex(leaf_hash) FROM log_entry ORDER BY idx"
        #expect(try Self.rows(after, logSQL) == Self.rows(registry, logSQL))
        // One file: no -wal or -shm beside it, no partial file left.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!names.contains { $0.hasPrefix("after.sqlite-") || $0.contains(".partial-") }, "\(names)")
        #expect(try Self.rows(after, "PRAGMA journal_mode") == ["delete"])
    }

    /// A copy of the registry's file by `cp` misses what is only in its WAL, which is every
    /// transaction since a reader's open snapshot began (SQLite cannot checkpoint past it); made
    /// certain here by holding such a reader (the sqlite3 shell inside BEGIN) across a batch.
    @Test func aPlainCopyOfTheFileLosesTheBatchThatBackupKeeps() throws {
        let folder = try ExternalTool.temporaryDirectory("e2e-backup-cp")
        defer { try? FileManager.default.removeItem(at: folder) }
        let keys = folder.appendingPathComponent("keys").path
        #expect(try EndToEndTests.cpdcert(["keys", "init", "--name", "verify.example.org/cp-test", "--keys", keys]).status == 0)
        let (registry, _) = try ServeFixtures.issuedExample(in: folder)
        // The shell prints "held" itself (sqlite3's own output waits in its buffer), then waits
        // for the test to be done (at most two minutes) before the reader commits.
        let done = folder.appendingPathComponent("done").path
        let reader = try BackgroundProcess(
            "/usr/bin/sqlite3",
            [
                registry, "BEGIN;", "SELECT COUNT(*) FROM certificate;",
                ".shell echo held; for i in $(seq 1 1200); do [ -e '\(done)' ] && break; sleep 0.1; done", "COMMIT;",
            ])
        defer {
            FileManager.default.createFile(atPath: done, contents: nil)
            _ = reader.waitUntilExit()
        }
        try #require(reader.waitForLine(timeout: 30) { $0 == "held" ? true : nil } == true, "sqlite3: \(reader.printed.stderr)")

        let event = try String(contentsOf: example.appendingPathComponent("event.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "id: county-lines-2020", with: "id: county-lines-2020-cp")
        let eventFile = folder.appendingPathComponent("event.yaml")
        try event.write(to: eventFile, atomically: true, encoding: .utf8)
        let attendance = folder.appendingPathComponent("attendance.csv")
        try Self.attendance(count: 40).write(to: attendance, atomically: true, encoding: .utf8)
        let batch = try EndToEndTests.cpdcert([
            "issue", "--event", eventFile.path, "--attendance", attendance.path, "--out", folder.appendingPathComponent("out2").path,
            "--registry", registry, "--keys", keys,
        ])
        #expect(batch.status == 0, "\(batch.stderr)")

        let copied = folder.appendingPathComponent("copied.sqlite").path
        try FileManager.default.copyItem(atPath: registry, toPath: copied)
        let backedUp = folder.appendingPathComponent("backup.sqlite").path
        let backup = try EndToEndTests.cpdcert(["backup", "--registry", registry, "--to", backedUp, "--keys", keys])
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(try Self.rows(copied, "SELECT COUNT(*) FROM certificate") == ["29"], "cp kept only what was checkpointed")
        #expect(try Self.rows(backedUp, "SELECT COUNT(*) FROM certificate") == ["69"])
        #expect(try Self.rows(registry, "SELECT COUNT(*) FROM certificate") == ["69"])
    }

    @Test func aRegistryKeptWithoutALogKeyIsBackedUpAndRestoredWithANote() throws {
        let folder = try ExternalTool.temporaryDirectory("e2e-backup-unsigned")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (registry, _) = try ServeFixtures.issuedExample(in: folder)
        let copy = folder.appendingPathComponent("backup.sqlite").path
        let backup = try EndToEndTests.cpdcert(["backup", "--registry", registry, "--to", copy])
        #expect(backup.status == 0, "\(backup.stdout) \(backup.stderr)")
        #expect(backup.stdout.contains("NOTE the log has 65 entries but no signed checkpoint"))
        #expect(backup.stdout.contains("29 certificates, log size 65"))
        let restored = try EndToEndTests.cpdcert([
            "restore", "--from", copy, "--registry", folder.appendingPathComponent("new/r.sqlite").path,
        ])
        #expect(restored.status == 0, "\(restored.stdout) \(restored.stderr)")
        #expect(try Self.rows(folder.appendingPathComponent("new/r.sqlite").path, "SELECT COUNT(*) FROM certificate") == ["29"])
    }

    @Test func restoreChecksTheBackupRefusesARegistryInUseOrNewerAndKeepsTheOneItReplaces() throws {
        let folder = try ExternalTool.temporaryDirectory("e2e-restore")
        defer { try? FileManager.default.removeItem(at: folder) }
        let keys = folder.appendingPathComponent("keys").path
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path
        let backupFile = folder.appendingPathComponent("backup.sqlite").path
        #expect(try EndToEndTests.cpdcert(["keys", "init", "--name", "verify.example.org/restore-test", "--keys", keys]).status == 0)
        func issue(_ csv: String, event: String = "county-lines-2020") throws {
            let attendance = folder.appendingPathComponent("\(event).csv")
            try csv.write(to: attendance, atomically: true, encoding: .utf8)
            let text = try String(contentsOf: example.appendingPathComponent("event.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "id: county-lines-2020", with: "id: \(event)")
            let eventFile = folder.appendingPathComponent("\(event).yaml")
            try text.write(to: eventFile, atomically: true, encoding: .utf8)
            let result = try EndToEndTests.cpdcert([
                "issue", "--event", eventFile.path, "--attendance", attendance.path, "--out", folder.appendingPathComponent("out").path,
                "--registry", registry, "--keys", keys,
            ])
            #expect(result.status == 0, "\(result.stderr)")
        }
        try issue(Self.attendance(count: 12))
        #expect(try EndToEndTests.cpdcert(["backup", "--registry", registry, "--to", backupFile, "--keys", keys]).status == 0)
        // Writing over an existing backup needs --force.
        let again = try EndToEndTests.cpdcert(["backup", "--registry", registry, "--to", backupFile])
        #expect(again.status == 64)
        #expect(again.stderr.contains("\(backupFile) exists already; pass --force"))
        try issue(Self.attendance(count: 5), event: "later-event")
        let liveCount = try Self.rows(registry, "SELECT COUNT(*) FROM certificate")
        #expect(liveCount == ["17"])

        // The registry's log is longer than the backup's: refused without --force.
        let newer = try EndToEndTests.cpdcert(["restore", "--from", backupFile, "--registry", registry, "--keys", keys])
        #expect(newer.status == 64, "\(newer.stderr)")
        #expect(newer.stderr.contains("newer than or different from the backup"))
        #expect(try Self.rows(registry, "SELECT COUNT(*) FROM certificate") == ["17"])

        // In use by a server: refused, even with --force.
        let server = try BackgroundProcess(
            EndToEndTests.binary, ["serve", "--registry", registry, "--port", "0"],
            environment: ["CPDCERT_REGISTRY": "", "CPDCERT_KEYS": EndToEndTests.noKeys], directory: folder)
        _ = try #require(server.servingBase(), "serve did not start: \(server.printed.stderr)")
        let inUse = try EndToEndTests.cpdcert(["restore", "--from", backupFile, "--registry", registry, "--force", "--keys", keys])
        #expect(inUse.status == 64)
        #expect(inUse.stderr.contains("is in use by process"))
        server.stop()

        // A damaged backup is refused before anything is touched.
        let damaged = folder.appendingPathComponent("damaged.sqlite").path
        try FileManager.default.copyItem(atPath: backupFile, toPath: damaged)
        let tamper = try ExternalTool.run(
            "sqlite3",
            [
                damaged,
                "DROP TRIGGER certificate_no_update; UPDATE certificate SET attendee_name = 'Mallory Example', "
                    + "content = json_set(content, '$.attendeeName', 'Mallory Example') WHERE rowid = 1",
            ])
        #expect(tamper.status == 0, "\(tamper.stderr)")
        let refused = try EndToEndTests.cpdcert(["restore", "--from", damaged, "--registry", registry, "--force", "--keys", keys])
        #expect(refused.status == 65, "\(refused.stdout) \(refused.stderr)")
        #expect(refused.stdout.contains("PROBLEM audit:"))

        let restored = try EndToEndTests.cpdcert(["restore", "--from", backupFile, "--registry", registry, "--force", "--keys", keys])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(try Self.rows(registry, "SELECT COUNT(*) FROM certificate") == ["12"])
        let kept = try #require(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasPrefix("cpdcert.sqlite.before-restore-") })
        #expect(kept.wholeMatch(of: /cpdcert\.sqlite\.before-restore-\d{8}T\d{6}Z/) != nil)
        #expect(try Self.rows(folder.appendingPathComponent(kept).path, "SELECT COUNT(*) FROM certificate") == ["17"])
        let audit = try EndToEndTests.cpdcert(["audit", "verify", "--registry", registry, "--keys", keys])
        #expect(audit.status == 0, "\(audit.stdout)")
        let missing = try EndToEndTests.cpdcert([
            "restore", "--from", folder.appendingPathComponent("none.sqlite").path, "--registry", registry,
        ])
        #expect(missing.status == 66)
    }
}
