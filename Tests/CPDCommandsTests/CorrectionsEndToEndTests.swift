import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// Revocation, correction, proofs, bundles and the audit reports, through the built binary.
@Suite(.serialized) struct CorrectionsEndToEndTests {
    let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")

    func cpdcert(_ arguments: [String], _ folder: URL) throws -> ExternalTool.Result {
        try ExternalTool.run(
            EndToEndTests.binary, arguments,
            environment: [
                "CPDCERT_REGISTRY": folder.appendingPathComponent("cpdcert.sqlite").path,
                "CPDCERT_KEYS": folder.appendingPathComponent("keys").path,
            ], directory: Samples.packageRoot)
    }

    func manifestID(_ folder: URL, name: String) throws -> String {
        let manifest = try String(contentsOf: folder.appendingPathComponent("out/manifest.csv"), encoding: .utf8)
        let line = try #require(manifest.split(separator: "\r\n").first { $0.contains(name) })
        return String(line.split(separator: ",")[2])
    }

    @Test func revokeCorrectProveBundleAndAudit() throws {
        let folder = try ExternalTool.temporaryDirectory("e2e-ledger")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try cpdcert(["keys", "init", "--name", "policyforesight.example.org/cpdcert"], folder).status == 0)
        _ = try cpdcert(
            [
                "issue", "--quiet", "--event", example.appendingPathComponent("event.yaml").path, "--attendance",
                example.appendingPathComponent("attendance.csv").path, "--out", folder.appendingPathComponent("out").path,
                "--operator", "Mared Ifans",
            ], folder)
        let revokedID = try manifestID(folder, name: "Oliver Bennett")
        let oldID = try manifestID(folder, name: "Siân Llywelyn")

        let revoke = try cpdcert(
            ["revoke", revokedID, "--reason", "attendance-disputed", "--note", "left at 11:00", "--operator", "quality-lead"], folder)
        #expect(revoke.status == 0, "\(revoke.stderr)")
        #expect(try cpdcert(["revoke", revokedID, "--reason", "fraudulent"], folder).status == 65)
        #expect(try cpdcert(["revoke", revokedID, "--reason", "because"], folder).status == 64)

        let correct = try cpdcert(
            [
                "correct", oldID, "--name", "Siân Llywelyn-Hughes", "--reason", "name changed on marriage", "--operator", "quality-lead",
                "--out", folder.appendingPathComponent("out").path,
            ], folder)
        #expect(correct.status == 0, "\(correct.stderr)")
        let newID = try #require(correct.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) })

        let old = try cpdcert(["verify", oldID], folder)
        #expect(old.status == 2)
        #expect(old.stdout.contains("SUPERSEDED"))
        #expect(old.stdout.contains("Superseded by \(newID)"))
        let new = try cpdcert(["verify", newID], folder)
        #expect(new.status == 0)
        #expect(new.stdout.contains("Siân Llywelyn-Hughes"))
        #expect(new.stdout.contains("This certificate corrects \(oldID)."))
        let revoked = try cpdcert(["verify", revokedID], folder)
        #expect(revoked.status == 2)
        #expect(revoked.stdout.contains("attendance disputed"))
        #expect(!revoked.stdout.contains("left at 11:00"))

        // Proof and an offline bundle; the bundle fails for a PDF that is not the one issued.
        let proof = try cpdcert(["proof", newID], folder)
        #expect(proof.status == 0)
        #expect(proof.stdout.contains("\"inclusion_proof\""))
        let bundle = folder.appendingPathComponent("cert.bundle.json").path
        #expect(try cpdcert(["bundle", newID, "--out", bundle], folder).status == 0)
        let pdf = folder.appendingPathComponent("out/\(newID).pdf").path
        let checked = try cpdcert(
            ["verify-bundle", bundle, "--pdf", pdf, "--key", folder.appendingPathComponent("keys/log.pub").path], folder)
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(checked.stdout.contains("The PDF is exactly the certificate as issued."))
        let otherPDF = folder.appendingPathComponent("out/\(try manifestID(folder, name: "王秀英")).pdf").path
        #expect(try cpdcert(["verify-bundle", bundle, "--pdf", otherPDF], folder).status == 65)
        var edited = try String(contentsOfFile: bundle, encoding: .utf8)
        edited = edited.replacingOccurrences("Siân Llywelyn-Hughes", "Siân Llywelyn-Jones")
        try edited.write(toFile: bundle, atomically: true, encoding: .utf8)
        let forged = try cpdcert(["verify-bundle", bundle], folder)
        #expect(forged.status == 65)
        #expect(forged.stderr.contains("NOT VERIFIED"))

        // Auditor views.
        let person = try cpdcert(["audit", "person", "sian.llywelyn@example.org", "--format", "json"], folder)
        #expect(person.status == 0)
        #expect(person.stdout.contains("\"total_valid_cpd_hours\" : \"3.5\""))
        #expect(person.stdout.contains("superseded by \(newID)"))
        let register = try cpdcert(["audit", "event", "county-lines-2020", "--format", "csv"], folder)
        #expect(register.stdout.contains("gwenllian.prys@example.org,Gwenllian Prys,95,157.5,not eligible,,none"))
        #expect(register.stdout.contains(",revoked"))
        // CSV rows end in CRLF, not an escaped carriage return.
        #expect(register.stdout.contains("gwenllian.prys@example.org,Gwenllian Prys,95,157.5,not eligible,,none\r\n"))
        #expect(!register.stdout.contains("<U+000D>"))
        let export = folder.appendingPathComponent("export")
        #expect(try cpdcert(["audit", "export", "--out", export.path], folder).status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: export.path).sorted()
        #expect(
            files == [
                "README.md", "certificates.csv", "certificates.json", "checkpoint.txt", "log_entries.csv", "log_entries.json",
                "status_changes.csv", "status_changes.json",
            ])
        let history = try String(contentsOf: export.appendingPathComponent("status_changes.csv"), encoding: .utf8)
        #expect(history.contains("left at 11:00,quality-lead"))
        #expect(history.contains("superseded,,name changed on marriage,quality-lead"))
        // Who issued each: the batch's operator, and the correction's for the corrected one.
        let exported = try JSONSerialization.jsonObject(with: Data(contentsOf: export.appendingPathComponent("certificates.json")))
        let rows = try #require((exported as? [String: Any])?["rows"] as? [[String: String]])
        #expect(rows.count > 2)
        for row in rows {
            #expect(row["issued_by"] == (row["certificate_id"] == newID ? "quality-lead" : "Mared Ifans"), "\(row)")
        }
        let audit = try cpdcert(["audit", "verify", "--pdfs", folder.appendingPathComponent("out").path], folder)
        #expect(audit.status == 0, "\(audit.stdout)")
    }

    // Before, a certificate corrected twice pointed only one step along the chain.
    @Test func anIDCorrectedThreeTimesNamesTheCertificateInForceAndListsTheChain() throws {
        let folder = try ExternalTool.temporaryDirectory("e2e-chain")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        _ = try cpdcert(
            [
                "issue", "--quiet", "--event", example.appendingPathComponent("event.yaml").path, "--attendance",
                example.appendingPathComponent("attendance.csv").path, "--out", out.path,
            ], folder)
        var chain = [try manifestID(folder, name: "Nguyễn Thị Hằng")]
        for (name, reason) in [
            ("Nguyễn Thị Hằng Lê", "family name added"), ("Nguyễn Thị Hằng", "family name removed again"),
            ("Nguyễn Thị Thu Hằng", "middle name"),
        ] {
            let corrected = try cpdcert(["correct", chain.last!, "--name", name, "--reason", reason, "--out", out.path], folder)
            #expect(corrected.status == 0, "\(corrected.stderr)")
            chain.append(try #require(corrected.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) }))
        }
        let first = try cpdcert(["verify", chain[0]], folder)
        #expect(first.status == 2)
        #expect(first.stdout.contains("Superseded by \(chain[1])"))
        #expect(
            first.stdout.contains("Corrected again since (through \(chain[1]), \(chain[2])): the certificate to check now is \(chain[3])."),
            "\(first.stdout)")
        let json = try cpdcert(["verify", chain[0], "--json"], folder)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let change = try #require(object["status_change"] as? [String: Any])
        #expect(change["replacement_chain"] as? [String] == Array(chain.dropFirst()))
        #expect(change["current_certificate"] as? String == chain[3])
        let middle = try cpdcert(["verify", chain[2], "--json"], folder)
        #expect(middle.stdout.contains("\"current_certificate\" : \"\(chain[3])\""), "\(middle.stdout)")
        let current = try cpdcert(["verify", chain[3]], folder)
        #expect(current.status == 0)
        #expect(current.stdout.contains("Nguyễn Thị Thu Hằng"))
    }

    @Test func exportsNeutraliseFormulaCells() throws {
        let folder = try ExternalTool.temporaryDirectory("e2e-export")
        defer { try? FileManager.default.removeItem(at: folder) }
        let attendance = folder.appendingPathComponent("a.csv")
        try "full_name,email,job_title,minutes_attended\n\"=HYPERLINK(\"\"http://example.org\"\")\",f@example.org,@SUM(A1),200\n"
            .write(to: attendance, atomically: true, encoding: .utf8)
        _ = try cpdcert(
            [
                "issue", "--quiet", "--event", example.appendingPathComponent("event.yaml").path, "--attendance", attendance.path,
                "--out", folder.appendingPathComponent("out").path,
            ], folder)
        let export = folder.appendingPathComponent("export")
        #expect(try cpdcert(["audit", "export", "--out", export.path], folder).status == 0)
        let csv = try String(contentsOf: export.appendingPathComponent("certificates.csv"), encoding: .utf8)
        #expect(csv.contains(#""'=HYPERLINK(""http://example.org"")""#))
        #expect(csv.contains(",'@SUM(A1),"))
    }
}
