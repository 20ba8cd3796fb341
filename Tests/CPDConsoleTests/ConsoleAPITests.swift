import CPDConsole
import CPDCore
import CPDRegistry
import CPDTestSupport
import Foundation
import HTTPTypes
import Testing

/// `/api/v1/admin/...`: a bearer token or nothing, with the same roles and ownership as the pages.
@Suite struct ConsoleAPITests {
    func token(for account: ConsoleAccount, in harness: ConsoleHarness) async throws -> String {
        try await harness.apiToken(for: account)
    }

    /// Tokens of the existing account `owner`, of a new organiser bartek.other@example.org and of a new auditor.
    func tokens(owner: String, in harness: ConsoleHarness) async throws -> (owner: String, other: String, auditor: String) {
        let account = try #require(try await harness.registry.account(email: owner))
        return (
            try await token(for: account, in: harness),
            try await token(for: try await harness.account("bartek.other@example.org", .organiser), in: harness),
            try await token(for: try await harness.account("aoife.auditor@example.org", .auditor), in: harness)
        )
    }

    func call(_ browser: Browser, _ method: HTTPRequest.Method, _ path: String, token: String?, json: String = "") async throws
        -> Browser.Page
    {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await browser.request(path, method: method, headers: headers, body: Array(json.utf8))
    }

    @Test func nothingAnswersWithoutALiveTokenNotEvenASignedInBrowser() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        let admin = try await harness.account("ada.admin@example.org", .admin)
        try await harness.exampleEvent(owner: admin)
        let certificate = try await harness.certificate()
        let token = try await token(for: admin, in: harness)
        try await harness.test { browser in
            try await browser.signIn("ada.admin@example.org")
            #expect(browser.cookies["cpdcert_session"] != nil)
            for (method, path) in [
                (HTTPRequest.Method.get, "/api/v1/admin/events"), (.get, "/api/v1/admin/events/county-lines-2020"),
                (.post, "/api/v1/admin/events/county-lines-2020/jobs"), (.post, "/api/v1/admin/certificates/\(certificate.id)/revoke"),
                (.post, "/api/v1/admin/events/county-lines-2020/send"), (.get, "/api/v1/admin/events/county-lines-2020/deliveries"),
                (.post, "/api/v1/admin/certificates/\(certificate.id)/send"),
            ] {
                let page = try await call(browser, method, path, token: nil, json: #"{"reason":"issued-in-error"}"#)
                #expect(page.status == .unauthorized, "\(path) with only the session cookie")
                #expect(page.headers[.contentType] == "application/json")
                #expect(try await call(browser, method, path, token: String(repeating: "A", count: 43)).status == .unauthorized, "\(path)")
            }
            #expect(try await call(browser, .get, "/api/v1/admin/events", token: token).status == .ok)
            // Revoked, the token opens nothing.
            try await harness.registry.revokeTokens(kind: .api, accountID: admin.id, at: Date())
            #expect(try await call(browser, .get, "/api/v1/admin/events", token: token).status == .unauthorized)
        }
        #expect(try await harness.registry.certificate(id: certificate.id)?.status == .valid)
        #expect(try await harness.registry.jobs(eventID: "county-lines-2020").isEmpty)
    }

    @Test func theAPIKeepsOrganisersToTheirOwnEventsAndAuditorsToReading() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        let owner = try await harness.account("siobhan.owner@example.org", .organiser)
        let other = try await harness.account("bartek.other@example.org", .organiser)
        let auditor = try await harness.account("aoife.auditor@example.org", .auditor)
        try await harness.exampleEvent(owner: owner)
        let certificate = try await harness.certificate()
        let ownerToken = try await token(for: owner, in: harness)
        let otherToken = try await token(for: other, in: harness)
        let auditorToken = try await token(for: auditor, in: harness)
        let revoke = #"{"reason":"issued-in-error","note":"API test"}"#
        try await harness.test { browser in
            let listed = try await call(browser, .get, "/api/v1/admin/events", token: otherToken)
            #expect(listed.status == .ok)
            #expect(!listed.body.contains("county-lines-2020"))
            for path in [
                "/api/v1/admin/events/county-lines-2020", "/api/v1/admin/events/county-lines-2020/certificates",
                "/api/v1/admin/events/county-lines-2020/deliveries",
            ] {
                #expect(try await call(browser, .get, path, token: otherToken).status == .notFound, "\(path)")
            }
            #expect(try await call(browser, .post, "/api/v1/admin/events/county-lines-2020/jobs", token: otherToken).status == .notFound)
            #expect(try await call(browser, .post, "/api/v1/admin/events/county-lines-2020/send", token: otherToken).status == .notFound)
            #expect(
                try await call(browser, .post, "/api/v1/admin/certificates/\(certificate.id)/send", token: otherToken).status == .notFound)
            #expect(
                try await call(browser, .post, "/api/v1/admin/certificates/\(certificate.id)/revoke", token: otherToken, json: revoke)
                    .status
                    == .notFound)
            // The auditor reads and cannot change.
            #expect(try await call(browser, .get, "/api/v1/admin/events/county-lines-2020", token: auditorToken).status == .ok)
            #expect(try await call(browser, .post, "/api/v1/admin/events/county-lines-2020/jobs", token: auditorToken).status == .forbidden)
            #expect(try await call(browser, .post, "/api/v1/admin/events/county-lines-2020/send", token: auditorToken).status == .forbidden)
            #expect(
                try await call(browser, .post, "/api/v1/admin/certificates/\(certificate.id)/send", token: auditorToken).status
                    == .forbidden)
            #expect(try await call(browser, .get, "/api/v1/admin/events/county-lines-2020/deliveries", token: auditorToken).status == .ok)
            #expect(
                try await call(browser, .post, "/api/v1/admin/certificates/\(certificate.id)/revoke", token: auditorToken, json: revoke)
                    .status
                    == .forbidden)
            #expect(try await harness.registry.certificate(id: certificate.id)?.status == .valid)

            // The owner: the review as JSON, then a revocation with the account as operator.
            let review = try await call(browser, .get, "/api/v1/admin/events/county-lines-2020", token: ownerToken)
            #expect(review.status == .ok)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(review.body.utf8)) as? [String: Any])
            #expect((document["due"] as? Int ?? 0) > 0)
            #expect(!(document["rejected"] as? [[String: Any]] ?? []).isEmpty)
            let revoked = try await call(
                browser, .post, "/api/v1/admin/certificates/\(certificate.id)/revoke", token: ownerToken, json: revoke)
            #expect(revoked.status == .ok, "\(revoked.body)")
            #expect(revoked.body.contains("\"status\":\"revoked\""))
        }
        let history = try await harness.registry.statusHistory(certificateID: certificate.id)
        #expect(history.last?.operatorName == "siobhan.owner@example.org")
        #expect(try await harness.registry.jobs(eventID: "county-lines-2020").isEmpty)
    }
}
