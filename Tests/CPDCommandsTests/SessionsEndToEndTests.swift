import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// A two-day course (Examples/county-lines-course-2020, expected figures in its README.md)
/// through the built binary: `issue` applies the per-session rule, the certificate, `verify` and
/// its JSON show both sessions, `audit verify` passes and `render` re-creates a PDF byte for byte.
@Suite(.serialized) struct SessionsEndToEndTests {
    let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-course-2020")

    func cpdcert(_ arguments: [String]) throws -> ExternalTool.Result {
        try ExternalTool.run(
            EndToEndTests.binary, arguments, environment: ["CPDCERT_REGISTRY": "", "CPDCERT_KEYS": EndToEndTests.noKeys],
            directory: Samples.packageRoot)
    }

    @Test func aTwoDayCourseIsIssuedVerifiedAndAudited() throws {
        let folder = try ExternalTool.temporaryDirectory("e2e-sessions")
        defer { try? FileManager.default.removeItem(at: folder) }
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path
        let out = folder.appendingPathComponent("out")
        let keys = folder.appendingPathComponent("keys").path
        #expect(try cpdcert(["keys", "init", "--name", "verify.example.org/sessions-test", "--keys", keys]).status == 0)

        let issued = try cpdcert([
            "issue", "--event", example.appendingPathComponent("event.yaml").path, "--attendance",
            example.appendingPathComponent("attendance.csv").path, "--out", out.path, "--registry", registry, "--keys", keys,
        ])
        #expect(issued.status == 0, "\(issued.stdout)\(issued.stderr)")
        #expect(issued.stdout.contains("issued now:       2"), "\(issued.stdout)")
        #expect(issued.stdout.contains("not eligible:     1"), "\(issued.stdout)")
        #expect(
            issued.stdout.contains(
                "Zoë Brontë-Łukasiewicz: attended 180 of 360 minutes; the rule is at least 75% of each session (Wed 16 Sep 09:30–12:30: 135 of 180 minutes; Thu 17 Sep 09:30–12:30: 135 of 180 minutes); session 2 (Thu 17 Sep 09:30–12:30) was attended for 0 of its 180 minutes, below the 135 it requires"
            ), "\(issued.stdout)")

        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".pdf") }.sorted()
        #expect(names.count == 2)
        let name = try #require(names.first)
        let pdf = out.appendingPathComponent(name)
        let text = try ExternalTool.run("pdftotext", ["-layout", pdf.path, "-"]).stdout
        #expect(text.contains("Wednesday 16 and Thursday 17 September 2020"), "\(text)")
        #expect(text.contains("Wed 16 Sep 09:30–12:30, Thu 17 Sep 09:30–12:30 BST"), "\(text)")
        #expect(text.contains("6"), "CPD hours default to the contact time")
        let png = folder.appendingPathComponent("page")
        #expect(try ExternalTool.run("pdftoppm", ["-png", "-r", "60", "-singlefile", pdf.path, png.path]).status == 0)
        #expect(FileManager.default.fileExists(atPath: png.path + ".png"))

        let id = String(name.dropLast(4))
        let verified = try cpdcert(["verify", id, "--registry", registry])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(
            verified.stdout.contains(
                "Date:          Wednesday 16 and Thursday 17 September 2020, Wed 16 Sep 09:30–12:30, Thu 17 Sep 09:30–12:30 BST"),
            "\(verified.stdout)")
        let json = try cpdcert(["verify", id, "--registry", registry, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let event = try #require(object["event"] as? [String: Any])
        #expect(event["times"] as? String == "Wed 16 Sep 09:30–12:30, Thu 17 Sep 09:30–12:30 BST", "\(json.stdout)")
        #expect(event["cpd_hours"] as? String == "6", "\(json.stdout)")

        // The verification page prints both sessions.
        let server = try BackgroundProcess(
            EndToEndTests.binary, ["serve", "--registry", registry, "--host", "127.0.0.1", "--port", "0"],
            environment: ["CPDCERT_REGISTRY": "", "CPDCERT_KEYS": EndToEndTests.noKeys], directory: folder)
        defer { server.stop() }
        let base = try #require(server.servingBase(), "the server did not start: \(server.printed.stderr)")
        let page = try ServeFixtures.get("\(base)/c/\(id)")
        #expect(page.status == 200)
        #expect(page.body.contains("Wednesday 16 and Thursday 17 September 2020"), "\(page.body)")
        #expect(page.body.contains("Wed 16 Sep 09:30–12:30, Thu 17 Sep 09:30–12:30 BST"), "\(page.body)")

        let audited = try cpdcert(["audit", "verify", "--registry", registry, "--pdfs", out.path, "--key", keys + "/log.pub"])
        #expect(audited.status == 0, "\(audited.stdout)\(audited.stderr)")

        // Re-created from the registry's archive, byte for byte; a re-run issues nothing new.
        let again = folder.appendingPathComponent("again.pdf")
        #expect(try cpdcert(["render", id, "--out", again.path, "--registry", registry]).status == 0)
        #expect(try Data(contentsOf: again) == Data(contentsOf: pdf))
        let rerun = try cpdcert([
            "issue", "--event", example.appendingPathComponent("event.yaml").path, "--attendance",
            example.appendingPathComponent("attendance.csv").path, "--out", out.path, "--registry", registry, "--keys", keys,
        ])
        #expect(rerun.stdout.contains("already issued:   2"), "\(rerun.stdout)\(rerun.stderr)")
    }

    /// Teams' 2021 list gives only totals: the binary counts what is provably live and says so.
    @Test func aTotalsOnlyReportIsClippedAndTheReasonSaysHow() throws {
        let report = Samples.packageRoot.appendingPathComponent("Tests/CPDImportTests/Fixtures/teams-meeting-summary-2021.csv").path
        let event = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020/event.yaml").path
        let result = try cpdcert(["eligibility", "--event", event, "--attendance", report])
        #expect(result.stdout.contains("(Teams attendance list (2021 meeting summary))"), "\(result.stdout)")
        // 160 minutes from 10:20 to 13:45: the 15 after 13:30 may be where they were, so 145 count.
        #expect(
            result.stdout.contains(
                "attended 145 of 210 minutes; the rule is at least 75% of the 210-minute live session (157.5 minutes); the report gives only a total of 160 minutes between the first join and the last leave, so only what is provably inside the live time counts: the total less the 15 minutes of that span outside the live time, and at most the 190 minutes of it inside"
            ), "\(result.stdout)")
    }
}
