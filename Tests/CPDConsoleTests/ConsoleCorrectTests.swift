import CPDConsole
import CPDCore
import CPDOperations
import CPDRegistry
import CPDTestSupport
import Foundation
import HTTPTypes
import Testing

/// Correcting a certificate from its page and by the API: the operations layer's correction, with
/// the signed-in account as operator and issuer, for the event's owner or an admin only.
@Suite struct ConsoleCorrectTests {
    /// A harness whose example event, owned by `owner`, has been issued from the console; its certificate of Siân Llywelyn.
    func issued(_ harness: ConsoleHarness, owner: String) async throws -> Certificate {
        let account = try await harness.account(owner, .organiser)
        try await harness.exampleEvent(owner: account)
        try await harness.test { browser in
            try await browser.signIn(owner)
            #expect(try await browser.post("/events/county-lines-2020/issue", ["csrf": try await browser.csrf()]).status == .seeOther)
        }
        await harness.jobs.drain()
        let certificates = try await harness.registry.certificates(eventID: "county-lines-2020", after: nil, limit: 100)
        return try #require(certificates.first { $0.content.attendeeName == "Siân Llywelyn" })
    }

    @Test func theOwnerCorrectsACertificateFromItsPageAndNoOneElseCan() async throws {
        let harness = try ConsoleHarness(drawing: true)
        defer { harness.cleanUp() }
        let old = try await issued(harness, owner: "gwenllian.owner@example.org")
        try #require(old.content.organisation != nil)
        try await harness.account("bartek.other@example.org", .organiser)
        try await harness.account("aoife.auditor@example.org", .auditor)
        let form = ["name": "Siân Llywelyn-Hughes", "job_title": old.content.jobTitle ?? "", "organisation": "", "reason": "name changed"]
        try await harness.test { browser in
            try await browser.signIn("bartek.other@example.org")
            #expect(try await browser.get("/certificates/\(old.id)").status == .notFound)
            var attempt = form
            attempt["csrf"] = try await browser.csrf()
            #expect(try await browser.post("/certificates/\(old.id)/correct", attempt).status == .notFound)

            try await browser.signIn("aoife.auditor@example.org")
            let read = try await browser.get("/certificates/\(old.id)")
            #expect(read.status == .ok)
            #expect(!read.body.contains("/correct\""), "an auditor is offered no correction")
            attempt["csrf"] = try await browser.csrf()
            #expect(try await browser.post("/certificates/\(old.id)/correct", attempt).status == .forbidden)

            try await browser.signIn("gwenllian.owner@example.org")
            #expect(try await browser.post("/certificates/\(old.id)/correct", form).status == .forbidden, "no CSRF token")
            let page = try await browser.get("/certificates/\(old.id)")
            #expect(page.body.contains("<form method=\"post\" action=\"/certificates/\(old.id)/correct\">"))
            #expect(
                page.body.contains("id=\"correct-name\" name=\"name\" type=\"text\" maxlength=\"200\" required value=\"Siân Llywelyn\""))
            attempt["csrf"] = page.csrf ?? ""
            let corrected = try await browser.post("/certificates/\(old.id)/correct", attempt)
            #expect(corrected.status == .seeOther, "\(corrected.body)")
            let location = try #require(corrected.headers[.location])
            let newPage = try await browser.get(location)
            #expect(newPage.body.contains("<bdi>Siân Llywelyn-Hughes</bdi>"))
            #expect(newPage.body.contains("<a href=\"/certificates/\(old.id)\">"), "it names what it corrects")
        }
        #expect(try await harness.registry.certificate(id: old.id)?.status == .superseded)
        let history = try await harness.registry.statusHistory(certificateID: old.id)
        #expect(history.map(\.operatorName) == ["gwenllian.owner@example.org"])
        #expect(history.first?.note == "name changed")
        let newID = try #require(history.first?.replacedBy)
        let new = try #require(try await harness.registry.certificate(id: newID))
        #expect(new.supersedes == old.id)
        #expect(new.content.attendeeName == "Siân Llywelyn-Hughes")
        #expect(new.content.organisation == nil)
        #expect(new.content.jobTitle == old.content.jobTitle)
        #expect(new.issuedBy == "gwenllian.owner@example.org")
        let pdf = try Data(contentsOf: harness.configuration.outputFolder.appendingPathComponent("county-lines-2020/\(new.fileName)"))
        #expect(Hex.sha256(pdf) == new.pdfSHA256)
        #expect(try await harness.registry.actions(limit: 10).contains { $0.action == "correct" && $0.subject == old.id.description })
    }

    @Test func theAPICorrectsForTheOwnerOnlyAndSaysWhyItRefuses() async throws {
        let harness = try ConsoleHarness(drawing: true)
        defer { harness.cleanUp() }
        let old = try await issued(harness, owner: "gwenllian.owner@example.org")
        let api = ConsoleAPITests()
        let (ownerToken, otherToken, auditorToken) = try await api.tokens(owner: "gwenllian.owner@example.org", in: harness)
        let body = #"{"name": "Siân Llywelyn-Hughes", "reason": "name changed"}"#
        let path = "/api/v1/admin/certificates/\(old.id)/correct"
        try await harness.test { browser in
            #expect(try await api.call(browser, .post, path, token: otherToken, json: body).status == .notFound)
            #expect(try await api.call(browser, .post, path, token: auditorToken, json: body).status == .forbidden)
            #expect(try await harness.registry.certificate(id: old.id)?.status == .valid)

            let corrected = try await api.call(browser, .post, path, token: ownerToken, json: body)
            #expect(corrected.status == .ok, "\(corrected.body)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(corrected.body.utf8)) as? [String: Any])
            let newID = try #require(document["id"] as? String)
            #expect(newID != old.id.description)
            #expect(document["name"] as? String == "Siân Llywelyn-Hughes")
            #expect(document["issued_by"] as? String == "gwenllian.owner@example.org")

            #expect(try await api.call(browser, .post, path, token: ownerToken, json: body).status == .conflict, "superseded already")
            let nothing = try await api.call(
                browser, .post, "/api/v1/admin/certificates/\(newID)/correct", token: ownerToken, json: #"{"reason": "no change"}"#)
            #expect(nothing.status == .unprocessableContent, "\(nothing.body)")
        }
        #expect(try await harness.registry.statusHistory(certificateID: old.id).map(\.operatorName) == ["gwenllian.owner@example.org"])
    }
}
