import CPDConsole
import CPDCore
import Foundation
import HTTPTypes
import Testing

/// The event page's preview: a sample certificate drawn with the event's template, for whoever may see the event.
@Suite struct ConsolePreviewTests {
    @Test func thePreviewIsThePictureOfTheEventsSampleForThoseWhoMaySeeIt() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        let owner = try await harness.account("gwenllian.owner@example.org", .organiser)
        try await harness.account("bartek.other@example.org", .organiser)
        try await harness.account("aoife.auditor@example.org", .auditor)
        try await harness.exampleEvent(owner: owner)
        let expected = String(
            decoding: ConsoleHarness.samplePicture(
                try ConsoleWorkshop.event(
                    Data(try ConsoleHarness.exampleFile("event.yaml").1))), as: UTF8.self)
        #expect(expected.hasSuffix("sample of county-lines-2020 with classic"))
        try await harness.test { browser in
            #expect(try await browser.get("/events/county-lines-2020/preview.png").status == .seeOther, "signed out: to the sign-in page")

            try await browser.signIn("gwenllian.owner@example.org")
            let page = try await browser.get("/events/county-lines-2020")
            #expect(
                page.body.contains(
                    "<img class=\"preview\" src=\"/events/county-lines-2020/preview.png\" alt=\"A sample certificate of this event as its template draws it"
                ))
            #expect(page.body.contains("(Template: classic)\">"))
            let picture = try await browser.get("/events/county-lines-2020/preview.png")
            #expect(picture.status == .ok)
            #expect(picture.headers[.contentType] == "image/png")
            #expect(picture.body == expected)

            try await browser.signIn("aoife.auditor@example.org")
            let seen = try await browser.get("/events/county-lines-2020/preview.png")
            #expect(seen.status == .ok)
            #expect(seen.body == expected)

            try await browser.signIn("bartek.other@example.org")
            #expect(try await browser.get("/events/county-lines-2020/preview.png").status == .notFound)
            #expect(try await browser.get("/events/no-such-event/preview.png").status == .notFound)
        }
    }

}
