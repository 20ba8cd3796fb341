import CPDConsole
import CPDCore
import CPDRegistry
import CPDTestSupport
import Foundation
import HTTPTypes
import Testing

/// Several attendance files for one console event, as `cpdcert issue --attendance A --attendance
/// B --roster R --aliases L` reads them: the fixtures of Tests/CPDImportTests/Fixtures/sources
/// (their README works out who qualifies by hand). Siân qualifies only with her telephone
/// dial-in (150 + 30 minutes), which names her without an address, so only with the
/// registration list; Dafydd only with his two addresses linked.
@Suite struct ConsoleFilesTests {
    static func fixture(_ name: String) throws -> (String, [UInt8]) {
        let url = Samples.packageRoot.appendingPathComponent("Tests/CPDImportTests/Fixtures/sources/\(name)")
        return (name, Array(try Data(contentsOf: url)))
    }

    /// The example event with the Zoom webinar report as its first file, owned by `owner`.
    static func zoomEvent(_ harness: ConsoleHarness, owner: ConsoleAccount) async throws {
        try await harness.registry.saveEvent(
            ConsoleEvent(
                eventID: "county-lines-2020", ownerID: owner.id, definition: Data(try ConsoleHarness.exampleFile("event.yaml").1),
                attendance: Data(try fixture("zoom-webinar.csv").1), attendanceFileName: "zoom-webinar.csv", createdAt: Date()))
    }

    /// The names the event's page lists as eligible.
    static func eligible(_ page: String) -> String {
        guard let start = page.range(of: "<h3>Eligible"), let end = page.range(of: "<h3>Not eligible") else { return "" }
        return String(page[start.lowerBound..<end.lowerBound])
    }

    @Test func filesAddedBesideTheReportAreReadWithItAndWhoQualifiesIsWorkedOutAgain() async throws {
        let harness = try ConsoleHarness(drawing: true)
        defer { harness.cleanUp() }
        let owner = try await harness.account("gwenllian.owner@example.org", .organiser)
        try await Self.zoomEvent(harness, owner: owner)
        try await harness.test { browser in
            try await browser.signIn("gwenllian.owner@example.org")
            func add(_ kind: String, _ name: String) async throws -> Browser.Page {
                try await browser.postMultipart(
                    "/events/county-lines-2020/files", fields: ["csrf": try await browser.csrf(), "kind": kind],
                    files: ["file": try Self.fixture(name)])
            }
            let before = try await browser.get("/events/county-lines-2020")
            #expect(before.body.contains("<li><bdi>zoom-webinar.csv</bdi> (attendance report)</li>"))
            #expect(!Self.eligible(before.body).contains("Siân Llywelyn"), "150 minutes on Zoom alone")

            // Names without addresses need the registration list first, and the console says how to add it.
            let early = try await add("attendance", "phone-dial-ins.csv")
            #expect(early.status == .unprocessableContent)
            #expect(
                early.body.contains("as a file of this event (a registration list, added before the reports that need it)"), "\(early.body)"
            )
            #expect(!early.body.contains("--roster"))
            #expect(try await add("roster", "eventbrite-attendees.csv").status == .seeOther)
            #expect(try await add("attendance", "phone-dial-ins.csv").status == .seeOther)
            let withRoster = try await browser.get("/events/county-lines-2020")
            #expect(Self.eligible(withRoster.body).contains("Siân Llywelyn"), "150 on Zoom and 30 by telephone")
            #expect(!Self.eligible(withRoster.body).contains("Dafydd ap Gruffudd"))
            #expect(withRoster.body.contains("Alex Morgan"), "the ambiguous dial-in is among the rejected rows, naming both bookings")

            #expect(try await add("attendance", "phone-with-email.csv").status == .seeOther)
            #expect(try await add("aliases", "aliases.csv").status == .seeOther)
            let all = try await browser.get("/events/county-lines-2020")
            #expect(Self.eligible(all.body).contains("Dafydd ap Gruffudd"), "his two addresses are one person")
            for file in [
                "phone-dial-ins.csv</bdi> (attendance report)", "eventbrite-attendees.csv</bdi> (registration list)",
                "aliases.csv</bdi> (linked addresses)",
            ] {
                #expect(all.body.contains(file), "\(file)")
            }

            // What cannot be added is said beside the file field, and nothing changes.
            for (kind, file, says) in [
                ("roster", "eventbrite-attendees.csv", "This event has a registration list already (eventbrite-attendees.csv)"),
                ("attendance", "phone-dial-ins.csv", "The event has a file named phone-dial-ins.csv already"),
            ] {
                let refused = try await add(kind, file)
                #expect(refused.status == .unprocessableContent)
                #expect(refused.body.contains("<span class=\"problem\" id=\"added-file-problem\">\(says)"), "\(refused.body)")
            }
            let again = try await browser.postMultipart(
                "/events/county-lines-2020/files", fields: ["csrf": try await browser.csrf(), "kind": "attendance"],
                files: ["file": ("zoom-again.csv", try Self.fixture("zoom-webinar.csv").1)])
            #expect(again.status == .unprocessableContent)
            #expect(again.body.contains("zoom-again.csv: the same bytes as zoom-webinar.csv; give each attendance file once"))
            #expect(try await harness.registry.event(id: "county-lines-2020")?.files.count == 4)
            // A new upload of the event is read with its added files: a first report that is one of them is refused.
            let reupload = try await browser.postMultipart(
                "/events", fields: ["csrf": try await browser.csrf()],
                files: ["event": try ConsoleHarness.exampleFile("event.yaml"), "attendance": try Self.fixture("phone-with-email.csv")])
            #expect(reupload.status == .unprocessableContent)
            #expect(reupload.body.contains("phone-with-email.csv: the same bytes as phone-with-email.csv"), "\(reupload.body)")
            #expect(try await harness.registry.event(id: "county-lines-2020")?.attendanceFileName == "zoom-webinar.csv")

            // Issued from every file. The roster stays while a report needs it.
            #expect(try await browser.post("/events/county-lines-2020/issue", ["csrf": try await browser.csrf()]).status == .seeOther)
            await harness.jobs.drain()
            let names = Set(try await harness.registry.certificates(eventID: "county-lines-2020").map(\.content.attendeeName))
            #expect(names.isSuperset(of: ["Siân Llywelyn", "Dafydd ap Gruffudd", "Nguyễn Thị Hằng", "Aoife Ní Bhriain"]), "\(names)")
            func remove(_ index: Int) async throws -> Browser.Page {
                try await browser.post("/events/county-lines-2020/files/\(index)/remove", ["csrf": try await browser.csrf()])
            }
            let needed = try await remove(0)
            #expect(needed.status == .unprocessableContent, "the dial-ins need the roster")
            #expect(needed.body.contains("Without eventbrite-attendees.csv the event&#39;s files cannot be read"), "\(needed.body)")
            #expect(try await remove(1).status == .seeOther)
            #expect(try await remove(0).status == .seeOther)
            let kept = try #require(try await harness.registry.event(id: "county-lines-2020"))
            #expect(kept.files.map(\.name) == ["phone-with-email.csv", "aliases.csv"])
            #expect(
                try await browser.post("/events/county-lines-2020/files/9/remove", ["csrf": try await browser.csrf()]).status == .notFound)
            let activity = try await harness.registry.actions(limit: 20)
            #expect(activity.contains { $0.action == "event.file" && $0.detail == "roster: eventbrite-attendees.csv" })
            #expect(activity.contains { $0.action == "event.file.remove" && $0.detail == "roster: eventbrite-attendees.csv" })
        }
    }

    @Test func onlyThoseWhoMayChangeTheEventAddOrRemoveItsFiles() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        let owner = try await harness.account("gwenllian.owner@example.org", .organiser)
        try await harness.account("bartek.other@example.org", .organiser)
        let auditor = try await harness.account("aoife.auditor@example.org", .auditor)
        try await Self.zoomEvent(harness, owner: owner)
        let token = try await harness.apiToken(for: auditor)
        try await harness.test { browser in
            for (email, status) in [("bartek.other@example.org", HTTPResponse.Status.notFound), ("aoife.auditor@example.org", .forbidden)] {
                try await browser.signIn(email)
                let csrf = try await browser.csrf()
                let added = try await browser.postMultipart(
                    "/events/county-lines-2020/files", fields: ["csrf": csrf, "kind": "roster"],
                    files: ["file": try Self.fixture("eventbrite-attendees.csv")])
                #expect(added.status == status, "\(email)")
                #expect(try await browser.post("/events/county-lines-2020/files/0/remove", ["csrf": csrf]).status == status, "\(email)")
            }
            let api = try await browser.request(
                "/api/v1/admin/events/county-lines-2020/files", method: .post,
                headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                body: Array(#"{"kind": "roster", "file_name": "r.csv", "content": "First Name,Last Name,Email\n"}"#.utf8))
            #expect(api.status == .forbidden)
        }
        #expect(try await harness.registry.event(id: "county-lines-2020")?.files.isEmpty == true)
    }

    @Test func theAPIAddsAFileAndAnswersWithTheReviewFromEveryFile() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        let owner = try await harness.account("gwenllian.owner@example.org", .organiser)
        try await Self.zoomEvent(harness, owner: owner)
        let token = try await harness.apiToken(for: owner)
        try await harness.test { browser in
            func add(_ kind: String, _ name: String) async throws -> Browser.Page {
                let body: [String: Any] = [
                    "kind": kind, "file_name": name, "content": String(decoding: try Self.fixture(name).1, as: UTF8.self),
                ]
                return try await browser.request(
                    "/api/v1/admin/events/county-lines-2020/files", method: .post,
                    headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                    body: Array(try JSONSerialization.data(withJSONObject: body)))
            }
            func due(_ page: Browser.Page) throws -> Int {
                try #require((try JSONSerialization.jsonObject(with: Data(page.body.utf8)) as? [String: Any])?["due"] as? Int)
            }
            let first = try await add("roster", "eventbrite-attendees.csv")
            #expect(first.status == .created, "\(first.body)")
            let second = try await add("attendance", "phone-dial-ins.csv")
            #expect(second.status == .created, "\(second.body)")
            #expect(try due(second) > (try due(first)), "the dial-ins, identified by the roster, make Siân qualify")
            let twice = try await add("roster", "eventbrite-attendees.csv")
            #expect(twice.status == .unprocessableContent)
            #expect(twice.body.contains(#""path":"file""#))
            let bad = try await add("minutes", "phone-with-email.csv")
            #expect(bad.status == .badRequest)
        }
    }
}
