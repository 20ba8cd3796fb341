import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// `audit person` counts CPD by the day of the activity, across a year boundary.
@Suite(.serialized) struct AuditPersonEndToEndTests {
    let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")

    /// The example event moved to `day` (YYYY-MM-DD) under a new id, issued into `folder`.
    func issue(on day: String, id: String, into folder: URL) throws {
        var event = try String(contentsOf: example.appendingPathComponent("event.yaml"), encoding: .utf8)
        event = event.replacingOccurrences("id: county-lines-2020", "id: \(id)")
            .replacingOccurrences("2020-09-16T", "\(day)T")
        let file = folder.appendingPathComponent("\(id).yaml")
        try event.write(to: file, atomically: true, encoding: .utf8)
        let attendance = folder.appendingPathComponent("attendance.csv")
        try "full_name,email,minutes_attended\nAdébáyọ̀ Ọlátúnjí,adebayo.olatunji@example.org,200\n".write(
            to: attendance, atomically: true, encoding: .utf8)
        let result = try EndToEndTests.cpdcert([
            "issue", "--quiet", "--event", file.path, "--attendance", attendance.path, "--out", folder.appendingPathComponent(id).path,
            "--registry", folder.appendingPathComponent("cpdcert.sqlite").path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
    }

    func person(_ folder: URL, _ options: [String]) throws -> ExternalTool.Result {
        try EndToEndTests.cpdcert(
            ["audit", "person", "adebayo.olatunji@example.org", "--registry", folder.appendingPathComponent("cpdcert.sqlite").path]
                + options)
    }

    @Test func aPeriodHoldsTheActivitiesHeldInItWheneverTheyWereCertified() throws {
        let folder = try ExternalTool.temporaryDirectory("audit-person")
        defer { try? FileManager.default.removeItem(at: folder) }
        try issue(on: "2020-09-16", id: "county-lines-2020", into: folder)
        try issue(on: "2020-12-31", id: "county-lines-2020-12", into: folder)
        try issue(on: "2021-01-01", id: "county-lines-2021-01", into: folder)

        let year = try person(folder, ["--from", "2020-01-01", "--to", "2020-12-31", "--format", "json"])
        #expect(year.status == 0, "\(year.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(year.stdout.utf8)) as? [String: Any])
        let rows = try #require(object["rows"] as? [[String: String]])
        #expect(rows.map { $0["date"] } == ["2020-09-16", "2020-12-31"])
        #expect(rows.allSatisfy { $0["name"] == "Adébáyọ̀ Ọlátúnjí" && $0["format"] == "Live webinar" && $0["cpd_hours"] == "3.5" })
        let summary = try #require(object["summary"] as? [String: String])
        #expect(summary["total_valid_cpd_hours"] == "7")
        #expect(summary["from"] == "2020-01-01" && summary["to"] == "2020-12-31")

        let next = try person(folder, ["--from", "2021-01-01", "--to", "2021-12-31", "--format", "csv"])
        #expect(next.stdout.contains("2021-01-01,Adébáyọ̀ Ọlátúnjí,"), "\(next.stdout)")
        #expect(!next.stdout.contains("2020-12-31"))
        let none = try person(folder, ["--to", "2019-12-31"])
        #expect(none.status == 0)
        #expect(none.stdout.contains("total_valid_cpd_hours: 0"), "\(none.stdout)")
    }

    @Test func anUnknownPersonOrABadPeriodIsAnError() throws {
        let folder = try ExternalTool.temporaryDirectory("audit-person-unknown")
        defer { try? FileManager.default.removeItem(at: folder) }
        try issue(on: "2020-09-16", id: "county-lines-2020", into: folder)
        let unknown = try EndToEndTests.cpdcert([
            "audit", "person", "nobody@example.org", "--registry", folder.appendingPathComponent("cpdcert.sqlite").path,
        ])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no certificate for this person"))
        #expect(try person(folder, ["--from", "2020-02-30"]).status == 64)
        #expect(try person(folder, ["--from", "2021-01-01", "--to", "2020-12-31"]).status == 64)
    }
}
