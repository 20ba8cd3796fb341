import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// `issue` and `eligibility` on several attendance files with a roster and aliases, through the
/// built binary; then `verify`, the event register and `audit verify` on what was issued. The
/// fixtures' minutes are worked out by hand in Tests/CPDImportTests/Fixtures/sources/README.md.
@Suite(.serialized) struct AttendanceSourcesEndToEndTests {
    let sources = Samples.packageRoot.appendingPathComponent("Tests/CPDImportTests/Fixtures/sources")
    let event = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020/event.yaml").path

    /// `--attendance` for each file, then the roster and the aliases.
    func attendance(_ files: [String] = ["zoom-webinar.csv", "phone-dial-ins.csv", "phone-with-email.csv"]) -> [String] {
        files.flatMap { ["--attendance", sources.appendingPathComponent($0).path] } + [
            "--roster", sources.appendingPathComponent("eventbrite-attendees.csv").path,
            "--aliases", sources.appendingPathComponent("aliases.csv").path,
        ]
    }

    @Test func threeFilesARosterAndAliasesIssueOnTheMergedMinutesAndVerify() throws {
        let folder = try ExternalTool.temporaryDirectory("sources")
        defer { try? FileManager.default.removeItem(at: folder) }
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path
        let keys = folder.appendingPathComponent("keys").path
        #expect(try EndToEndTests.cpdcert(["keys", "init", "--name", "policyforesight.example.org/cpdcert", "--keys", keys]).status == 0)
        let issue = ["issue", "--event", event, "--out", folder.appendingPathComponent("out").path, "--registry", registry, "--keys", keys]
        let issued = try EndToEndTests.cpdcert(issue + attendance())
        // 65: Alex Morgan is ambiguous and Ffion Evans has no booking; everyone else is issued.
        #expect(issued.status == 65, "stderr: \(issued.stderr)")
        #expect(issued.stdout.contains("issued now:       5"), "\(issued.stdout)")
        #expect(issued.stdout.contains("not eligible:     0"))
        #expect(issued.stderr.contains("phone-dial-ins.csv:4: 'full_name' is 'Alex Morgan', which bookings of 2 different people share"))
        #expect(issued.stderr.contains("phone-dial-ins.csv:5: 'full_name' is 'Ffion Evans', and no booking in"))
        #expect(issued.stderr.contains("zoom-webinar.csv:15: 'aoife ni bhriain' matched the booking 'Aoife Ní Bhriain'"))

        let manifest = try String(contentsOf: folder.appendingPathComponent("out/manifest.csv"), encoding: .utf8)
        let rows = manifest.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(
            Set(rows.map { $0[0] }) == [
                "sian.llywelyn@example.org", "nguyen.thi.hang@example.org", "dafydd.work@example.org", "aoife.ni.bhriain@example.org",
                "eleni.papadopoulou@example.org",
            ])
        let sian = try #require(rows.first { $0[0] == "sian.llywelyn@example.org" })
        let verified = try EndToEndTests.cpdcert(["verify", sian[2], "--registry", registry])
        #expect(verified.status == 0, "stderr: \(verified.stderr)")
        #expect(verified.stdout.contains("\(sian[2]): VALID"))
        #expect(verified.stdout.contains("Siân Llywelyn"))

        // The register shows the merged minutes: 150 + 30 for Siân, 90 + 75 for Dafydd under his first address.
        let register = try EndToEndTests.cpdcert(["audit", "event", "county-lines-2020", "--format", "csv", "--registry", registry])
        #expect(register.status == 0, "stderr: \(register.stderr)")
        #expect(register.stdout.contains("sian.llywelyn@example.org,Siân Llywelyn,180,"), "\(register.stdout)")
        #expect(register.stdout.contains("dafydd.work@example.org,Dafydd ap Gruffudd,165,"))
        #expect(!register.stdout.contains("dafydd.home@example.org"))
        // A dial-in listed in capitals gets the booking's name, as Ελένη wrote it.
        #expect(register.stdout.contains("eleni.papadopoulou@example.org,Ελένη Παπαδοπούλου,210,"))

        // issue signs a checkpoint at the end, since a key exists; the audit checks every record against the log.
        let audit = try EndToEndTests.cpdcert(["audit", "verify", "--registry", registry, "--keys", keys])
        #expect(audit.status == 0, "stdout: \(audit.stdout) stderr: \(audit.stderr)")

        // The same files again, in another order: the same evidence, nothing new.
        let again = try EndToEndTests.cpdcert(issue + attendance(["phone-with-email.csv", "zoom-webinar.csv", "phone-dial-ins.csv"]))
        #expect(again.stdout.contains("issued now:       0") && again.stdout.contains("already issued:   5"), "\(again.stdout)")
        #expect(try EndToEndTests.cpdcert(["audit", "verify", "--registry", registry, "--keys", keys]).status == 0)
    }

    @Test func eligibilityJSONNamesEveryFileAndEachPersonsLinesInIt() throws {
        let result = try EndToEndTests.cpdcert(["eligibility", "--event", event, "--json"] + attendance())
        #expect(result.status == 65, "stderr: \(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let files = try #require(document["sources"] as? [[String: Any]])
        #expect(files.compactMap { $0["format"] as? String } == ["zoom-webinar", "canonical", "canonical"])
        #expect(files.allSatisfy { ($0["sha256"] as? String)?.count == 64 })
        let eligible = try #require(document["eligible"] as? [[String: Any]])
        let sian = try #require(eligible.first { $0["email"] as? String == "sian.llywelyn@example.org" })
        #expect(sian["attended_seconds"] as? Int == 180 * 60)
        let origins = try #require(sian["sources"] as? [[String: Any]])
        #expect(origins.compactMap { $0["lines"] as? [Int] } == [[10], [2]])
        #expect(
            origins.compactMap { ($0["file"] as? String).map { URL(fileURLWithPath: $0).lastPathComponent } } == [
                "zoom-webinar.csv", "phone-dial-ins.csv",
            ])
    }

    @Test func aNameOnlyFileWithoutARosterIsRefusedSayingToPassOne() throws {
        let result = try EndToEndTests.cpdcert([
            "eligibility", "--event", event, "--attendance", sources.appendingPathComponent("phone-dial-ins.csv").path,
        ])
        #expect(result.status == 65)
        #expect(result.stderr.contains("with --roster FILE"), "\(result.stderr)")
        let twice = try EndToEndTests.cpdcert(
            ["eligibility", "--event", event]
                + ["zoom-webinar.csv", "zoom-webinar.csv"].flatMap {
                    ["--attendance", sources.appendingPathComponent($0).path]
                })
        #expect(twice.status == 65)
        #expect(twice.stderr.contains("the same bytes as"))
    }
}
