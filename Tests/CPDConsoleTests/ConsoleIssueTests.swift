import CPDConsole
import CPDCore
import CPDRegistry
import CPDTestSupport
import Foundation
import HTTPTypes
import Testing

/// Issuing from the console: the batch runs through the operations layer with the signed-in
/// account as the operator of every certificate, in the registry, its log and the activity page.
@Suite struct ConsoleIssueTests {
    @Test func issuingFromTheConsoleRecordsTheSignedInAccountAsTheIssuer() async throws {
        let harness = try ConsoleHarness(drawing: true)
        defer { harness.cleanUp() }
        let owner = try await harness.account("gwenllian.owner@example.org", .organiser)
        try await harness.account("aoife.auditor@example.org", .auditor)
        try await harness.exampleEvent(owner: owner)
        try await harness.test { browser in
            try await browser.signIn("gwenllian.owner@example.org")
            let issue = try await browser.post("/events/county-lines-2020/issue", ["csrf": try await browser.csrf()])
            #expect(issue.status == .seeOther)
            await harness.jobs.drain()
            let certificates = try await harness.registry.certificates(eventID: "county-lines-2020", after: nil, limit: 100)
            #expect(!certificates.isEmpty)
            #expect(certificates.allSatisfy { $0.issuedBy == "gwenllian.owner@example.org" }, "\(certificates.map(\.issuedBy))")
            let page = try await browser.get("/certificates/\(certificates[0].id)")
            #expect(page.body.contains("<dt>Issued by</dt><dd><bdi>gwenllian.owner@example.org</bdi></dd>"), "\(page.body)")

            try await browser.signIn("aoife.auditor@example.org")
            let activity = try await browser.get("/activity")
            #expect(activity.status == .ok)
            #expect(
                activity.body.contains(
                    "<td><bdi>gwenllian.owner@example.org</bdi></td><td>issued</td><td><bdi>county-lines-2020</bdi></td><td>batch #1: \(certificates.count) certificates</td>"
                ), "\(activity.body)")
        }
        let issued = try await harness.registry.certificates(eventID: "county-lines-2020", after: nil, limit: 100)
        #expect(try await LoggedIssuers.of(harness.registry) == Array(repeating: "gwenllian.owner@example.org", count: issued.count))
    }

    @Test func aBatchThatHasReportedNothingYetShowsABusyBarNotZeroOfZero() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        let owner = try await harness.account("gwenllian.owner@example.org", .organiser)
        try await harness.exampleEvent(owner: owner)
        // A job recorded as running that has reported no progress: the state between pressing
        // "Issue" and the first certificates written, or a resumed batch after a restart.
        var job = try await harness.registry.addJob(eventID: "county-lines-2020", requestedBy: owner.id, at: Date())
        job.state = .running
        try await harness.registry.updateJob(job)
        try await harness.test { browser in
            try await browser.signIn("gwenllian.owner@example.org")
            let page = try await browser.get("/events/county-lines-2020")
            #expect(page.body.contains("A batch is running"))
            #expect(page.body.contains("<progress>planning and drawing the first certificates</progress>"), "\(page.body)")
            #expect(!page.body.contains("0 / 0"))
        }
    }

    @Test func theIssueButtonCountsInTheSingularForOnePerson() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        let owner = try await harness.account("gwenllian.owner@example.org", .organiser)
        let report =
            "full_name,email,job_title,organisation,minutes_attended\n"
            + "Adébáyọ̀ Ọlátúnjí,adebayo@example.org,Youth Worker,Eastgate Youth Partnership,200\n"
        try await harness.registry.saveEvent(
            ConsoleEvent(
                eventID: "county-lines-2020", ownerID: owner.id, definition: Data(try ConsoleHarness.exampleFile("event.yaml").1),
                attendance: Data(report.utf8), attendanceFileName: "attendance.csv", createdAt: Date()))
        try await harness.test { browser in
            try await browser.signIn("gwenllian.owner@example.org")
            let page = try await browser.get("/events/county-lines-2020")
            #expect(page.body.contains("<button type=\"submit\">Issue 1 certificate</button>"), "\(page.body)")
        }
    }
}
