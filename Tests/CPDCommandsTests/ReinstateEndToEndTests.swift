import CPDCore
import CPDRegistry
import CPDTestSupport
import Foundation
import Testing

/// `cpdcert reinstate` with the built binary: a revocation made in error is undone, the history
/// and the log keep both changes, every check that shows or proves status follows the history,
/// and tampering with the history is found by `audit verify`.
@Suite(.serialized) struct ReinstateEndToEndTests {
    let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")

    struct Setup {
        let folder: URL
        var registry: String { folder.appendingPathComponent("cpdcert.sqlite").path }
        var keys: String { folder.appendingPathComponent("keys").path }
        var out: URL { folder.appendingPathComponent("out") }
    }

    func issued(_ label: String) throws -> (Setup, [CertificateID]) {
        let setup = Setup(folder: try ExternalTool.temporaryDirectory(label))
        let attendance = setup.folder.appendingPathComponent("attendance.csv")
        try Data(CrashSafetyTests.attendance().utf8).write(to: attendance)
        #expect(try EndToEndTests.cpdcert(["keys", "init", "--name", "verify.example.org/cpdcert", "--keys", setup.keys]).status == 0)
        let issue = try EndToEndTests.cpdcert([
            "issue", "--quiet", "--jobs", "1", "--event", example.appendingPathComponent("event.yaml").path, "--attendance",
            attendance.path, "--out", setup.out.path, "--registry", setup.registry, "--keys", setup.keys,
        ])
        #expect(issue.status == 0, "\(issue.stderr)")
        let manifest = try String(contentsOf: setup.out.appendingPathComponent("manifest.csv"), encoding: .utf8)
        let ids = manifest.split(separator: "\r\n").dropFirst().compactMap {
            try? CertificateID(parsing: String($0.split(separator: ",")[2]))
        }
        return (setup, ids)
    }

    func run(_ setup: Setup, _ arguments: [String]) throws -> ExternalTool.Result {
        try EndToEndTests.cpdcert(arguments + ["--registry", setup.registry])
    }

    func withKeys(_ setup: Setup, _ arguments: [String]) throws -> ExternalTool.Result {
        try run(setup, arguments + ["--keys", setup.keys])
    }

    @Test func aRevocationMadeInErrorIsUndoneAndEveryCheckFollowsTheHistory() async throws {
        let (setup, ids) = try issued("reinstate")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let id = ids[0].description
        #expect(try withKeys(setup, ["revoke", id, "--reason", "issued-in-error"]).status == 0)
        #expect(try run(setup, ["verify", id]).status == 2)
        let reinstated = try withKeys(
            setup, ["reinstate", id, "--reason", "revoked the wrong attendee's certificate", "--operator", "quality-lead"])
        #expect(reinstated.status == 0, "\(reinstated.stderr)")
        #expect(reinstated.stdout.contains("Reinstated \(id): it is valid again."))
        let verified = try run(setup, ["verify", id])
        #expect(verified.status == 0, "valid again: \(verified.stdout)")
        #expect(verified.stdout.contains("revoked: issued in error") && verified.stdout.contains("reinstated"), "\(verified.stdout)")
        let json = try run(setup, ["verify", id, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "valid")
        let history = try #require(object["status_history"] as? [[String: Any]])
        #expect(history.map { $0["status"] as? String } == ["revoked", "valid"])
        let audit = try withKeys(setup, ["audit", "verify"])
        #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")
        // The registry's history and the log: both changes, in order.
        let registry = try SQLiteCertificateRegistry(path: setup.registry, readOnly: true)
        #expect(try await registry.statusHistory(certificateID: ids[0]).map(\.status) == [.revoked, .valid])
        // Its issue, its credential (`keys init` made a credential key), and the two changes.
        #expect(try await registry.logIndexes(certificateID: ids[0]).count == 4)
        // A bundle made now proves it valid; revoked again, a new bundle proves that.
        let valid = setup.folder.appendingPathComponent("valid.json").path
        #expect(try withKeys(setup, ["bundle", id, "--out", valid]).status == 0)
        let checked = try EndToEndTests.cpdcert(["verify-bundle", valid, "--key", setup.keys + "/log.pub"])
        #expect(checked.status == 0 && checked.stdout.contains("Status: valid"), "\(checked.stdout)\(checked.stderr)")
        #expect(try withKeys(setup, ["revoke", id, "--reason", "fraudulent"]).status == 0)
        let revoked = setup.folder.appendingPathComponent("revoked.json").path
        #expect(try withKeys(setup, ["bundle", id, "--out", revoked]).status == 0)
        let checkedAgain = try EndToEndTests.cpdcert(["verify-bundle", revoked, "--key", setup.keys + "/log.pub"])
        #expect(checkedAgain.stdout.contains("Status: revoked"), "\(checkedAgain.stdout)\(checkedAgain.stderr)")
        #expect(try run(setup, ["verify", id]).status == 2)
        // The export lists the whole history.
        let export = setup.folder.appendingPathComponent("export")
        #expect(try run(setup, ["audit", "export", "--out", export.path]).status == 0)
        let changes = try String(contentsOf: export.appendingPathComponent("status_changes.csv"), encoding: .utf8)
        #expect(changes.split(separator: "\r\n").filter { $0.hasPrefix(id) }.count == 3, "\(changes)")
        #expect(try withKeys(setup, ["audit", "verify"]).status == 0)
    }

    @Test func onlyARevokedCertificateCanBeReinstated() throws {
        let (setup, ids) = try issued("reinstate-refused")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let valid = try withKeys(setup, ["reinstate", ids[0].description, "--reason", "r"])
        #expect(valid.status == 65, "\(valid.stderr)")
        #expect(valid.stderr.contains("is valid, not revoked; only a revoked certificate can be reinstated"), "\(valid.stderr)")
        let unknown = try withKeys(setup, ["reinstate", SeededRandomSource(seed: 404).certificateID().description, "--reason", "r"])
        #expect(unknown.status == 1, "\(unknown.stderr)")
        let corrected = try withKeys(
            setup,
            [
                "correct", ids[1].description, "--name", "Zoë Brontë-Łukasiewicz", "--reason", "spelling", "--out",
                setup.folder.appendingPathComponent("corrected").path,
            ])
        #expect(corrected.status == 0, "\(corrected.stderr)")
        let superseded = try withKeys(setup, ["reinstate", ids[1].description, "--reason", "r"])
        #expect(superseded.status == 65 && superseded.stderr.contains("is superseded, not revoked"), "\(superseded.stderr)")
        let empty = try withKeys(setup, ["reinstate", ids[0].description, "--reason", "  "])
        #expect(empty.status == 64)
    }

    /// Edits of the history with its triggers dropped (anyone holding the file can).
    static let tampering: [(String, String)] = [
        ("a deleted reinstatement", "DROP TRIGGER status_history_no_delete; DELETE FROM status_history WHERE status = 'valid';"),
        ("a deleted revocation", "DROP TRIGGER status_history_no_delete; DELETE FROM status_history WHERE status = 'revoked';"),
        (
            "a reinstatement never logged",
            "INSERT INTO status_history (certificate_id, status, operator, at) SELECT certificate_id, 'valid', 'x', at FROM status_history WHERE status = 'revoked' AND seq = (SELECT MAX(seq) FROM status_history);"
        ),
        (
            "an edited reason",
            "DROP TRIGGER status_history_no_update; UPDATE status_history SET reason = 'fraudulent' WHERE status = 'revoked';"
        ),
    ]

    @Test(arguments: tampering)
    func anEditedHistoryIsFoundByTheAudit(_ label: String, _ sql: String) throws {
        let (setup, ids) = try issued("reinstate-tamper")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let id = ids[2].description
        #expect(try withKeys(setup, ["revoke", id, "--reason", "issued-in-error"]).status == 0)
        #expect(try withKeys(setup, ["reinstate", id, "--reason", "mistake"]).status == 0)
        #expect(try withKeys(setup, ["revoke", id, "--reason", "attendance-disputed"]).status == 0)
        #expect(try withKeys(setup, ["audit", "verify"]).status == 0)
        let edit = try ExternalTool.run("sqlite3", [setup.registry, sql])
        #expect(edit.status == 0, "\(label): \(edit.stderr)")
        let audit = try withKeys(setup, ["audit", "verify"])
        #expect(audit.status != 0, "\(label) went unnoticed: \(audit.stdout)")
        #expect(audit.stdout.contains(id) || audit.stderr.contains(id), "\(label): \(audit.stdout)\(audit.stderr)")
    }
}
