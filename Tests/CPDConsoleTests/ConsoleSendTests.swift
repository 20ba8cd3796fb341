import CPDConsole
import CPDCore
import CPDMail
import CPDRegistry
import CPDTestSupport
import Foundation
import HTTPTypes
import Testing

/// Emailing from the console: the event's page sends each valid certificate once through the
/// relay the console was started with, shows each attempt and the relay's reply, tries the
/// failed ones again on request, sends one certificate again from its page, and a send job a
/// stopped console left running sends only what is left. (ConsoleSendEndToEndTests does the same
/// with the built console and a real SMTP server.)
@Suite struct ConsoleSendTests {
    /// Issues the example event from the console as the signed-in owner; its certificates.
    static func issue(_ harness: ConsoleHarness, _ browser: Browser) async throws -> [Certificate] {
        #expect(try await browser.post("/events/county-lines-2020/issue", ["csrf": try await browser.csrf()]).status == .seeOther)
        await harness.jobs.drain()
        let certificates = try await harness.registry.certificates(eventID: "county-lines-2020")
        try #require(certificates.count > 3)
        return certificates
    }

    @Test func anOrganiserEmailsTheEventFromItsPageTriesTheFailedOneAgainAndSendsOneAgain() async throws {
        let relay = RecordingRelay()
        let harness = try ConsoleHarness(drawing: true, relay: relay)
        defer { harness.cleanUp() }
        let owner = try await harness.account("gwenllian.owner@example.org", .organiser)
        try await harness.account("aoife.auditor@example.org", .auditor)
        try await harness.exampleEvent(owner: owner)
        try await harness.test { browser in
            try await browser.signIn("gwenllian.owner@example.org")
            let certificates = try await Self.issue(harness, browser)
            let refused = certificates[1]
            relay.refuse([refused.identity.email])
            let before = try await browser.get("/events/county-lines-2020")
            #expect(before.body.contains("<button type=\"submit\">Email \(certificates.count) certificates</button>"), "\(before.body)")
            #expect(before.body.contains("Messages go through <code>smtp://relay.example.org:587</code>"))

            #expect(try await browser.post("/events/county-lines-2020/send", ["csrf": try await browser.csrf()]).status == .seeOther)
            await harness.jobs.drain()
            let accepted = relay.messages
            #expect(accepted.count == certificates.count - 1)
            #expect(Set(accepted.map(\.id)) == Set(certificates.map(\.id)).subtracting([refused.id]))
            for message in accepted {
                let certificate = try #require(certificates.first { $0.id == message.id })
                #expect(message.to == certificate.identity.email)
                #expect(message.message.contains("Content-Type: application/pdf"), "the PDF is attached")
            }
            let after = try await browser.get("/events/county-lines-2020")
            #expect(after.body.contains("Accepted by the relay: \(certificates.count - 1) · Failed: 1 · Not sent yet: 0"), "\(after.body)")
            #expect(after.body.contains("failed: permanent failure: 550 5.1.1 No such user here (attempt 1)"))
            #expect(after.body.contains("Try the failed ones again (1)"))
            #expect(!after.body.contains("<button type=\"submit\">Email "), "nothing is left to send but the failed one")
            #expect(after.body.contains("#2 email finished"))
            #expect(after.body.contains("Sent \(certificates.count - 1), already sent 0, not sent (revoked or replaced) 0, failed 1."))
            let log = try await browser.get("/events/county-lines-2020/deliveries")
            #expect(log.status == .ok)
            #expect(log.body.components(separatedBy: "<tr><td>").count - 1 == certificates.count, "one row an attempt")
            #expect(log.body.contains("<td>permanent_failure</td><td>550 5.1.1 No such user here</td>"))

            // Pressing Email again sends nothing twice; the failed one waits to be asked for.
            #expect(try await browser.post("/events/county-lines-2020/send", ["csrf": try await browser.csrf()]).status == .seeOther)
            await harness.jobs.drain()
            #expect(relay.messages.count == certificates.count - 1)

            relay.refuse([])
            let retry = try await browser.post(
                "/events/county-lines-2020/send", ["csrf": try await browser.csrf(), "retry_failed": "yes"])
            #expect(retry.status == .seeOther)
            await harness.jobs.drain()
            #expect(relay.messages.count == certificates.count)
            #expect(relay.messages.last?.id == refused.id)
            #expect(
                try await browser.get("/events/county-lines-2020").body.contains("Every valid certificate has been accepted by the relay."))

            // One certificate again, from its page: sent although it was delivered.
            let again = certificates[0]
            let page = try await browser.get("/certificates/\(again.id)")
            #expect(page.body.contains("Email this certificate again"))
            #expect(page.body.contains("accepted by the relay"))
            #expect(try await browser.post("/certificates/\(again.id)/send", ["csrf": page.csrf ?? ""]).status == .seeOther)
            await harness.jobs.drain()
            #expect(relay.messages.count == certificates.count + 1)
            #expect(relay.messages.last?.id == again.id)
            let history = try await browser.get("/certificates/\(again.id)")
            #expect(history.body.components(separatedBy: "<td>accepted</td>").count - 1 == 2, "\(history.body)")
            // Sent again and refused this time: delivered before, and the new attempt's reply beside it.
            relay.refuse([again.identity.email])
            #expect(try await browser.post("/certificates/\(again.id)/send", ["csrf": history.csrf ?? ""]).status == .seeOther)
            await harness.jobs.drain()
            let both = try await browser.get("/certificates/\(again.id)")
            #expect(both.body.contains("; sent again: failed: permanent failure: 550 5.1.1 No such user here (attempt 3)"), "\(both.body)")
            #expect(
                try await browser.get("/events/county-lines-2020").body.contains("Accepted by the relay: \(certificates.count) · Failed: 0")
            )
            relay.refuse([])

            // Who asked, on the activity page.
            try await browser.signIn("aoife.auditor@example.org")
            let activity = try await browser.get("/activity")
            #expect(activity.body.contains("<td>send</td><td><bdi>county-lines-2020</bdi></td><td>job #2: the unsent certificates</td>"))
            #expect(
                activity.body.contains(
                    "<td>sent</td><td><bdi>county-lines-2020</bdi></td><td>job #2: \(certificates.count - 1) sent, 1 failed</td>"))
            #expect(activity.body.contains("<td>send</td><td><bdi>\(again.id)</bdi></td><td>job #5: certificate \(again.id)</td>"))
            let auditorPage = try await browser.get("/events/county-lines-2020")
            #expect(!auditorPage.body.contains("/send\""), "an auditor is shown no send form")
        }
    }

    @Test func revokedAndSupersededCertificatesAreNeverSent() async throws {
        let relay = RecordingRelay()
        let harness = try ConsoleHarness(drawing: true, relay: relay)
        defer { harness.cleanUp() }
        let owner = try await harness.account("gwenllian.owner@example.org", .organiser)
        try await harness.exampleEvent(owner: owner)
        try await harness.test { browser in
            try await browser.signIn("gwenllian.owner@example.org")
            let certificates = try await Self.issue(harness, browser)
            let revoked = certificates[0]
            let csrf = try await browser.csrf()
            #expect(
                try await browser.post("/certificates/\(revoked.id)/revoke", ["csrf": csrf, "reason": "issued-in-error"]).status
                    == .seeOther)
            let refused = try await browser.post("/certificates/\(revoked.id)/send", ["csrf": csrf])
            #expect(refused.status == .conflict)
            #expect(refused.body.contains("A revoked certificate is never sent."))
            let page = try await browser.get("/events/county-lines-2020")
            #expect(page.body.contains("Email \(certificates.count - 1) certificates"))
            #expect(try await browser.post("/events/county-lines-2020/send", ["csrf": csrf]).status == .seeOther)
            await harness.jobs.drain()
            #expect(relay.messages.count == certificates.count - 1)
            #expect(!relay.messages.contains { $0.id == revoked.id })
            let job = try #require(try await harness.registry.jobs(eventID: "county-lines-2020").first)
            #expect(job.message.contains("not sent (revoked or replaced) 1"), "\(job.message)")
        }
    }

    @Test func aConsoleStartedWithoutARelaySaysHowToStartOneAndQueuesNothing() async throws {
        let harness = try ConsoleHarness(drawing: true)
        defer { harness.cleanUp() }
        let owner = try await harness.account("gwenllian.owner@example.org", .organiser)
        try await harness.exampleEvent(owner: owner)
        try await harness.test { browser in
            try await browser.signIn("gwenllian.owner@example.org")
            _ = try await Self.issue(harness, browser)
            let page = try await browser.get("/events/county-lines-2020")
            #expect(page.body.contains("This console was started without a relay"), "\(page.body)")
            #expect(!page.body.contains("/send\""))
            let refused = try await browser.post("/events/county-lines-2020/send", ["csrf": try await browser.csrf()])
            #expect(refused.status == .conflict)
            #expect(refused.body.contains("start it with --smtp and --from"))
            #expect(try await harness.registry.jobs(eventID: "county-lines-2020").count == 1, "only the batch that issued")
        }
    }

    @Test func aSendJobLeftRunningByAStoppedConsoleSendsOnlyWhatIsLeft() async throws {
        let relay = RecordingRelay()
        let harness = try ConsoleHarness(drawing: true, relay: relay)
        defer { harness.cleanUp() }
        let owner = try await harness.account("gwenllian.owner@example.org", .organiser)
        try await harness.exampleEvent(owner: owner)
        try await harness.test { browser in
            try await browser.signIn("gwenllian.owner@example.org")
            _ = try await Self.issue(harness, browser)
        }
        let certificates = try await harness.registry.certificates(eventID: "county-lines-2020")
        // The stopped console's job: it had sent the first two when it stopped.
        var job = try await harness.registry.addJob(
            eventID: "county-lines-2020", requestedBy: owner.id, work: .send(retryFailed: false, only: nil), at: Date())
        job.state = .running
        try await harness.registry.updateJob(job)
        for certificate in certificates.prefix(2) {
            try await harness.registry.recordDelivery(
                DeliveryAttempt(
                    certificateID: certificate.id, eventID: "county-lines-2020", attempt: 1, outcome: .accepted, replyCode: 250,
                    replyText: "2.0.0 Ok", messageID: "<\(certificate.id.compact).certificate@policyforesight.example.org>", at: Date()))
        }
        // And a one-certificate job that had sent its certificate before the stop: not sent twice.
        var one = try await harness.registry.addJob(
            eventID: "county-lines-2020", requestedBy: owner.id, work: .send(retryFailed: true, only: certificates[0].id),
            at: Date().addingTimeInterval(-60))
        one.state = .running
        try await harness.registry.updateJob(one)

        let restarted = ConsoleJobs(store: harness.registry, workshop: harness.jobs.workshop)
        try await restarted.resume()
        await restarted.drain()
        #expect(Set(relay.messages.map(\.id)) == Set(certificates.dropFirst(2).map(\.id)))
        #expect(relay.messages.count == certificates.count - 2)
        let jobs = try await harness.registry.jobs(eventID: "county-lines-2020")
        #expect(jobs.allSatisfy { $0.state == .finished }, "\(jobs.map(\.message))")
        let stored = try #require(jobs.first { $0.id == one.id })
        #expect(stored.work == .send(retryFailed: true, only: certificates[0].id), "the job's work survives the store")
        #expect(stored.message.hasPrefix("Sent 0, already sent 1,"), "\(stored.message)")
    }

    @Test func theAPISendsAnEventAndOneCertificateAndListsTheDeliveryLog() async throws {
        let relay = RecordingRelay()
        let harness = try ConsoleHarness(drawing: true, relay: relay)
        defer { harness.cleanUp() }
        let owner = try await harness.account("gwenllian.owner@example.org", .organiser)
        try await harness.exampleEvent(owner: owner)
        let token = try await harness.apiToken(for: owner)
        try await harness.test { browser in
            try await browser.signIn("gwenllian.owner@example.org")
            let certificates = try await Self.issue(harness, browser)
            func call(_ method: HTTPRequest.Method, _ path: String, _ json: String = "") async throws -> [String: Any] {
                let page = try await browser.request(
                    path, method: method, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                    body: Array(json.utf8))
                #expect(page.status.code < 300, "\(path): \(page.status) \(page.body)")
                return try #require(try JSONSerialization.jsonObject(with: Data(page.body.utf8)) as? [String: Any])
            }
            let job = try await call(.post, "/api/v1/admin/events/county-lines-2020/send", #"{"retry_failed": false}"#)
            #expect(job["kind"] as? String == "send")
            #expect(job["state"] as? String == "queued")
            await harness.jobs.drain()
            let jobs = try await call(.get, "/api/v1/admin/events/county-lines-2020/jobs")
            let finished = try #require((jobs["jobs"] as? [[String: Any]])?.first)
            #expect(finished["kind"] as? String == "send")
            #expect(finished["issued"] as? Int == certificates.count)
            let log = try await call(.get, "/api/v1/admin/events/county-lines-2020/deliveries")
            #expect(log["delivered"] as? Int == certificates.count)
            #expect(log["to_send"] as? Int == 0)
            let attempts = try #require(log["attempts"] as? [[String: Any]])
            #expect(attempts.count == certificates.count)
            #expect(attempts.allSatisfy { $0["outcome"] as? String == "accepted" && ($0["message_id"] as? String)?.hasPrefix("<") == true })

            // With no body at all, as a shell script would send it.
            _ = try await call(.post, "/api/v1/admin/certificates/\(certificates[2].id)/send")
            await harness.jobs.drain()
            #expect(relay.messages.count == certificates.count + 1)
            #expect(relay.messages.last?.id == certificates[2].id)
        }
    }
}
