import CPDConsole
import CPDCore
import CPDRegistry
import CPDTestSupport
import Foundation
import HTTPTypes
import Testing

/// The console's protections, each by the attack it stops.
@Suite struct ConsoleSecurityTests {
    @Test func aPostWithoutOrWithAWrongCSRFTokenIsRefused() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        let admin = try await harness.account("ada.admin@example.org", .admin)
        try await harness.exampleEvent(owner: admin)
        let certificate = try await harness.certificate()
        try await harness.test { browser in
            // The sign-in form itself: no token, a made-up one.
            _ = try await browser.get("/login")
            #expect(
                try await browser.post("/login", ["email": "ada.admin@example.org", "password": ConsoleHarness.password]).status
                    == .forbidden)
            #expect(browser.cookies["cpdcert_session"] == nil)
            try await browser.signIn("ada.admin@example.org")
            #expect(browser.cookies["cpdcert_session"] != nil)
            let good = try await browser.csrf()
            #expect(good.count == 64)
            for (path, fields) in [
                ("/certificates/\(certificate.id)/revoke", ["reason": "issued-in-error"]),
                ("/events/county-lines-2020/issue", [:]),
                ("/events/county-lines-2020/send", [:]),
                ("/certificates/\(certificate.id)/send", [:]),
                ("/admin/users", ["email": "mallory@example.org", "role": "admin"]),
                ("/logout", [:]),
            ] {
                #expect(try await browser.post(path, fields).status == .forbidden, "\(path) without a token")
                #expect(
                    try await browser.post(path, fields.merging(["csrf": String(repeating: "0", count: 64)]) { $1 }).status == .forbidden,
                    "\(path) with a wrong token")
            }
            #expect(try await harness.registry.certificate(id: certificate.id)?.status == .valid)
            #expect(try await harness.registry.account(email: "mallory@example.org") == nil)
            #expect(try await harness.registry.jobs(eventID: "county-lines-2020").isEmpty)
            // The same form with its token goes through.
            let revoked = try await browser.post("/certificates/\(certificate.id)/revoke", ["reason": "issued-in-error", "csrf": good])
            #expect(revoked.status == .seeOther)
            #expect(try await harness.registry.certificate(id: certificate.id)?.status == .revoked)
        }
    }

    @Test func noPageAnswersWithoutASession() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        let admin = try await harness.account("ada.admin@example.org", .admin)
        try await harness.exampleEvent(owner: admin)
        let certificate = try await harness.certificate()
        try await harness.test { browser in
            for path in [
                "/", "/events/new", "/events/county-lines-2020", "/events/county-lines-2020/deliveries", "/certificates/\(certificate.id)",
                "/admin/users", "/activity",
            ] {
                let page = try await browser.get(path)
                #expect(page.status == .seeOther, "\(path)")
                #expect(page.headers[.location] == "/login", "\(path)")
                #expect(!page.body.contains("county-lines-2020"), "\(path)")
            }
            // A POST with the pre-sign-in cookie's valid token still needs a session.
            let token = try await browser.get("/login").csrf ?? ""
            for path in [
                "/events/county-lines-2020/issue", "/events/county-lines-2020/send", "/certificates/\(certificate.id)/revoke",
                "/certificates/\(certificate.id)/send", "/admin/users",
            ] {
                #expect(try await browser.post(path, ["csrf": token, "reason": "issued-in-error"]).status == .unauthorized, "\(path)")
            }
            #expect(try await harness.registry.certificate(id: certificate.id)?.status == .valid)
        }
    }

    @Test func anAuditorReadsEverythingAndChangesNothing() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        let organiser = try await harness.account("olu.organiser@example.org", .organiser)
        try await harness.account("aoife.auditor@example.org", .auditor)
        try await harness.exampleEvent(owner: organiser)
        let certificate = try await harness.certificate()
        try await harness.test { browser in
            try await browser.signIn("aoife.auditor@example.org")
            #expect(try await browser.get("/events/county-lines-2020").status == .ok)
            #expect(try await browser.get("/activity").status == .ok)
            let page = try await browser.get("/certificates/\(certificate.id)")
            #expect(page.status == .ok)
            #expect(!page.body.contains("/revoke"), "an auditor is shown no revoke form")
            let csrf = page.csrf ?? ""
            let upload = try await browser.postMultipart(
                "/events", fields: ["csrf": csrf],
                files: [
                    "event": try ConsoleHarness.exampleFile("event.yaml"), "attendance": try ConsoleHarness.exampleFile("attendance.csv"),
                ])
            #expect(upload.status == .forbidden)
            #expect(try await browser.post("/events/county-lines-2020/issue", ["csrf": csrf]).status == .forbidden)
            #expect(try await browser.post("/events/county-lines-2020/send", ["csrf": csrf]).status == .forbidden)
            #expect(try await browser.post("/certificates/\(certificate.id)/send", ["csrf": csrf]).status == .forbidden)
            #expect(try await browser.get("/events/county-lines-2020/deliveries").status == .ok)
            #expect(
                try await browser.post("/certificates/\(certificate.id)/revoke", ["csrf": csrf, "reason": "issued-in-error"]).status
                    == .forbidden)
            #expect(try await browser.post("/admin/users", ["csrf": csrf, "email": "x@example.org", "role": "admin"]).status == .forbidden)
            #expect(try await browser.get("/admin/users").status == .forbidden)
            #expect(try await harness.registry.certificate(id: certificate.id)?.status == .valid)
            #expect(try await harness.registry.jobs(eventID: "county-lines-2020").isEmpty)
            #expect(try await harness.registry.accounts().count == 2)
        }
    }

    @Test func anOrganiserCannotSeeOrTouchAnotherOrganisersEvent() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        let owner = try await harness.account("siobhan.owner@example.org", .organiser)
        try await harness.account("bartek.other@example.org", .organiser)
        try await harness.exampleEvent(owner: owner)
        let certificate = try await harness.certificate()
        try await harness.test { browser in
            try await browser.signIn("bartek.other@example.org")
            let list = try await browser.get("/")
            #expect(list.status == .ok)
            #expect(!list.body.contains("county-lines-2020"), "another organiser's event is not listed")
            // By guessing the IDs in the URLs.
            #expect(try await browser.get("/events/county-lines-2020").status == .notFound)
            #expect(try await browser.get("/certificates/\(certificate.id)").status == .notFound)
            #expect(try await browser.get("/events/county-lines-2020/certificates.zip").status == .notFound)
            let csrf = list.csrf ?? ""
            #expect(try await browser.post("/events/county-lines-2020/issue", ["csrf": csrf]).status == .notFound)
            #expect(try await browser.post("/events/county-lines-2020/send", ["csrf": csrf]).status == .notFound)
            #expect(try await browser.post("/certificates/\(certificate.id)/send", ["csrf": csrf]).status == .notFound)
            #expect(try await browser.get("/events/county-lines-2020/deliveries").status == .notFound)
            #expect(
                try await browser.post("/certificates/\(certificate.id)/revoke", ["csrf": csrf, "reason": "issued-in-error"]).status
                    == .notFound)
            // By uploading an event with the same ID over it.
            let upload = try await browser.postMultipart(
                "/events", fields: ["csrf": csrf],
                files: [
                    "event": try ConsoleHarness.exampleFile("event.yaml"),
                    "attendance": ("other.csv", Array("full_name,email,minutes_attended\nBartek,bartek@example.org,210\n".utf8)),
                ])
            #expect(upload.status == .unprocessableContent)
            #expect(upload.body.contains("is not yours"))
            #expect(try await harness.registry.event(id: "county-lines-2020")?.ownerID == owner.id)
            #expect(try await harness.registry.event(id: "county-lines-2020")?.attendanceFileName == "attendance.csv")
            #expect(try await harness.registry.jobs(eventID: "county-lines-2020").isEmpty)
            #expect(try await harness.registry.certificate(id: certificate.id)?.status == .valid)
        }
        // The owner can.
        try await harness.test { browser in
            try await browser.signIn("siobhan.owner@example.org")
            #expect(try await browser.get("/events/county-lines-2020").status == .ok)
            #expect(try await browser.get("/certificates/\(certificate.id)").status == .ok)
        }
    }

    @Test func theSixthWrongPasswordLocksTheAccountWithAClearMessage() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        try await harness.account("ngozi.admin@example.org", .admin)
        try await harness.test { browser in
            for attempt in 1...5 {
                let page = try await browser.signIn("ngozi.admin@example.org", password: "wrong password \(attempt)")
                #expect(page.status == .unauthorized, "attempt \(attempt)")
                #expect(page.body.contains("is not right"))
            }
            let sixth = try await browser.signIn("ngozi.admin@example.org", password: "wrong password 6")
            #expect(sixth.status == .tooManyRequests)
            #expect(sixth.body.contains("This account is locked after too many wrong passwords, until"))
            // The right password does not open a locked account.
            let right = try await browser.signIn("ngozi.admin@example.org")
            #expect(right.status == .tooManyRequests)
            #expect(browser.cookies["cpdcert_session"] == nil)
        }
        let account = try #require(try await harness.registry.account(email: "ngozi.admin@example.org"))
        let until = try #require(account.lockedUntil)
        #expect(until.timeIntervalSinceNow > 14 * 60 && until.timeIntervalSinceNow <= 15 * 60)
        #expect(try await harness.registry.actions(limit: 10).contains { $0.action == "account.locked" })
    }

    @Test func manyAccountsTriedFromOneAddressAreThrottled() async throws {
        let harness = try ConsoleHarness { $0.addressFailures = 8 }
        defer { harness.cleanUp() }
        try await harness.account("real.person@example.org", .organiser)
        try await harness.test { browser in
            for index in 1...8 {
                #expect(try await browser.signIn("guess\(index)@example.org", password: "password\(index)").status == .unauthorized)
            }
            let refused = try await browser.signIn("real.person@example.org")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.body.contains("Too many failed sign-ins from your address"))
        }
    }

    @Test func theSessionCookieIsHttpOnlySameSiteStrictSecureAndExpires() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        try await harness.account("ada.admin@example.org", .admin)
        try await harness.test { browser in
            let page = try await browser.signIn("ada.admin@example.org")
            #expect(page.status == .seeOther)
            let cookie = try #require(browser.lastSetCookies.first { $0.hasPrefix("cpdcert_session=") })
            let attributes = Set(cookie.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
            #expect(attributes.contains("httponly"), "\(cookie)")
            #expect(attributes.contains("samesite=strict"), "\(cookie)")
            #expect(attributes.contains("secure"), "\(cookie)")
            #expect(attributes.contains("max-age=28800"), "\(cookie)")
            #expect(attributes.contains("path=/"), "\(cookie)")
        }
    }

    @Test func theSessionIsNewAtEverySignInAndDeadAfterSignOut() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        try await harness.account("ada.admin@example.org", .admin)
        try await harness.test { browser in
            try await browser.signIn("ada.admin@example.org")
            let first = try #require(browser.cookies["cpdcert_session"])
            try await browser.signIn("ada.admin@example.org")
            let second = try #require(browser.cookies["cpdcert_session"])
            #expect(first != second)
            // The session the second sign-in replaced is gone from the store.
            browser.cookies["cpdcert_session"] = first
            #expect(try await browser.get("/").status == .seeOther)
            browser.cookies["cpdcert_session"] = second
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(try await browser.post("/logout", ["csrf": home.csrf ?? ""]).status == .seeOther)
            #expect(browser.cookies["cpdcert_session"] == nil, "the browser is told to drop the cookie")
            // Replayed after sign-out, the old cookie opens nothing: the session is gone server-side.
            browser.cookies["cpdcert_session"] = second
            let after = try await browser.get("/")
            #expect(after.status == .seeOther)
            #expect(after.headers[.location] == "/login")
        }
    }

    @Test func passwordsAndTokensAreNeverInTheRegistryInPlainText() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        let (account, link) = try await ConsoleAccounts.add(
            email: "ada.admin@example.org", role: .admin, store: harness.registry, lifetime: 3600, by: "test", now: Date())
        _ = account
        try await harness.test { browser in
            let form = try await browser.get("/set-password?token=\(link)")
            #expect(form.status == .ok)
            let set = try await browser.post(
                "/set-password", ["csrf": form.csrf ?? "", "token": link, "password": ConsoleHarness.password])
            #expect(set.status == .seeOther)
            // The link works once.
            let again = try await browser.post(
                "/set-password", ["csrf": form.csrf ?? "", "token": link, "password": "another long password"])
            #expect(again.status == .gone)
            try await browser.signIn("ada.admin@example.org")
            let session = try #require(browser.cookies["cpdcert_session"])
            let csrf = try await browser.csrf()
            // Every byte of the registry file and its WAL, as text.
            let files = ["cpdcert.sqlite", "cpdcert.sqlite-wal"].map { harness.folder.appendingPathComponent($0) }
            let bytes = try files.filter { FileManager.default.fileExists(atPath: $0.path) }.map { try Data(contentsOf: $0) }.reduce(
                Data(), +)
            for secret in [ConsoleHarness.password, link, session, csrf] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "a secret is in the registry as it is")
            }
            #expect(bytes.range(of: Data(ConsoleSecrets.hash(session).utf8)) != nil, "the session is kept as its hash")
            let stored = try #require(try await harness.registry.account(email: "ada.admin@example.org")?.passwordHash)
            #expect(stored.hasPrefix("$2b$04$"))
        }
    }

    @Test func anUploadOverTheLimitIsRefusedBeforeItIsRead() async throws {
        let harness = try ConsoleHarness { $0.maxUploadBytes = 4096 }
        defer { harness.cleanUp() }
        try await harness.account("ada.admin@example.org", .admin)
        try await harness.test { browser in
            try await browser.signIn("ada.admin@example.org")
            let csrf = try await browser.csrf()
            let page = try await browser.postMultipart(
                "/events", fields: ["csrf": csrf], files: ["attendance": ("big.csv", Array(repeating: 65, count: 10_000))])
            #expect(page.status == .contentTooLarge)
        }
    }

    @Test func aScriptInAnEventTitleIsEscaped() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        let admin = try await harness.account("ada.admin@example.org", .admin)
        try await harness.exampleEvent(owner: admin, title: "<script>alert(1)</script> County Lines")
        try await harness.test { browser in
            try await browser.signIn("ada.admin@example.org")
            for path in ["/", "/events/county-lines-2020"] {
                let page = try await browser.get(path)
                #expect(page.status == .ok)
                #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; County Lines"), "\(path)")
                #expect(!page.body.contains("<script>"), "\(path)")
            }
        }
    }

    @Test func everyPageCarriesTheSecurityHeaders() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        try await harness.account("ada.admin@example.org", .admin)
        try await harness.test { browser in
            for path in ["/login", "/"] {
                if path == "/" { try await browser.signIn("ada.admin@example.org") }
                let page = try await browser.get(path)
                #expect(page.status == .ok)
                #expect(page.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
                #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                #expect(page.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                #expect(page.headers[.xContentTypeOptions] == "nosniff")
                #expect(page.headers[.cacheControl] == "no-store")
            }
        }
    }

    @Test func theConsoleServesNoneOfTheVerificationRoutes() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        try await harness.account("ada.admin@example.org", .admin)
        let certificate = try await harness.certificate()
        try await harness.test { browser in
            try await browser.signIn("ada.admin@example.org")
            for path in ["/c/\(certificate.id)", "/api/v1/certificates/\(certificate.id)", "/check", "/openapi.yaml", "/healthz"] {
                #expect(try await browser.get(path).status == .notFound, "\(path)")
            }
        }
    }
}
