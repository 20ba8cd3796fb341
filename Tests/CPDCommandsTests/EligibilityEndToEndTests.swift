import CPDCore
import CPDRegistry
import CPDTestSupport
import Foundation
import Testing

/// Runs the built `cpdcert` on a Zoom webinar attendee report (a fixture of the import tests):
/// `eligibility` in both forms, then `issue`, `verify` and the registry's stored evidence.
@Suite(.serialized) struct EligibilityEndToEndTests {
    let event = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020/event.yaml").path
    let zoom = Samples.packageRoot.appendingPathComponent("Tests/CPDImportTests/Fixtures/zoom-webinar-attendee-report.csv").path

    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func aReportReadFromAPipeGivesTheSameAnswerAsTheFile() throws {
        let direct = try EndToEndTests.cpdcert(["eligibility", "--event", event, "--attendance", zoom, "--json"])
        let piped = try ExternalTool.run(
            "/bin/sh",
            ["-c", #"cat "$3" | "$1" eligibility --event "$2" --attendance /dev/stdin --json"#, "sh", EndToEndTests.binary, event, zoom])
        #expect(piped.status == direct.status, "stderr: \(piped.stderr)")
        #expect(piped.stdout == direct.stdout.replacingOccurrences(zoom, "/dev/stdin"))
        let folder = try EndToEndTests.cpdcert(["eligibility", "--event", event, "--attendance", Samples.packageRoot.path])
        #expect(folder.status == 74)
        #expect(folder.stderr.contains("cannot be read: it is a folder; name the file inside it"), "stderr: \(folder.stderr)")
    }

    @Test func eligibilityJSONListsEveryPersonEveryRejectedRowAndTotals() throws {
        let result = try EndToEndTests.cpdcert(["eligibility", "--event", event, "--attendance", zoom, "--json"])
        // 65: two rows of the fixture are rejected on purpose.
        #expect(result.status == 65, "stderr: \(result.stderr)")
        let json = try object(result.stdout)
        let eligible = try #require(json["eligible"] as? [[String: Any]])
        let minutes = Dictionary(uniqueKeysWithValues: eligible.map { ($0["email"] as! String, $0["minutes"] as! Double) })
        #expect(
            minutes == [
                "sian.llywelyn@example.org": 204.5, "zoe.bronte@example.org": 195, "aoife.ni.bhriain@example.org": 157.5,
                "malgorzata.w@example.org": 210, "fatima.zahra@example.org": 200, "ciaran.macaodha@example.org": 210,
            ])
        let ineligible = try #require(json["ineligible"] as? [[String: Any]])
        let reasons = Dictionary(uniqueKeysWithValues: ineligible.map { ($0["email"] as! String, $0["reason"] as! String) })
        #expect(reasons.count == 5)
        #expect(reasons["adebayo.olatunji@example.org"]?.hasPrefix("attended 157.4 of 210 minutes; the rule is at least 75%") == true)
        #expect(reasons["nguyen.thi.hang@example.org"]?.contains("70 minutes of overlapping sessions counted once") == true)
        #expect(reasons["sean.oconaill@example.org"]?.contains("70 minutes outside the live time not counted") == true)
        #expect(reasons["dafydd.ap.gruffudd@example.org"]?.contains("registered but never joined") == true)
        #expect(ineligible.first { $0["email"] as? String == "wang.xiuying@example.org" }?["attended_seconds"] as? Int == 4200)
        let rejected = try #require(json["rejected"] as? [[String: Any]])
        #expect(rejected.map { $0["line"] as? Int } == [30, 31])
        #expect((rejected.first?["reason"] as? String)?.contains("'Join Time' is not a date and time") == true)
        let totals = try #require(json["totals"] as? [String: Int])
        #expect(totals == ["people": 11, "eligible": 6, "ineligible": 5, "rejected_rows": 2, "ignored_rows": 3])
        let source = try #require(json["source"] as? [String: Any])
        #expect(source["format"] as? String == "zoom-webinar")
        let digest = try ExternalTool.run("sha256sum", [zoom]).stdout.split(separator: " ").first.map(String.init)
        #expect(source["sha256"] as? String == digest)
    }

    @Test func eligibilityTextShowsIdentityNameMinutesAndWhy() throws {
        let result = try EndToEndTests.cpdcert(["eligibility", "--event", event, "--attendance", zoom])
        #expect(result.status == 65)
        #expect(result.stdout.contains("Attendance: \(zoom) (Zoom webinar attendee report)"))
        #expect(result.stdout.contains("Not eligible (5):"))
        #expect(result.stdout.contains(#/adebayo\.olatunji@example\.org +Adébáyọ̀ Ọlátúnjí +157\.4 min  attended 157\.4 of 210 minutes/#))
        #expect(result.stdout.contains("zoom-webinar-attendee-report.csv:31: 'Email' is empty"))
        #expect(result.stdout.contains("Totals: 11 people, 6 eligible, 5 not eligible; 2 rows rejected; 3 rows not about attendees"))
        #expect(result.stderr.isEmpty)
    }

    @Test func theFormatCanBeNamedWhenDetectionWouldNotDo() throws {
        let meeting = Samples.packageRoot.appendingPathComponent("Tests/CPDImportTests/Fixtures/zoom-meeting-participants.csv").path
        let wrong = try EndToEndTests.cpdcert(["eligibility", "--event", event, "--attendance", meeting, "--format", "zoom-webinar"])
        #expect(wrong.status == 65)
        #expect(wrong.stderr.contains("no 'Attendee Details' table"))
        let right = try EndToEndTests.cpdcert([
            "eligibility", "--event", event, "--attendance", meeting, "--format", "zoom-meeting", "--json",
        ])
        #expect(
            try object(right.stdout)["totals"] as? [String: Int] == [
                "people": 5, "eligible": 3, "ineligible": 2, "rejected_rows": 2, "ignored_rows": 1,
            ])
        let unknown = try EndToEndTests.cpdcert(["eligibility", "--event", event, "--attendance", meeting, "--format", "bluejeans"])
        #expect(unknown.status == 64)
    }

    @Test func issueKeepsTheEvidenceAndVerifyShowsTheAttendedMinutes() async throws {
        let folder = try ExternalTool.temporaryDirectory("e2e-zoom")
        defer { try? FileManager.default.removeItem(at: folder) }
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path
        let issued = try EndToEndTests.cpdcert([
            "issue", "--event", event, "--attendance", zoom, "--out", folder.appendingPathComponent("out").path, "--registry", registry,
        ])
        #expect(issued.status == 65, "stderr: \(issued.stderr)")
        #expect(issued.stdout.contains("issued now:       6"))
        #expect(issued.stdout.contains("not eligible:     5"))
        #expect(issued.stdout.contains("rows not about attendees (hosts, panelists): 3"))
        #expect(!issued.stdout.contains("@"))

        let store = try SQLiteCertificateRegistry(path: registry, readOnly: true)
        let certificates = try await store.certificates(eventID: "county-lines-2020", after: nil, limit: 1000)
        let digest = try ExternalTool.run("sha256sum", [zoom]).stdout.split(separator: " ").first.map(String.init)
        #expect(certificates.count == 6)
        #expect(certificates.allSatisfy { $0.evidenceSHA256 == digest && $0.eligibility.requiredSeconds == 9450 })
        let aoife = try #require(certificates.first { $0.identity.email == "aoife.ni.bhriain@example.org" })
        #expect(aoife.eligibility.attendedSeconds == 9450)
        #expect(aoife.eligibility.rule == "at least 75% of the 210-minute live session (157.5 minutes)")
        #expect(aoife.content.cpdHours == "3.5")
        #expect(aoife.content.organisation == "Cork Youth Services (fictional)")

        let text = try EndToEndTests.cpdcert(["verify", aoife.id.description, "--registry", registry])
        #expect(text.stdout.contains("Attendance:    attended 157.5 of 210 minutes; rule: at least 75%"))
        let json = try object(try EndToEndTests.cpdcert(["verify", aoife.id.description, "--registry", registry, "--json"]).stdout)
        let attendance = try #require(json["attendance"] as? [String: Any])
        #expect(attendance["attended_minutes"] as? String == "157.5")
        #expect(attendance["live_minutes"] as? Int == 210)
        let malgorzata = try #require(certificates.first { $0.identity.email == "malgorzata.w@example.org" })
        #expect(malgorzata.eligibility.attendedSeconds == 210 * 60)  // 09:40-13:50, clipped
    }
}
