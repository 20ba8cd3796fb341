import CPDCore
import CPDRegistry
import CPDTestSupport
import Foundation
import Testing

/// Tampering done for real on a registry file (with the sqlite3 tool, as an insider would) and
/// on PDFs, each detected by `cpdcert audit verify`.
@Suite(.serialized) struct AuditTamperTests {
    struct Setup {
        let folder: URL
        var registry: String { folder.appendingPathComponent("cpdcert.sqlite").path }
        var keys: String { folder.appendingPathComponent("keys").path }
        var out: URL { folder.appendingPathComponent("out") }
        var saved: String { folder.appendingPathComponent("saved-checkpoint.txt").path }
    }

    let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")

    func cpdcert(_ arguments: [String]) throws -> ExternalTool.Result {
        try ExternalTool.run(
            EndToEndTests.binary, arguments, environment: ["CPDCERT_REGISTRY": "", "CPDCERT_KEYS": ""], directory: Samples.packageRoot)
    }

    /// Issues the example with a log key and saves the checkpoint an auditor would keep.
    func setUp(_ label: String) throws -> Setup {
        let setup = Setup(folder: try ExternalTool.temporaryDirectory(label))
        #expect(try cpdcert(["keys", "init", "--name", "policyforesight.example.org/cpdcert", "--keys", setup.keys]).status == 0)
        _ = try cpdcert([
            "issue", "--quiet", "--event", example.appendingPathComponent("event.yaml").path,
            "--attendance", example.appendingPathComponent("attendance.csv").path, "--out", setup.out.path,
            "--registry", setup.registry, "--keys", setup.keys,
        ])
        let checkpoint = try cpdcert(["log", "checkpoint", "--registry", setup.registry, "--keys", setup.keys])
        #expect(checkpoint.status == 0)
        try Data(checkpoint.stdout.utf8).write(to: URL(fileURLWithPath: setup.saved))
        let clean = try audit(setup)
        #expect(clean.status == 0, "a fresh registry audits clean: \(clean.stdout)")
        return setup
    }

    /// A copy of `base` (registry, keys, PDFs and saved checkpoint) in a folder of its own.
    static func copy(_ base: Setup, _ label: String) throws -> Setup {
        let setup = Setup(folder: try ExternalTool.temporaryDirectory(label))
        let copy = try ExternalTool.run("sqlite3", [base.registry, ".backup '\(setup.registry)'"])
        try #require(copy.status == 0, "\(copy.stderr)")
        try FileManager.default.copyItem(atPath: base.keys, toPath: setup.keys)
        try FileManager.default.copyItem(at: base.out, to: setup.out)
        try FileManager.default.copyItem(atPath: base.saved, toPath: setup.saved)
        return setup
    }

    func audit(_ setup: Setup, since: Bool = true) throws -> ExternalTool.Result {
        try cpdcert(
            ["audit", "verify", "--registry", setup.registry, "--keys", setup.keys, "--pdfs", setup.out.path]
                + (since ? ["--since-checkpoint", setup.saved] : []))
    }

    func sqlite(_ setup: Setup, _ sql: String) throws {
        let result = try ExternalTool.run("sqlite3", [setup.registry, sql])
        #expect(result.status == 0, "sqlite3: \(result.stderr)")
    }

    func someCertificate(_ setup: Setup) async throws -> Certificate {
        let registry = try SQLiteCertificateRegistry(path: setup.registry, readOnly: true)
        return try #require(try await registry.allCertificates(after: nil, limit: 1).first)
    }

    static let dropTriggers = """
        DROP TRIGGER certificate_no_update; DROP TRIGGER certificate_no_delete;
        DROP TRIGGER log_entry_no_update; DROP TRIGGER log_entry_no_delete;
        DROP TRIGGER checkpoint_no_update; DROP TRIGGER checkpoint_no_delete;
        """

    @Test func theRegistryRefusesEditsWhileItsTriggersStand() async throws {
        let setup = try setUp("tamper-triggers")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let result = try ExternalTool.run("sqlite3", [setup.registry, "UPDATE certificate SET attendee_name = 'X'"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("append-only"))
    }

    @Test func anEditedNameIsDetected() async throws {
        let setup = try setUp("tamper-name")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let target = try await someCertificate(setup)
        try sqlite(
            setup,
            Self.dropTriggers
                + "UPDATE certificate SET attendee_name = 'Mallory Example', content = json_set(content, '$.attendeeName', 'Mallory Example') WHERE id = '\(target.id.compact)';"
        )
        let result = try audit(setup)
        #expect(result.status == 65)
        #expect(
            result.stdout.contains(
                "PROBLEM certificate \(target.id): the registry row differs from its log entry (fields differ: printed.attendee_name)"))
    }

    @Test func aDeletedRowIsDetected() async throws {
        let setup = try setUp("tamper-delete")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let target = try await someCertificate(setup)
        try sqlite(setup, Self.dropTriggers + "DELETE FROM certificate WHERE id = '\(target.id.compact)';")
        let result = try audit(setup)
        #expect(result.status == 65)
        #expect(result.stdout.contains("PROBLEM certificate \(target.id): is in the log but missing from the registry"))
    }

    @Test func aRewrittenLogEntryIsDetected() async throws {
        let setup = try setUp("tamper-entry")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        // The third certificate's entry (attendance records' entries come before, and name no certificate).
        let index = try ExternalTool.run(
            "sqlite3", [setup.registry, "SELECT idx FROM log_entry WHERE certificate_id IS NOT NULL ORDER BY idx LIMIT 1 OFFSET 2"]
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try sqlite(
            setup,
            Self.dropTriggers
                + "UPDATE log_entry SET body = CAST(replace(CAST(body AS TEXT), 'Live webinar', 'In person') AS BLOB) WHERE idx = \(index);"
        )
        let result = try audit(setup)
        #expect(result.status == 65)
        #expect(result.stdout.contains("PROBLEM log entry \(index): its stored leaf hash does not match its bytes"), "\(result.stdout)")
        #expect(result.stdout.contains("the log was rewritten") || result.stdout.contains("differs from its log entry"))
    }

    /// Proofs are made from the stored tree; the audit recomputes it from the entries, so an
    /// edited subtree hash is named, though the entries and the checkpoint are untouched.
    @Test func anEditedSubtreeHashOfTheLogIsDetected() async throws {
        let setup = try setUp("tamper-tree")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        try sqlite(
            setup,
            "DROP TRIGGER log_tree_no_update; UPDATE log_tree SET hash = randomblob(32) WHERE level = 2 AND idx = 1;")
        let result = try audit(setup)
        #expect(result.status == 65)
        #expect(
            result.stdout.contains("PROBLEM log tree at level 2 index 1: the stored hash of entries 4..<8 differs from the one recomputed"),
            "\(result.stdout)")
        let triggers = try ExternalTool.run("sqlite3", [setup.registry, "DELETE FROM log_tree WHERE level = 1"])
        #expect(triggers.status != 0 && triggers.stderr.contains("log_tree rows are append-only"), "\(triggers.stderr)")
    }

    @Test func aPDFAlteredByOneByteIsDetected() async throws {
        let setup = try setUp("tamper-pdf")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let target = try await someCertificate(setup)
        let file = setup.out.appendingPathComponent(target.fileName)
        var bytes = try Data(contentsOf: file)
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: file)
        let result = try audit(setup)
        #expect(result.status == 65)
        #expect(result.stdout.contains("PROBLEM certificate \(target.id): \(file.path) is not the PDF as issued"))
    }

    @Test func aLogRebuiltAndResignedByTheOperatorFailsTheSavedCheckpoint() async throws {
        let setup = try setUp("tamper-rebuild")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        // The operator edits a row and the evidence behind it, rebuilds their log entries to match, then signs a new checkpoint.
        let target = try await someCertificate(setup)
        let registry = try SQLiteCertificateRegistry(path: setup.registry, readOnly: true)
        let index = try #require(try await registry.logIndexes(certificateID: target.id).first)
        var forged = target
        forged.content.attendeeName = "Mallory Example"
        let body = TransparencyEntry.issued(forged).canonicalBytes
        let record = try #require(try await registry.attendanceRecords(eventID: target.eventID, identity: target.identity).first)
        let recordBody = TransparencyEntry.attendanceRecorded(record).canonicalBytes
        let recordIndex = try #require(
            try await registry.logEntries(0..<(try await registry.logSize())).first { $0.body == recordBody }?.index)
        var forgedRecord = record
        forgedRecord.name = "Mallory Example"
        let forgedRecordBody = TransparencyEntry.attendanceRecorded(forgedRecord).canonicalBytes
        let hex = { (bytes: [UInt8]) in bytes.map { String(format: "%02x", $0) }.joined() }
        try sqlite(
            setup,
            Self.dropTriggers + """
                DROP TRIGGER IF EXISTS attendance_record_no_update;
                UPDATE certificate SET attendee_name = 'Mallory Example', content = json_set(content, '$.attendeeName', 'Mallory Example')
                    WHERE id = '\(target.id.compact)';
                UPDATE attendance_record SET name = 'Mallory Example' WHERE identity = '\(target.identity.email)';
                UPDATE log_entry SET body = X'\(hex(body))', leaf_hash = X'\(hex(MerkleTree.leafHash(body).bytes))' WHERE idx = \(index);
                UPDATE log_entry SET body = X'\(hex(forgedRecordBody))', leaf_hash = X'\(hex(MerkleTree.leafHash(forgedRecordBody).bytes))'
                    WHERE idx = \(recordIndex);
                DELETE FROM checkpoint;
                """)
        // ... and the tree the proofs are made from, from the rewritten leaves.
        let reopened = try SQLiteCertificateRegistry(path: setup.registry, readOnly: true)
        let rewritten = MerkleLevels(leaves: try await reopened.leafHashes(size: try await reopened.logSize()))
        let nodes = rewritten.levels.enumerated().dropFirst().flatMap { level, hashes in
            hashes.enumerated().map { "(\(level), \($0), X'\(hex($1.bytes))')" }
        }
        try sqlite(
            setup,
            "DROP TRIGGER log_tree_no_delete; DELETE FROM log_tree; INSERT INTO log_tree (level, idx, hash) VALUES "
                + nodes.joined(separator: ", ") + ";")
        #expect(try cpdcert(["log", "checkpoint", "--registry", setup.registry, "--keys", setup.keys]).status == 0)

        // Internally consistent again: without the saved checkpoint nothing shows.
        #expect(try audit(setup, since: false).status == 0)
        // With the checkpoint the auditor saved before, the rewrite is proven.
        let result = try audit(setup)
        #expect(result.status == 65)
        #expect(result.stdout.contains("the current log is not an extension of it: entries before it were rewritten"))
    }
}

/// Every column of the certificate and attendance tables edited in turn on a real registry (its
/// triggers dropped, as anyone holding the file can), each edit named by `audit verify`; and the
/// attendance evidence refused edits while its triggers stand.
@Suite(.serialized) struct StoredColumnTamperTests {
    let tamper = AuditTamperTests()

    /// One issued registry, copied for each attack.
    nonisolated(unsafe) static var pristine: AuditTamperTests.Setup?

    func fresh(_ label: String) throws -> AuditTamperTests.Setup {
        let base = try Self.pristine ?? tamper.setUp("tamper-columns")
        Self.pristine = base
        return try AuditTamperTests.copy(base, label)
    }

    static let dropAllTriggers =
        AuditTamperTests.dropTriggers
        + "DROP TRIGGER IF EXISTS attendance_record_no_update; DROP TRIGGER IF EXISTS attendance_record_no_delete;"

    /// For each column, an edit that keeps the row readable; `{id}` is the target certificate, `{identity}` its holder.
    static let certificateEdits: [String: String] = [
        "event_id": "UPDATE certificate SET event_id = event_id || '-x' WHERE id = '{id}'",
        "identity": "UPDATE certificate SET identity = 'mallory@example.org' WHERE id = '{id}'",
        "attendee_name": "UPDATE certificate SET attendee_name = 'Mallory Example' WHERE id = '{id}'",
        "content": "UPDATE certificate SET content = json_set(content, '$.eventTitle', 'Another Event') WHERE id = '{id}'",
        "attended_seconds": "UPDATE certificate SET attended_seconds = attended_seconds + 60 WHERE id = '{id}'",
        "required_seconds": "UPDATE certificate SET required_seconds = required_seconds - 60 WHERE id = '{id}'",
        "live_seconds": "UPDATE certificate SET live_seconds = live_seconds + 60 WHERE id = '{id}'",
        "rule": "UPDATE certificate SET rule = 'at least 1 minute' WHERE id = '{id}'",
        "evidence_sha256": "UPDATE certificate SET evidence_sha256 = lower(hex(randomblob(32))) WHERE id = '{id}'",
        "template_name": "UPDATE certificate SET template_name = 'other' WHERE id = '{id}'",
        "template_sha256": "UPDATE certificate SET template_sha256 = lower(hex(randomblob(32))) WHERE id = '{id}'",
        "pdf_sha256": "UPDATE certificate SET pdf_sha256 = lower(hex(randomblob(32))) WHERE id = '{id}'",
        "issued_at": "UPDATE certificate SET issued_at = strftime('%Y-%m-%dT%H:%M:%fZ', issued_at, '+1 day') WHERE id = '{id}'",
        "identity_salt": "UPDATE certificate SET identity_salt = lower(hex(randomblob(16))) WHERE id = '{id}'",
        "supersedes": "UPDATE certificate SET supersedes = (SELECT id FROM certificate WHERE id <> '{id}' LIMIT 1) WHERE id = '{id}'",
        // Who issued it is logged in its issue entry (when recorded): naming someone else is found.
        "issued_by": "UPDATE certificate SET issued_by = 'mallory@example.org' WHERE id = '{id}'",
    ]

    static let attendanceEdits: [String: String] = [
        "event_id": "UPDATE attendance_record SET event_id = event_id || '-x' WHERE identity = '{identity}'",
        "identity": "UPDATE attendance_record SET identity = 'mallory@example.org' WHERE identity = '{identity}'",
        "source_sha256": "UPDATE attendance_record SET source_sha256 = lower(hex(randomblob(32))) WHERE identity = '{identity}'",
        "name": "UPDATE attendance_record SET name = 'Mallory Example' WHERE identity = '{identity}'",
        "attended_seconds": "UPDATE attendance_record SET attended_seconds = 0 WHERE identity = '{identity}'",
        "required_seconds": "UPDATE attendance_record SET required_seconds = 99999 WHERE identity = '{identity}'",
        "live_seconds": "UPDATE attendance_record SET live_seconds = live_seconds + 60 WHERE identity = '{identity}'",
        "rule": "UPDATE attendance_record SET rule = 'at least 600 minutes' WHERE identity = '{identity}'",
        "eligible": "UPDATE attendance_record SET eligible = 0 WHERE identity = '{identity}'",
        "lines": "UPDATE attendance_record SET lines = '999' WHERE identity = '{identity}'",
        "recorded_at":
            "UPDATE attendance_record SET recorded_at = strftime('%Y-%m-%dT%H:%M:%fZ', recorded_at, '+1 day') WHERE identity = '{identity}'",
        "identity_salt": "UPDATE attendance_record SET identity_salt = lower(hex(randomblob(16))) WHERE identity = '{identity}'",
        // A record from one file claiming a second file: its re-derived entry names sources the logged one does not.
        "sources": "UPDATE attendance_record SET sources = lower(hex(randomblob(32))) || ':2' WHERE identity = '{identity}'",
        "(deleted)": "DELETE FROM attendance_record WHERE identity = '{identity}'",
    ]

    /// Columns that hold no logged value: none (each record has a log entry of its own).
    static let unloggedAttendanceColumns: Set<String> = []

    func columns(_ setup: AuditTamperTests.Setup, _ table: String) throws -> Set<String> {
        let result = try ExternalTool.run("sqlite3", [setup.registry, "SELECT name FROM pragma_table_info('\(table)')"])
        return Set(result.stdout.split(separator: "\n").map(String.init))
    }

    @Test func everyColumnHasAnAttack() throws {
        let setup = try fresh("tamper-coverage")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        // The ID is the key every check starts from: an edited ID is a row the log does not know.
        #expect(try columns(setup, "certificate").subtracting(["id"]) == Set(Self.certificateEdits.keys))
        #expect(
            try columns(setup, "attendance_record").subtracting(Self.unloggedAttendanceColumns)
                == Set(Self.attendanceEdits.keys).subtracting(["(deleted)"]))
    }

    @Test func theEvidenceRefusesEditsWhileItsTriggersStand() throws {
        let setup = try fresh("tamper-evidence-triggers")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        for sql in ["UPDATE attendance_record SET attended_seconds = 0", "DELETE FROM attendance_record"] {
            let result = try ExternalTool.run("sqlite3", [setup.registry, sql])
            #expect(result.status != 0, "\(sql) succeeded")
            #expect(result.stderr.contains("attendance_record rows are append-only"), "\(result.stderr)")
        }
    }

    func attack(_ table: String, _ column: String, _ sql: String) async throws {
        let setup = try fresh("tamper-\(table)-\(column)")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let target = try await tamper.someCertificate(setup)
        let statement = sql.replacingOccurrences(of: "{id}", with: target.id.compact)
            .replacingOccurrences(of: "{identity}", with: target.identity.email)
        try tamper.sqlite(setup, Self.dropAllTriggers + statement + ";")
        let result = try tamper.audit(setup)
        #expect(result.status == 65, "\(table).\(column): \(result.stdout)\(result.stderr)")
        // A certificate's row is checked against its entry; every attendance record against its own.
        let finding =
            table == "certificate"
            ? "PROBLEM certificate " : column == "(deleted)" ? ": logs attendance record of event " : "PROBLEM attendance record of event "
        #expect(result.stdout.contains(finding), "\(table).\(column): \(result.stdout)")
    }

    @Test(arguments: certificateEdits.keys.sorted()) func anEditedCertificateColumnIsDetected(column: String) async throws {
        try await attack("certificate", column, Self.certificateEdits[column]!)
    }

    @Test(arguments: attendanceEdits.keys.sorted()) func editedEvidenceIsDetected(column: String) async throws {
        try await attack("attendance_record", column, Self.attendanceEdits[column]!)
    }

    /// Appending is what the triggers allow: a later record saying a holder attended 0 minutes
    /// must not become the register's line for the certificate, which the log vouches for.
    @Test func aLaterRecordDoesNotReplaceTheEvidenceACertificateWasIssuedOn() async throws {
        let setup = try fresh("tamper-later-evidence")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let target = try await tamper.someCertificate(setup)
        try tamper.sqlite(
            setup,
            """
            INSERT INTO attendance_record (event_id, identity, source_sha256, name, attended_seconds, required_seconds,
                live_seconds, rule, eligible, lines, recorded_at)
            SELECT event_id, identity, lower(hex(randomblob(32))), name, 0, required_seconds,
                live_seconds, rule, 0, lines, strftime('%Y-%m-%dT%H:%M:%fZ', recorded_at, '+1 day')
            FROM attendance_record WHERE identity = '\(target.identity.email)';
            """)
        let register = try tamper.cpdcert([
            "audit", "event", target.eventID, "--format", "csv", "--registry", setup.registry,
        ])
        #expect(register.status == 0, "\(register.stderr)")
        let line = try #require(
            register.stdout.split(whereSeparator: \.isNewline).first { $0.hasPrefix(target.identity.email + ",") })
        let minutes = Duration.minutesText(seconds: target.eligibility.attendedSeconds)
        #expect(
            line.contains(",\(minutes),\(Duration.minutesText(seconds: target.eligibility.requiredSeconds)),eligible,\(target.id),valid"),
            "\(line)")
    }

    @Test func anEditedNameCopyIsNamed() async throws {
        let setup = try fresh("tamper-name-copy")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let target = try await tamper.someCertificate(setup)
        try tamper.sqlite(
            setup, Self.dropAllTriggers + "UPDATE certificate SET attendee_name = 'Mallory Example' WHERE id = '\(target.id.compact)';")
        let result = try tamper.audit(setup)
        #expect(result.status == 65)
        #expect(
            result.stdout.contains(
                "PROBLEM certificate \(target.id): its certificate.attendee_name differs from the name in its content"),
            "\(result.stdout)")
    }

    @Test func evidenceEditedToZeroMinutesIsNamed() async throws {
        let setup = try fresh("tamper-evidence-minutes")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let target = try await tamper.someCertificate(setup)
        try tamper.sqlite(
            setup,
            Self.dropAllTriggers
                + "UPDATE attendance_record SET attended_seconds = 0, eligible = 0 WHERE identity = '\(target.identity.email)';")
        let result = try tamper.audit(setup)
        #expect(result.status == 65)
        #expect(
            result.stdout.contains(
                "PROBLEM certificate \(target.id): the attendance record it was issued on differs from its log entry (fields differ: attended_seconds, eligible)"
            ), "\(result.stdout)")
    }
}
