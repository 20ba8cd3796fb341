import CPDTestSupport
import Foundation
import Testing

/// The attendance register is in the transparency log: every record of every file, eligible or
/// not, is re-derived from its entry by `audit verify`, so a record edited, deleted or added with
/// the triggers dropped is named with its event, lines and file; and the log names no one.
@Suite(.serialized) struct AttendanceLogTamperTests {
    let tamper = AuditTamperTests()
    let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")

    /// One registry issued three ways, copied for each attack.
    nonisolated(unsafe) static var pristine: AuditTamperTests.Setup?

    func fresh(_ label: String) throws -> AuditTamperTests.Setup {
        let base = try Self.pristine ?? issuedThreeWays()
        Self.pristine = base
        return try AuditTamperTests.copy(base, label)
    }

    var people: [(name: String, email: String)] {
        get throws {
            let csv = try String(contentsOf: example.appendingPathComponent("attendance.csv"), encoding: .utf8)
            return csv.split(whereSeparator: \.isNewline).dropFirst().map { line in
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                return (String(fields[0]), String(fields[1]))
            }
        }
    }

    /// The example issued; then again from a corrected export in which Gwenllian Prys attended 200
    /// minutes, not 95 (a second file: every person recorded again, one more certificate); then a
    /// dry run of a file naming one more person, which records nothing. Checkpointed and saved.
    func issuedThreeWays() throws -> AuditTamperTests.Setup {
        let setup = AuditTamperTests.Setup(folder: try ExternalTool.temporaryDirectory("attendance-log"))
        #expect(try tamper.cpdcert(["keys", "init", "--name", "policyforesight.example.org/cpdcert", "--keys", setup.keys]).status == 0)
        let original = example.appendingPathComponent("attendance.csv")
        let csv = try String(contentsOf: original, encoding: .utf8)
        let corrected = setup.folder.appendingPathComponent("attendance-corrected.csv")
        let correctedText = csv.replacingOccurrences(of: "(fictional),95\n", with: "(fictional),200\n")
        try #require(correctedText != csv)
        try correctedText.write(to: corrected, atomically: true, encoding: .utf8)
        let extended = setup.folder.appendingPathComponent("attendance-extended.csv")
        try (correctedText + "Nguyễn Thị Hằng,hang.nguyen@example.org,Youth Worker,Cyngor Gwynedd (fictional),200\n")
            .write(to: extended, atomically: true, encoding: .utf8)
        for (file, extra) in [(original, []), (corrected, []), (extended, ["--dry-run"])] {
            let result = try tamper.cpdcert(
                [
                    "issue", "--quiet", "--event", example.appendingPathComponent("event.yaml").path, "--attendance", file.path,
                    "--out", setup.out.path, "--registry", setup.registry, "--keys", setup.keys,
                ] + extra)
            // 65: the example has rows it rejects by design (the rest are issued).
            #expect([0, 65].contains(result.status), "\(file.lastPathComponent): \(result.stdout)\(result.stderr)")
        }
        let checkpoint = try tamper.cpdcert(["log", "checkpoint", "--registry", setup.registry, "--keys", setup.keys])
        #expect(checkpoint.status == 0)
        try Data(checkpoint.stdout.utf8).write(to: URL(fileURLWithPath: setup.saved))
        return setup
    }

    func query(_ setup: AuditTamperTests.Setup, _ sql: String) throws -> [String] {
        let result = try ExternalTool.run("sqlite3", ["-separator", "|", setup.registry, sql])
        #expect(result.status == 0, "sqlite3: \(result.stderr)")
        return result.stdout.split(whereSeparator: \.isNewline).map(String.init)
    }

    @Test func anHonestRegistryIssuedTwiceAndDryRunVerifies() throws {
        let setup = try fresh("attendance-honest")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let result = try tamper.audit(setup)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        // Two files, everyone in each recorded once and logged once; the dry run recorded nothing.
        let perFile = try query(setup, "SELECT COUNT(*) FROM attendance_record GROUP BY source_sha256")
        #expect(perFile.count == 2 && perFile[0] == perFile[1], "\(perFile)")
        let total = 2 * (Int(perFile[0]) ?? 0)
        #expect(total > 60)
        #expect(result.stdout.contains(", \(total) attendance records, "), "\(result.stdout)")
        #expect(try query(setup, "SELECT COUNT(*) FROM log_entry WHERE certificate_id IS NULL") == ["\(total)"])
        #expect(try query(setup, "SELECT COUNT(*) FROM attendance_record WHERE identity = 'hang.nguyen@example.org'") == ["0"])
    }

    @Test func theLogNamesNoOneItRecordsAttendanceOf() throws {
        let setup = try fresh("attendance-private")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let attendance = try query(setup, "SELECT CAST(body AS TEXT) FROM log_entry WHERE certificate_id IS NULL")
        let everything = try query(setup, "SELECT CAST(body AS TEXT) FROM log_entry")
        let notIssued = Set(try query(setup, "SELECT identity FROM attendance_record EXCEPT SELECT identity FROM certificate"))
        let people = try self.people
        #expect(try query(setup, "SELECT COUNT(*) FROM attendance_record") == ["\(attendance.count)"])
        #expect(attendance.count > 60)
        #expect(!notIssued.isEmpty)
        for person in people {
            #expect(!everything.contains { $0.contains(person.email) }, "\(person.email) is in the log")
            #expect(!attendance.contains { $0.contains(person.name) }, "\(person.name) is in an attendance entry")
            if notIssued.contains(person.email) {
                #expect(!everything.contains { $0.contains(person.name) }, "\(person.name), never issued, is in the log")
            }
        }
    }

    /// Each attack on one record; `{row}` is the first record of someone not eligible, `{holder}`
    /// a certificate holder's record from the corrected file.
    static let attacks: [String: (sql: String, target: String, finding: String)] = [
        "minutes": (
            "UPDATE attendance_record SET attended_seconds = attended_seconds + 3600 WHERE rowid = {row}", "{row}",
            "differs from its log entry {entry} (fields differ: attended_seconds)"
        ),
        "eligible": (
            "UPDATE attendance_record SET eligible = 1 WHERE rowid = {row}", "{row}",
            "differs from its log entry {entry} (fields differ: eligible)"
        ),
        "name": (
            "UPDATE attendance_record SET name = 'Mallory Example' WHERE rowid = {row}", "{row}",
            "differs from its log entry {entry} (fields differ: name_commitment)"
        ),
        "deleted": (
            "DELETE FROM attendance_record WHERE rowid = {row}", "{row}",
            "which is missing from the register (deleted, or edited?)"
        ),
        // What made `audit event` show a holder as "0 minutes, not eligible": a later record.
        "added": (
            """
            INSERT INTO attendance_record (event_id, identity, source_sha256, name, attended_seconds, required_seconds,
                live_seconds, rule, eligible, lines, recorded_at)
            SELECT event_id, identity, 'f00d' || substr(source_sha256, 5), name, 0, required_seconds, live_seconds, rule, 0,
                lines, strftime('%Y-%m-%dT%H:%M:%fZ', recorded_at, '+1 day')
            FROM attendance_record WHERE rowid = {holder}
            """, "{holder}", "is in the register but was never logged"
        ),
    ]

    @Test(arguments: attacks.keys.sorted()) func aTamperedRecordIsNamed(attack: String) throws {
        let setup = try fresh("attendance-\(attack)")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let (sql, target, finding) = try #require(Self.attacks[attack])
        let row = try #require(try query(setup, "SELECT rowid FROM attendance_record WHERE eligible = 0 ORDER BY rowid LIMIT 1").first)
        let holder = try #require(
            try query(
                setup,
                "SELECT a.rowid FROM attendance_record a JOIN certificate c USING (event_id, identity) ORDER BY a.rowid DESC LIMIT 1"
            ).first)
        let targetRow = target == "{row}" ? row : holder
        let fields = try #require(try query(setup, "SELECT lines, source_sha256 FROM attendance_record WHERE rowid = \(targetRow)").first)
            .split(separator: "|").map(String.init)
        let entry = try #require(
            try query(
                setup,
                "SELECT idx FROM log_entry WHERE certificate_id IS NULL ORDER BY idx LIMIT 1 OFFSET (SELECT COUNT(*) FROM attendance_record WHERE rowid < \(targetRow))"
            ).first)
        try tamper.sqlite(
            setup,
            StoredColumnTamperTests.dropAllTriggers
                + sql.replacingOccurrences(of: "{row}", with: row)
                .replacingOccurrences(of: "{holder}", with: holder) + ";")
        let source = attack == "added" ? "f00d" + fields[1].dropFirst(4) : Substring(fields[1])
        let subject = "attendance record of event 'county-lines-2020', line \(fields[0]) of evidence \(source.prefix(12))…"
        let expected =
            attack == "deleted"
            ? "PROBLEM log entry \(entry): logs \(subject), \(finding)"
            : "PROBLEM \(subject): \(finding.replacingOccurrences(of: "{entry}", with: entry))"
        let result = try tamper.audit(setup)
        #expect(result.status == 65, "\(attack): \(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains(expected), "\(attack): expected \(expected) in \(result.stdout)")
    }
    /// A registry written before attendance was logged (the fixture: a dump of what cpdcert at
    /// migration v8 wrote for three people, Nguyễn Thị Hằng not eligible) has its records logged
    /// when it is first opened for writing, after the entries it had; it then audits clean, and
    /// an edit of the record of someone never issued is named.
    @Test func recordsKeptBeforeTheAttendanceLogAreLoggedWhenTheRegistryIsMigrated() throws {
        let setup = AuditTamperTests.Setup(folder: try ExternalTool.temporaryDirectory("attendance-migrated"))
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let fixture = Samples.packageRoot.appendingPathComponent("Tests/CPDCommandsTests/Fixtures/registry-before-attendance-log.sql")
        let load = try ExternalTool.run("sqlite3", [setup.registry, ".read '\(fixture.path)'"])
        try #require(load.status == 0, "\(load.stderr)")
        #expect(try query(setup, "SELECT COUNT(*) FROM log_entry") == ["2"])
        #expect(try tamper.cpdcert(["keys", "init", "--name", "policyforesight.example.org/cpdcert", "--keys", setup.keys]).status == 0)
        #expect(try tamper.cpdcert(["log", "checkpoint", "--registry", setup.registry, "--keys", setup.keys]).status == 0)
        #expect(try query(setup, "SELECT COUNT(*) FROM log_entry WHERE certificate_id IS NULL AND idx >= 2") == ["3"])
        #expect(try query(setup, "SELECT COUNT(DISTINCT identity_salt) FROM attendance_record WHERE length(identity_salt) = 32") == ["3"])
        let audit = ["audit", "verify", "--registry", setup.registry, "--keys", setup.keys]
        let clean = try tamper.cpdcert(audit)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout.contains("Checked 2 certificates, 3 attendance records, 5 log entries"), "\(clean.stdout)")
        try tamper.sqlite(
            setup,
            StoredColumnTamperTests.dropAllTriggers
                + "UPDATE attendance_record SET attended_seconds = 12600, eligible = 1 WHERE identity = 'hang.nguyen@example.org';")
        let result = try tamper.cpdcert(audit)
        #expect(result.status == 65)
        #expect(
            result.stdout.contains(
                "PROBLEM attendance record of event 'county-lines-2020', line 3 of evidence "),
            "\(result.stdout)")
        #expect(result.stdout.contains("(fields differ: attended_seconds, eligible)"), "\(result.stdout)")
    }
}
