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
        try sqlite(
            setup,
            Self.dropTriggers
                + "UPDATE log_entry SET body = CAST(replace(CAST(body AS TEXT), 'Live webinar', 'In person') AS BLOB) WHERE idx = 2;")
        let result = try audit(setup)
        #expect(result.status == 65)
        #expect(result.stdout.contains("PROBLEM log entry 2: its stored leaf hash does not match its bytes"))
        #expect(result.stdout.contains("the log was rewritten") || result.stdout.contains("differs from its log entry"))
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
        // The operator edits a row and rebuilds its log entry to match, then signs a new checkpoint.
        let target = try await someCertificate(setup)
        let registry = try SQLiteCertificateRegistry(path: setup.registry, readOnly: true)
        let index = try #require(try await registry.logIndexes(certificateID: target.id).first)
        var forged = target
        forged.content.attendeeName = "Mallory Example"
        let body = TransparencyEntry.issued(forged).canonicalBytes
        let hex = { (bytes: [UInt8]) in bytes.map { String(format: "%02x", $0) }.joined() }
        try sqlite(
            setup,
            Self.dropTriggers + """
                UPDATE certificate SET attendee_name = 'Mallory Example', content = json_set(content, '$.attendeeName', 'Mallory Example')
                    WHERE id = '\(target.id.compact)';
                UPDATE log_entry SET body = X'\(hex(body))', leaf_hash = X'\(hex(MerkleTree.leafHash(body).bytes))' WHERE idx = \(index);
                DELETE FROM checkpoint;
                """)
        #expect(try cpdcert(["log", "checkpoint", "--registry", setup.registry, "--keys", setup.keys]).status == 0)

        // Internally consistent again: without the saved checkpoint nothing shows.
        #expect(try audit(setup, since: false).status == 0)
        // With the checkpoint the auditor saved before, the rewrite is proven.
        let result = try audit(setup)
        #expect(result.status == 65)
        #expect(result.stdout.contains("the current log is not an extension of it: entries before it were rewritten"))
    }
}
