import CPDConsole
import CPDCore
import CPDRegistry
import CPDTestSupport
import Foundation
import HTTPTypes
import Testing
import Yams

/// "Add an event" by form, and `POST /api/v1/admin/events`: the fields of event.yaml, checked by
/// the same loader as an uploaded event.yaml, each problem beside its field.
@Suite struct ConsoleEventFormTests {
    /// The example event.yaml's values as the form's fields.
    static func exampleForm() throws -> [String: String] {
        let (_, bytes) = try ConsoleHarness.exampleFile("event.yaml")
        let root = try #require(try Yams.compose(yaml: String(decoding: bytes, as: UTF8.self)))
        func text(_ keys: String...) -> String {
            var node: Node? = root
            for key in keys { node = node?[key] }
            return node?.string ?? ""
        }
        return [
            "id": text("id"), "title": text("title"), "organiser_name": text("organiser", "name"),
            "organiser_url": text("organiser", "url"), "format": text("format"), "time_zone": text("schedule", "time_zone"),
            "start": text("schedule", "start"), "end": text("schedule", "end"), "cpd_hours": text("cpd_hours"),
            "learning_outcomes": (root["learning_outcomes"]?.sequence ?? []).compactMap(\.string).joined(separator: "\r\n"),
            "signatory_name": text("signatory", "name"), "signatory_role": text("signatory", "role"),
            "base_url": text("verification", "base_url"), "template": text("template"),
            "minimum_fraction": text("attendance", "minimum_fraction"),
        ]
    }

    /// Signs in as `email` and posts `form` with the example report to the form's address.
    static func submit(_ form: [String: String], as email: String, with browser: Browser) async throws -> Browser.Page {
        try await browser.signIn(email)
        var form = form
        form["csrf"] = try await browser.csrf()
        return try await browser.postMultipart(
            "/events/new", fields: form, files: ["attendance": try ConsoleHarness.exampleFile("attendance.csv")])
    }

    @Test func theFormComesBackWithEachProblemBesideItsFieldAndEveryValueKept() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        try await harness.account("gwenllian.owner@example.org", .organiser)
        var form = try Self.exampleForm()
        form["title"] = ""
        form["start"] = "soon"
        form["minimum_fraction"] = "2"
        form["organiser_name"] = "<script>alert(1)</script> Foresight"
        try await harness.test { [form] browser in
            try await browser.signIn("gwenllian.owner@example.org")
            let blank = try await browser.get("/events/new")
            #expect(blank.status == .ok)
            for field in ["id", "title", "organiser_name", "start", "end", "learning_outcomes", "minimum_fraction", "minimum_minutes"] {
                #expect(blank.body.contains("<label for=\"f-\(field)\">"), "\(field) has a label")
            }
            let page = try await Self.submit(form, as: "gwenllian.owner@example.org", with: browser)
            #expect(page.status == .unprocessableContent)
            let expected = [
                ("title", "&#39;title&#39; is missing; give the title as it should be printed"),
                ("start", "&#39;schedule.start&#39; must be a local date and time like 2020-09-16T10:00, found &#39;soon&#39;"),
                ("minimum_fraction", "&#39;attendance.minimum_fraction&#39; must be a number between 0 and 1, found &#39;2&#39;"),
            ]
            for (field, message) in expected {
                #expect(page.body.contains("<span class=\"problem\" id=\"f-\(field)-problem\">\(message)</span>"), "\(field): \(page.body)")
                #expect(page.body.contains("aria-invalid=\"true\""))
            }
            #expect(
                page.body.contains(
                    "id=\"f-start\" name=\"start\" type=\"text\" value=\"soon\" aria-invalid=\"true\" aria-describedby=\"f-start-hint f-start-problem\""
                ))
            #expect(page.body.contains("aria-describedby=\"f-title-problem\""))
            #expect(!page.body.contains("id=\"f-end-problem\""), "a good field has no problem")
            #expect(page.body.contains("value=\"\(form["signatory_role"] ?? "")\""), "values are kept")
            #expect(page.body.contains("Recognise how adverse childhood experiences (ACEs) raise vulnerability"), "outcomes are kept")
            #expect(page.body.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt; Foresight\""))
            #expect(!page.body.contains("<script>"))
        }
        #expect(try await harness.registry.events().isEmpty)
    }

    @Test func aFilledInFormAddsTheEventTheExampleFileDefinesAndShowsItsReview() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        let owner = try await harness.account("gwenllian.owner@example.org", .organiser)
        let form = try Self.exampleForm()
        try await harness.test { browser in
            let added = try await Self.submit(form, as: "gwenllian.owner@example.org", with: browser)
            #expect(added.status == .seeOther, "\(added.body)")
            #expect(added.headers[.location] == "/events/county-lines-2020")
            let review = try await browser.get("/events/county-lines-2020")
            #expect(review.status == .ok)
            #expect(review.body.contains("Issue "), "the review offers the batch")
        }
        let stored = try #require(try await harness.registry.event(id: "county-lines-2020"))
        #expect(stored.ownerID == owner.id)
        let fromFile = try ConsoleWorkshop.event(Data(try ConsoleHarness.exampleFile("event.yaml").1))
        #expect(try ConsoleWorkshop.event(stored.definition) == fromFile, "the form's event is the file's")
        #expect(try await harness.registry.actions(limit: 5).contains { $0.action == "event.form" && $0.subject == "county-lines-2020" })
    }

    /// The two-session course example's values as the form's fields, the sessions one a line
    /// written three ways an organiser might.
    static func courseForm() -> [String: String] {
        [
            "id": "county-lines-course-2020", "title": "Disrupting County Lines: A Two-Day Practitioner Course",
            "organiser_name": "Policy Foresight", "organiser_url": "https://policyforesight.example.org",
            "format": "Live online course (two sessions)", "time_zone": "Europe/London",
            "sessions": "2020-09-16, 09:30 to 12:30\r\n\r\n  2020-09-17 09:30–12:30  ",
            "learning_outcomes":
                "Describe how county lines operations recruit and control children\r\nApply contextual safeguarding to a case outside the home",
            "signatory_name": "Dr Helena Marsh", "signatory_role": "Programme Director, Policy Foresight",
            "base_url": "https://verify.example.org/c/", "template": "classic", "minimum_fraction": "0.75", "per_session": "yes",
        ]
    }

    @Test func anEventOfSeveralSessionsIsAddedByTheFormAsItsExampleFileDefinesIt() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        try await harness.account("gwenllian.owner@example.org", .organiser)
        try await harness.test { browser in
            let blank = try await browser.get("/events/new")
            #expect(blank.status == .seeOther, "signed out")
            try await browser.signIn("gwenllian.owner@example.org")
            let form = try await browser.get("/events/new")
            #expect(form.body.contains("<label for=\"f-sessions\">"))
            #expect(form.body.contains("id=\"f-per_session\" name=\"per_session\" type=\"checkbox\" value=\"yes\">"))
            let added = try await Self.submit(Self.courseForm(), as: "gwenllian.owner@example.org", with: browser)
            #expect(added.status == .seeOther, "\(added.body)")
            #expect(added.headers[.location] == "/events/county-lines-course-2020")
        }
        let stored = try #require(try await harness.registry.event(id: "county-lines-course-2020"))
        let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-course-2020/event.yaml")
        let fromFile = try ConsoleWorkshop.event(try Data(contentsOf: example))
        let fromForm = try ConsoleWorkshop.event(stored.definition)
        #expect(fromForm == fromFile, "the form's event is the file's")
        #expect(fromForm.sessions.count == 2)
    }

    @Test func aSessionLineThatCannotBeReadAndSessionsBesideStartAndEndAreSaidBesideTheirFields() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        try await harness.account("gwenllian.owner@example.org", .organiser)
        var form = Self.courseForm()
        form["sessions"] = "2020-09-16 09:30-12:30\r\n17 September from half nine until half twelve"
        form["per_session"] = nil
        var beside = Self.courseForm()
        beside["start"] = "2020-09-16T09:30"
        try await harness.test { [form, beside] browser in
            let unreadable = try await Self.submit(form, as: "gwenllian.owner@example.org", with: browser)
            #expect(unreadable.status == .unprocessableContent)
            #expect(
                unreadable.body.contains("<span class=\"problem\" id=\"f-sessions-problem\">&#39;schedule.sessions[1]"),
                "\(unreadable.body)")
            #expect(!unreadable.body.contains("schedule.sessions[0]"), "09:30-12:30 is read as a start and an end")
            #expect(unreadable.body.contains("17 September from half nine until half twelve</textarea>"), "the lines are kept")
            #expect(unreadable.body.contains("id=\"f-per_session\" name=\"per_session\" type=\"checkbox\" value=\"yes\">"), "left unticked")
            let both = try await Self.submit(beside, as: "gwenllian.owner@example.org", with: browser)
            #expect(both.status == .unprocessableContent)
            #expect(
                both.body.contains(
                    "<span class=\"problem\" id=\"f-start-problem\">&#39;schedule.start&#39; must not be given beside schedule.sessions"),
                "\(both.body)")
            #expect(both.body.contains("value=\"yes\" checked"), "the ticked box stays ticked")
        }
        #expect(try await harness.registry.events().isEmpty)
    }

    @Test func aScriptInATitleGivenByTheFormIsEscapedOnEveryPage() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        try await harness.account("ada.admin@example.org", .admin)
        var form = try Self.exampleForm()
        form["title"] = "<script>alert(1)</script> County Lines"
        try await harness.test { [form] browser in
            let added = try await Self.submit(form, as: "ada.admin@example.org", with: browser)
            #expect(added.status == .seeOther, "\(added.body)")
            for path in ["/", "/events/county-lines-2020"] {
                let page = try await browser.get(path)
                #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; County Lines"), "\(path)")
                #expect(!page.body.contains("<script>"), "\(path)")
            }
        }
    }

    /// The API's body: the example event as JSON, with `change` applied, and the example report.
    static func apiBody(_ change: (inout [String: Any]) -> Void = { _ in }) throws -> String {
        let (_, bytes) = try ConsoleHarness.exampleFile("event.yaml")
        let root = try #require(try Yams.compose(yaml: String(decoding: bytes, as: UTF8.self)))
        func plain(_ node: Node) -> Any {
            if let mapping = node.mapping {
                return Dictionary(uniqueKeysWithValues: mapping.map { ($0.key.string ?? "", plain($0.value)) })
            }
            if let sequence = node.sequence { return sequence.map(plain) }
            return node.string ?? ""
        }
        var event = try #require(plain(root) as? [String: Any])
        change(&event)
        let report = String(decoding: try ConsoleHarness.exampleFile("attendance.csv").1, as: UTF8.self)
        let body: [String: Any] = ["event": event, "attendance": ["file_name": "attendance.csv", "content": report]]
        return String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
    }

    @Test func theAPIAddsAnEventOrSaysEveryProblemAndRefusesAnAuditor() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        let owner = try await harness.account("gwenllian.owner@example.org", .organiser)
        let auditor = try await harness.account("aoife.auditor@example.org", .auditor)
        let ownerToken = try await ConsoleAPITests().token(for: owner, in: harness)
        let auditorToken = try await ConsoleAPITests().token(for: auditor, in: harness)
        let good = try Self.apiBody()
        let bad = try Self.apiBody { event in
            event["title"] = nil
            event["schedule"] = ["time_zone": "Europe/London", "start": "soon", "end": "2020-09-16T13:30"]
        }
        try await harness.test { browser in
            let api = ConsoleAPITests()
            let refused = try await api.call(browser, .post, "/api/v1/admin/events", token: auditorToken, json: good)
            #expect(refused.status == .forbidden)
            #expect(try await harness.registry.events().isEmpty)

            let invalid = try await api.call(browser, .post, "/api/v1/admin/events", token: ownerToken, json: bad)
            #expect(invalid.status == .unprocessableContent)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(invalid.body.utf8)) as? [String: Any])
            let problems = try #require(document["problems"] as? [[String: String]])
            #expect(problems.map { $0["path"] ?? "" } == ["event.title", "event.schedule.start"], "\(problems)")
            #expect(problems.first?["message"] == "'title' is missing; give the title as it should be printed")
            #expect(try await harness.registry.events().isEmpty)

            let created = try await api.call(browser, .post, "/api/v1/admin/events", token: ownerToken, json: good)
            #expect(created.status == .created, "\(created.body)")
            let review = try #require(try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any])
            #expect(review["id"] as? String == "county-lines-2020")
            #expect((review["due"] as? Int ?? 0) > 0)
        }
        let stored = try #require(try await harness.registry.event(id: "county-lines-2020"))
        #expect(stored.ownerID == owner.id)
        #expect(try ConsoleWorkshop.event(stored.definition) == ConsoleWorkshop.event(Data(try ConsoleHarness.exampleFile("event.yaml").1)))
    }

    @Test func anEventNamingATemplateTheConsoleCannotDrawWithIsRefusedWhenItComesIn() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        let owner = try await harness.account("gwenllian.owner@example.org", .organiser)
        let token = try await ConsoleAPITests().token(for: owner, in: harness)
        let traversal = "../../../etc/passwd"
        let message = "the console has no template &#39;../../../etc/passwd&#39;; name one of: classic"
        var form = try Self.exampleForm()
        form["template"] = traversal
        let definition = String(decoding: try ConsoleHarness.exampleFile("event.yaml").1, as: UTF8.self)
            .replacingOccurrences(of: "template: classic", with: "template: \(traversal)")
        try #require(definition.contains("template: \(traversal)"))
        try await harness.test { [form] browser in
            // The form: the problem beside the template field.
            let page = try await Self.submit(form, as: "gwenllian.owner@example.org", with: browser)
            #expect(page.status == .unprocessableContent)
            #expect(page.body.contains("<span class=\"problem\" id=\"f-template-problem\">\(message)</span>"), "\(page.body)")
            // The upload of an event.yaml: the problem beside the event file.
            let upload = try await browser.postMultipart(
                "/events", fields: ["csrf": try await browser.csrf()],
                files: [
                    "event": ("event.yaml", Array(definition.utf8)), "attendance": try ConsoleHarness.exampleFile("attendance.csv"),
                ])
            #expect(upload.status == .unprocessableContent)
            #expect(upload.body.contains(message), "\(upload.body)")
            // The API: 422 with the problem at event.template.
            let api = try await ConsoleAPITests().call(
                browser, .post, "/api/v1/admin/events", token: token, json: try Self.apiBody { $0["template"] = traversal })
            #expect(api.status == .unprocessableContent)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(api.body.utf8)) as? [String: Any])
            let problems = try #require(document["problems"] as? [[String: String]])
            #expect(problems.map { $0["path"] ?? "" } == ["event.template"], "\(problems)")
        }
        #expect(try await harness.registry.events().isEmpty)
    }
}
