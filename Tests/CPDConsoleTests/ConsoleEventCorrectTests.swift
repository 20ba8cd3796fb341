import CPDConsole
import CPDCore
import CPDOperations
import CPDRegistry
import CPDTestSupport
import Foundation
import HTTPTypes
import Testing

/// Correcting a whole event after its definition changed, from its page and by the API: the
/// operations layer's event correction, with the signed-in account as operator and issuer, for
/// the event's owner or an admin only.
@Suite struct ConsoleEventCorrectTests {
    static let oldTitle = "Tackling Child Criminal Exploitation: Disrupting County Lines and Associated Violence"
    static let newTitle = "Tackling Child Criminal Exploitation: County Lines and Associated Violence"

    /// The example event.yaml with `id` and the new title.
    static func changedDefinition(id: String = "county-lines-2020") throws -> [UInt8] {
        let definition = String(decoding: try ConsoleHarness.exampleFile("event.yaml").1, as: UTF8.self)
        #expect(definition.contains("title: \"\(oldTitle)\""))
        return Array(
            definition.replacingOccurrences(of: "title: \"\(oldTitle)\"", with: "title: \"\(newTitle)\"")
                .replacingOccurrences(of: "id: county-lines-2020", with: "id: \(id)").utf8)
    }

    /// The example event's certificates, issued from the console by `owner`.
    func issued(_ harness: ConsoleHarness, owner: String) async throws -> [Certificate] {
        _ = try await ConsoleCorrectTests().issued(harness, owner: owner)
        let certificates = try await harness.registry.certificates(eventID: "county-lines-2020", after: nil, limit: 1000)
        try #require(certificates.count > 1)
        return certificates
    }

    /// Every one of `old` is superseded by a new certificate of the new title, by `operatorName`.
    func expectCorrected(_ old: [Certificate], in harness: ConsoleHarness, by operatorName: String, reason: String) async throws {
        for certificate in old {
            #expect(try await harness.registry.certificate(id: certificate.id)?.status == .superseded)
            let history = try await harness.registry.statusHistory(certificateID: certificate.id)
            #expect(history.map(\.operatorName) == [operatorName])
            #expect(history.first?.note == reason)
            let newID = try #require(history.first?.replacedBy)
            let new = try #require(try await harness.registry.certificate(id: newID))
            #expect(new.supersedes == certificate.id)
            #expect(new.status == .valid)
            #expect(new.content.eventTitle == Self.newTitle)
            #expect(new.content.attendeeName == certificate.content.attendeeName)
            #expect(new.issuedBy == operatorName)
            let pdf = try Data(contentsOf: harness.configuration.outputFolder.appendingPathComponent("county-lines-2020/\(new.fileName)"))
            #expect(Hex.sha256(pdf) == new.pdfSHA256)
        }
        let all = try await harness.registry.certificates(eventID: "county-lines-2020", after: nil, limit: 1000)
        #expect(all.count == 2 * old.count, "one new certificate for each, nothing more")
        let kept = try #require(try await harness.registry.event(id: "county-lines-2020"))
        #expect(try ConsoleWorkshop.event(kept.definition).title == Self.newTitle, "the console keeps the changed definition")
        #expect(try await harness.registry.actions(limit: 10).contains { $0.action == "event.correct" && $0.accountEmail == operatorName })
    }

    @Test func theOwnerCorrectsTheEventFromItsPageAndNoOneElseCan() async throws {
        let harness = try ConsoleHarness(drawing: true)
        defer { harness.cleanUp() }
        let old = try await issued(harness, owner: "gwenllian.owner@example.org")
        try await harness.account("bartek.other@example.org", .organiser)
        try await harness.account("aoife.auditor@example.org", .auditor)
        let path = "/events/county-lines-2020/correct"
        let file = ["event": ("event.yaml", try Self.changedDefinition())]
        let reason = "the title was shortened after the event"
        try await harness.test { browser in
            try await browser.signIn("bartek.other@example.org")
            let other = try await browser.postMultipart(
                path, fields: ["csrf": try await browser.csrf(), "reason": reason], files: file)
            #expect(other.status == .notFound)

            try await browser.signIn("aoife.auditor@example.org")
            let read = try await browser.get("/events/county-lines-2020")
            #expect(read.status == .ok)
            #expect(!read.body.contains("action=\"\(path)\""), "an auditor is offered no correction")
            let auditor = try await browser.postMultipart(
                path, fields: ["csrf": try await browser.csrf(), "reason": reason], files: file)
            #expect(auditor.status == .forbidden)

            try await browser.signIn("gwenllian.owner@example.org")
            #expect(try await browser.postMultipart(path, fields: ["reason": reason], files: file).status == .forbidden, "no CSRF token")
            let page = try await browser.get("/events/county-lines-2020")
            #expect(page.body.contains("<form method=\"post\" action=\"\(path)\" enctype=\"multipart/form-data\">"))
            let csrf = try #require(page.csrf)

            let noReason = try await browser.postMultipart(path, fields: ["csrf": csrf, "reason": "  "], files: file)
            #expect(noReason.status == .unprocessableContent)
            #expect(noReason.body.contains("aria-describedby=\"correct-event-reason-problem\""))
            #expect(
                noReason.body.contains(
                    "<span class=\"problem\" id=\"correct-event-reason-problem\">Say why the certificates are corrected.</span>"))
            #expect(noReason.body.contains("<form method=\"post\" action=\"\(path)\""), "the form is shown again")

            let otherEvent = try await browser.postMultipart(
                path, fields: ["csrf": csrf, "reason": reason],
                files: ["event": ("event.yaml", try Self.changedDefinition(id: "another-2020"))])
            #expect(otherEvent.status == .unprocessableContent)
            #expect(otherEvent.body.contains("This definition is of the event another-2020, not county-lines-2020"))
            #expect(otherEvent.body.contains("value=\"\(reason)\""), "the reason is kept")
            for certificate in old { #expect(try await harness.registry.certificate(id: certificate.id)?.status == .valid) }

            let corrected = try await browser.postMultipart(path, fields: ["csrf": csrf, "reason": reason], files: file)
            #expect(corrected.status == .seeOther, "\(corrected.body)")
            #expect(corrected.headers[.location] == "/events/county-lines-2020")
            #expect(try await browser.get("/events/county-lines-2020").body.contains("<h1><bdi>\(Self.newTitle)</bdi></h1>"))
        }
        try await expectCorrected(old, in: harness, by: "gwenllian.owner@example.org", reason: reason)
    }

    @Test func theAPICorrectsTheEventForTheOwnerOnly() async throws {
        let harness = try ConsoleHarness(drawing: true)
        defer { harness.cleanUp() }
        let old = try await issued(harness, owner: "gwenllian.owner@example.org")
        let api = ConsoleAPITests()
        let (ownerToken, otherToken, auditorToken) = try await api.tokens(owner: "gwenllian.owner@example.org", in: harness)
        let event = """
            {"id": "county-lines-2020", "title": "\(Self.newTitle)",
             "organiser": {"name": "Policy Foresight", "url": "https://policyforesight.example.org"}, "format": "Live webinar",
             "schedule": {"time_zone": "Europe/London", "start": "2020-09-16T10:00", "end": "2020-09-16T13:30"}, "cpd_hours": 3.5,
             "learning_outcomes": ["Describe the current scale of county lines"],
             "signatory": {"name": "Dr Helena Marsh", "role": "Programme Director, Policy Foresight"},
             "verification": {"base_url": "https://verify.example.org/c/"}, "template": "classic",
             "attendance": {"minimum_fraction": 0.75}}
            """
        let body = #"{"event": \#(event), "reason": "the title was shortened"}"#
        let path = "/api/v1/admin/events/county-lines-2020/correct"
        try await harness.test { browser in
            #expect(try await api.call(browser, .post, path, token: otherToken, json: body).status == .notFound)
            #expect(try await api.call(browser, .post, path, token: auditorToken, json: body).status == .forbidden)
            let noReason = try await api.call(browser, .post, path, token: ownerToken, json: #"{"event": \#(event), "reason": ""}"#)
            #expect(noReason.status == .unprocessableContent)
            #expect(noReason.body.contains(#""path":"reason""#))
            let invalid = try await api.call(
                browser, .post, path, token: ownerToken,
                json: #"{"event": \#(event.replacingOccurrences(of: "\"cpd_hours\": 3.5", with: "\"cpd_hours\": -1")), "reason": "r"}"#)
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.body.contains(#""path":"event.cpd_hours""#), "\(invalid.body)")
            for certificate in old { #expect(try await harness.registry.certificate(id: certificate.id)?.status == .valid) }

            let corrected = try await api.call(browser, .post, path, token: ownerToken, json: body)
            #expect(corrected.status == .ok, "\(corrected.body)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(corrected.body.utf8)) as? [String: Any])
            #expect(document["event_id"] as? String == "county-lines-2020")
            #expect(document["corrected"] as? Int == old.count)
            #expect((document["definition_changes"] as? [String])?.contains { $0.hasPrefix("title: ") } == true)

            let again = try await api.call(browser, .post, path, token: ownerToken, json: body)
            #expect(again.status == .ok, "\(again.body)")
            let second = try #require(try JSONSerialization.jsonObject(with: Data(again.body.utf8)) as? [String: Any])
            #expect(second["corrected"] as? Int == 0, "nothing left to correct")
        }
        try await expectCorrected(old, in: harness, by: "gwenllian.owner@example.org", reason: "the title was shortened")
    }
}
