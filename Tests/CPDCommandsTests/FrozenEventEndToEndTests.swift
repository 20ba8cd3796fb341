import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// An event's definition is frozen at its first issue: the same id with another definition is
/// refused with the differences, and nothing is written.
@Suite(.serialized) struct FrozenEventEndToEndTests {
    let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")

    func issue(_ event: URL, out: URL, registry: URL) throws -> ExternalTool.Result {
        try EndToEndTests.cpdcert([
            "issue", "--event", event.path, "--attendance", example.appendingPathComponent("attendance.csv").path, "--out", out.path,
            "--registry", registry.path,
        ])
    }

    /// The example's event file with `edits` applied, written to `folder`/`name`.
    func edited(_ folder: URL, _ name: String, _ edits: [(String, String)]) throws -> URL {
        var text = try String(contentsOf: example.appendingPathComponent("event.yaml"), encoding: .utf8)
        for (target, replacement) in edits { text = text.replacingOccurrences(target, replacement) }
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test func lastMonthsFileWithItsIdUnchangedIsRefusedWithTheDifferencesAndNothingIsWritten() throws {
        let folder = try ExternalTool.temporaryDirectory("frozen-event")
        defer { try? FileManager.default.removeItem(at: folder) }
        let registry = folder.appendingPathComponent("cpdcert.sqlite")
        let first = try issue(
            example.appendingPathComponent("event.yaml"), out: folder.appendingPathComponent("september"), registry: registry)
        #expect(first.status == 65, "\(first.stderr)")

        // The organiser copied the file for October, changed the title and date, not the id.
        let october = try edited(
            folder, "october.yaml",
            [
                ("Tackling Child Criminal Exploitation: Disrupting", "Responding to Child Criminal Exploitation: Disrupting"),
                ("2020-09-16", "2020-10-14"),
            ])
        let out = folder.appendingPathComponent("october")
        let refused = try issue(october, out: out, registry: registry)
        #expect(refused.status == 78, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("event 'county-lines-2020' already has certificates issued with a different definition"))
        #expect(
            refused.stderr.contains(
                "  title: 'Tackling Child Criminal Exploitation: Disrupting County Lines and Associated Violence' -> 'Responding to"))
        #expect(refused.stderr.contains("  start: '2020-09-16T10:00:00+01:00' -> '2020-10-14T10:00:00+01:00'"), "\(refused.stderr)")
        #expect(refused.stderr.contains("give it a new 'id'"))
        #expect(!FileManager.default.fileExists(atPath: out.path))

        // A typo fixed in place is refused the same way; the file as issued still runs.
        let typo = try edited(folder, "typo.yaml", [("Associated Violence", "Associated Violence.")])
        #expect(try issue(typo, out: folder.appendingPathComponent("september"), registry: registry).status == 78)
        let again = try issue(
            example.appendingPathComponent("event.yaml"), out: folder.appendingPathComponent("september"), registry: registry)
        #expect(again.status == 65)
        #expect(again.stdout.contains("already issued:   29"))
        #expect(!again.stdout.contains("PDFs re-created"))

        // A correction re-composed from the changed file is refused as well.
        let manifest = try String(contentsOf: folder.appendingPathComponent("september/manifest.csv"), encoding: .utf8)
        let someID = String(try #require(manifest.split(separator: "\r\n").dropFirst().first).split(separator: ",")[2])
        let correct = try EndToEndTests.cpdcert([
            "correct", someID, "--name", "Ffion Pryce-Jones", "--reason", "typo", "--event", typo.path, "--registry", registry.path,
            "--out", folder.appendingPathComponent("september").path, "--keys", folder.appendingPathComponent("keys").path,
        ])
        #expect(correct.status == 78, "\(correct.stderr)")
        #expect(correct.stderr.contains("  title: "), "\(correct.stderr)")

        // With a new id it is a new event.
        let renamed = try edited(
            folder, "renamed.yaml", [("id: county-lines-2020", "id: county-lines-2020-10"), ("2020-09-16", "2020-10-14")])
        let second = try issue(renamed, out: folder.appendingPathComponent("october-new"), registry: registry)
        #expect(second.status == 65, "\(second.stderr)")
        #expect(second.stdout.contains("issued now:       29"))
    }

    @Test func anEventIssuedBeforeDefinitionsWereKeptIsComparedWithItsCertificates() throws {
        let folder = try ExternalTool.temporaryDirectory("frozen-legacy")
        defer { try? FileManager.default.removeItem(at: folder) }
        let registry = folder.appendingPathComponent("cpdcert.sqlite")
        #expect(
            try issue(example.appendingPathComponent("event.yaml"), out: folder.appendingPathComponent("out"), registry: registry).status
                == 65)
        // As a registry of an earlier cpdcert: no frozen definition.
        let forget = try ExternalTool.run(
            "sqlite3", [registry.path, "DROP TRIGGER event_definition_no_delete; DELETE FROM event_definition;"])
        #expect(forget.status == 0, "\(forget.stderr)")
        let typo = try edited(folder, "typo.yaml", [("cpd_hours: 3.5", "cpd_hours: 35")])
        let refused = try issue(typo, out: folder.appendingPathComponent("out"), registry: registry)
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("  cpd_hours: '3.5' -> '35'"), "\(refused.stderr)")
    }
}
