import CPDConsole
import CPDCore
import CPDRegistry
import CPDTestSupport
import Foundation
import HTTPTypes
import Testing

/// Sharing an event: the organiser it is shared with sees it and works on it as its owner does,
/// cannot share it further, and loses it when the sharing stops; only organisers are shared
/// with, and only the owner and admins share.
@Suite struct ConsoleSharingTests {
    @Test func anEventSharedWithAnOrganiserIsTheirsToWorkOnUntilTheSharingStops() async throws {
        let harness = try ConsoleHarness(drawing: true)
        defer { harness.cleanUp() }
        let owner = try await harness.account("siobhan.owner@example.org", .organiser)
        let colleague = try await harness.account("bartek.kowalski@example.org", .organiser)
        try await harness.account("aoife.auditor@example.org", .auditor)
        try await harness.exampleEvent(owner: owner)
        try await harness.test { browser in
            try await browser.signIn("bartek.kowalski@example.org")
            #expect(try await browser.get("/events/county-lines-2020").status == .notFound, "not shared yet")

            try await browser.signIn("siobhan.owner@example.org")
            let page = try await browser.get("/events/county-lines-2020")
            #expect(page.body.contains("<h2>Share this event</h2>"))
            let shared = try await browser.post(
                "/events/county-lines-2020/shares", ["csrf": page.csrf ?? "", "email": " Bartek.Kowalski@example.org "])
            #expect(shared.status == .seeOther)
            #expect(try await harness.registry.event(id: "county-lines-2020")?.sharedWith == [colleague.id])
            #expect(try await browser.get("/events/county-lines-2020").body.contains("Shared with: <bdi>bartek.kowalski@example.org</bdi>"))

            // The colleague sees it listed, issues it and revokes one, as the owner would.
            try await browser.signIn("bartek.kowalski@example.org")
            #expect(try await browser.get("/").body.contains("<a href=\"/events/county-lines-2020\">county-lines-2020</a>"))
            let theirs = try await browser.get("/events/county-lines-2020")
            #expect(theirs.status == .ok)
            #expect(!theirs.body.contains("<h2>Share this event</h2>"), "only the owner and admins share")
            let csrf = theirs.csrf ?? ""
            #expect(try await browser.post("/events/county-lines-2020/issue", ["csrf": csrf]).status == .seeOther)
            await harness.jobs.drain()
            let certificates = try await harness.registry.certificates(eventID: "county-lines-2020")
            try #require(certificates.count > 1, "the colleague's batch issued the event")
            #expect(certificates.allSatisfy { $0.issuedBy == "bartek.kowalski@example.org" })
            let revoked = try await browser.post(
                "/certificates/\(certificates[0].id)/revoke", ["csrf": csrf, "reason": "issued-in-error"])
            #expect(revoked.status == .seeOther)
            // ...but does not share it further, nor take it off the owner's list.
            let further = try await browser.post(
                "/events/county-lines-2020/shares", ["csrf": csrf, "email": "aoife.auditor@example.org"])
            #expect(further.status == .forbidden)
            #expect(try await browser.post("/events/county-lines-2020/shares/\(colleague.id)/remove", ["csrf": csrf]).status == .forbidden)
            // A new upload of the event by the colleague keeps its owner and its sharing.
            let upload = try await browser.postMultipart(
                "/events", fields: ["csrf": csrf],
                files: [
                    "event": try ConsoleHarness.exampleFile("event.yaml"), "attendance": try ConsoleHarness.exampleFile("attendance.csv"),
                ])
            #expect(upload.status == .seeOther, "\(upload.body)")
            let kept = try #require(try await harness.registry.event(id: "county-lines-2020"))
            #expect(kept.ownerID == owner.id && kept.sharedWith == [colleague.id])

            // The owner stops sharing: the colleague is answered as if it did not exist.
            try await browser.signIn("siobhan.owner@example.org")
            let stop = try await browser.post(
                "/events/county-lines-2020/shares/\(colleague.id)/remove", ["csrf": try await browser.csrf()])
            #expect(stop.status == .seeOther)
            try await browser.signIn("bartek.kowalski@example.org")
            #expect(try await browser.get("/events/county-lines-2020").status == .notFound)
            #expect(try await browser.get("/certificates/\(certificates[1].id)").status == .notFound)
            #expect(try await browser.post("/events/county-lines-2020/issue", ["csrf": try await browser.csrf()]).status == .notFound)

            try await browser.signIn("aoife.auditor@example.org")
            let activity = try await browser.get("/activity").body
            #expect(activity.contains("<td>event.share</td><td><bdi>county-lines-2020</bdi></td><td>bartek.kowalski@example.org</td>"))
            #expect(activity.contains("<td>event.unshare</td><td><bdi>county-lines-2020</bdi></td><td>bartek.kowalski@example.org</td>"))
        }
    }

    @Test func onlyAnActiveOrganiserWhoIsNotTheOwnerIsSharedWithAndEachRefusalIsSaidBesideTheField() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        let owner = try await harness.account("siobhan.owner@example.org", .organiser)
        try await harness.account("aoife.auditor@example.org", .auditor)
        try await harness.account("ada.admin@example.org", .admin)
        let gone = try await harness.account("gone.organiser@example.org", .organiser)
        try await harness.registry.setDisabled(true, accountID: gone.id, at: Date())
        try await harness.exampleEvent(owner: owner)
        try await harness.test { browser in
            try await browser.signIn("siobhan.owner@example.org")
            for (email, says) in [
                ("nobody@example.org", "No account has the address nobody@example.org"),
                ("siobhan.owner@example.org", "siobhan.owner@example.org owns this event already."),
                ("aoife.auditor@example.org", "aoife.auditor@example.org is an auditor: admins and auditors see every event already"),
                ("ada.admin@example.org", "ada.admin@example.org is an admin"),
                ("gone.organiser@example.org", "gone.organiser@example.org is disabled."),
                ("<script>alert(1)</script>@example.org", "No account has the address &lt;script&gt;"),
            ] {
                let refused = try await browser.post(
                    "/events/county-lines-2020/shares", ["csrf": try await browser.csrf(), "email": email])
                #expect(refused.status == .unprocessableContent, "\(email)")
                #expect(refused.body.contains("<span class=\"problem\" id=\"share-problem\">\(says)"), "\(email): \(refused.body)")
                #expect(refused.body.contains("aria-describedby=\"share-problem\""))
                #expect(!refused.body.contains("<script>alert"))
            }
            #expect(try await harness.registry.event(id: "county-lines-2020")?.sharedWith.isEmpty == true)
        }
    }

    @Test func theAPISetsWhoTheEventIsSharedWithAllOrNothing() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        let owner = try await harness.account("siobhan.owner@example.org", .organiser)
        let first = try await harness.account("bartek.kowalski@example.org", .organiser)
        let second = try await harness.account("nguyen.thi.hang@example.org", .organiser)
        let auditor = try await harness.account("aoife.auditor@example.org", .auditor)
        try await harness.exampleEvent(owner: owner)
        let (ownerToken, firstToken, auditorToken) = (
            try await harness.apiToken(for: owner), try await harness.apiToken(for: first), try await harness.apiToken(for: auditor)
        )
        try await harness.test { browser in
            func call(_ method: HTTPRequest.Method, _ token: String, _ json: String = "") async throws -> Browser.Page {
                try await browser.request(
                    "/api/v1/admin/events/county-lines-2020/shares", method: method,
                    headers: [.authorization: "Bearer \(token)", .contentType: "application/json"], body: Array(json.utf8))
            }
            #expect(try await call(.get, firstToken).status == .notFound)
            let set = try await call(.put, ownerToken, #"{"shared_with": ["bartek.kowalski@example.org", "Nguyen.Thi.Hang@example.org"]}"#)
            #expect(set.status == .ok, "\(set.body)")
            #expect(set.body == #"{"shared_with":["bartek.kowalski@example.org","nguyen.thi.hang@example.org"]}"#)
            #expect(try await harness.registry.event(id: "county-lines-2020")?.sharedWith == [first.id, second.id])
            #expect(try await call(.get, firstToken).status == .ok, "shared: the colleague reads it")
            #expect(try await call(.put, firstToken, #"{"shared_with": []}"#).status == .forbidden)
            #expect(try await call(.put, auditorToken, #"{"shared_with": []}"#).status == .forbidden)

            // One refused address changes nothing.
            let refused = try await call(
                .put, ownerToken, #"{"shared_with": ["bartek.kowalski@example.org", "aoife.auditor@example.org"]}"#)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains(#""path":"shared_with[1]""#), "\(refused.body)")
            #expect(try await harness.registry.event(id: "county-lines-2020")?.sharedWith == [first.id, second.id])

            let narrowed = try await call(.put, ownerToken, #"{"shared_with": ["nguyen.thi.hang@example.org"]}"#)
            #expect(narrowed.status == .ok)
            #expect(try await harness.registry.event(id: "county-lines-2020")?.sharedWith == [second.id])
            #expect(try await call(.get, firstToken).status == .notFound)
        }
    }
}
