import CPDCore
import CPDTestSupport
import Foundation
import Testing

@Suite struct ComposerTests {
    @Test func printedValuesAreInTheEventsZoneAndBritishStyle() throws {
        let id = SeededRandomSource().certificateID()
        let content = try CertificateComposer(event: Samples.event)
            .content(for: Samples.attendee("Siân Llywelyn", index: 1), id: id, issuedAt: FixedClock().now)
        #expect(content.eventDate == "Wednesday 16 September 2020")
        #expect(content.eventTimes == "10:00–13:30 BST")
        #expect(content.cpdHours == "3.5")
        #expect(content.issueDate == "29 November 2026")
        #expect(content.verificationURL == "https://verify.example.org/c/\(id)")
        #expect(content.placeholderValues["attendee.role_line"] == "Senior Social Worker, Harbourside Children's Services")
    }

    @Test(arguments: [(3.5, "3.5"), (2, "2"), (1.25, "1.25"), (0.75, "0.75"), (6.05, "6.05"), (10, "10")])
    func hoursAreShownWithoutTrailingZeros(hours: Double, text: String) {
        #expect(CertificateComposer.hoursText(hours) == text)
    }

    @Test func unknownTimeZoneIsAnError() {
        var event = Samples.event
        event.timeZoneIdentifier = "Europe/Atlantis"
        #expect(throws: EventError.unknownTimeZone("Europe/Atlantis")) { try CertificateComposer(event: event) }
    }

    @Test func datesAndHoursAreAlsoWrittenInEachLocaleATemplateAsksFor() throws {
        let content = try CertificateComposer(event: Samples.event, locales: ["cy", "fr"])
            .content(for: Samples.attendee("Siân Llywelyn", index: 1), id: SeededRandomSource().certificateID(), issuedAt: FixedClock().now)
        #expect(
            content.localized?["cy"]
                == LocalizedValues(eventDate: "Dydd Mercher, 16 Medi 2020", issueDate: "29 Tachwedd 2026", cpdHours: "3.5"))
        #expect(content.localized?["fr"]?.cpdHours == "3,5")
        #expect(content.localized?["fr"]?.issueDate == "29 novembre 2026")
        // A Welsh page's own placeholders are Welsh; English stays reachable with @en-GB.
        let welsh = content.placeholderValues(locale: "cy")
        #expect(welsh["event.date"] == "Dydd Mercher, 16 Medi 2020")
        #expect(welsh["certificate.issue_date"] == "29 Tachwedd 2026")
        #expect(welsh["event.date@en-GB"] == "Wednesday 16 September 2020")
        #expect(welsh["certificate.issue_date@cy"] == "29 Tachwedd 2026")
        #expect(content.placeholderValues["event.date"] == "Wednesday 16 September 2020")
    }

    @Test func contentFrozenBeforeLocalesExistedStillDecodesAndEncodesTheSame() throws {
        let content = Samples.certificate("Siân Llywelyn").content
        #expect(content.localized == nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let json = try encoder.encode(content)
        #expect(!String(decoding: json, as: UTF8.self).contains("localized"), "an en-GB certificate's frozen JSON does not change")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        #expect(try decoder.decode(CertificateContent.self, from: json) == content)
    }

    @Test func aSampleShowsTheEventWithAnIDThatNeverVerifies() throws {
        let sample = try SampleCertificate.content(event: Samples.event, locales: ["cy"])
        #expect(sample.attendeeName == SampleCertificate.attendeeName)
        #expect(sample.eventTitle == Samples.event.title)
        #expect(sample.certificateID == "SAMP-LE00-0000-0000-0000")
        #expect(sample.verificationURL == "https://verify.example.org/c/SAMP-LE00-0000-0000-0000")
        #expect(sample.issuedAt == Samples.event.end)
        #expect(sample.localized?["cy"]?.issueDate == "16 Medi 2020")
        #expect(throws: CertificateIDError.self) { try CertificateID(parsing: sample.certificateID) }
        #expect(try SampleCertificate.content(event: Samples.event, name: "Nguyễn Thị Hằng").attendeeName == "Nguyễn Thị Hằng")
    }
}

@Suite struct EventDayTests {
    @Test(arguments: ["2020-09-16", "2020-12-31", "2021-01-01", "2024-02-29", "1999-07-04"])
    func theISODayIsReadBackFromThePrintedEventDate(day: String) throws {
        var event = Samples.event
        let formatter = ISO8601DateFormatter()
        event.start = try #require(formatter.date(from: "\(day)T10:00:00+00:00"))
        event.end = event.start.addingTimeInterval(3600)
        let content = try CertificateComposer(event: event).content(
            for: Samples.attendee("Aoife Ní Bhriain", index: 1), id: SeededRandomSource().certificateID(), issuedAt: event.end)
        #expect(CertificateComposer.isoDay(ofEventDate: content.eventDate) == day, "\(content.eventDate)")
    }

    @Test(arguments: ["", "16 September 2020", "Wednesday 32 September 2020", "Wednesday 16 Septembre 2020", "Wednesday 16 September 20"])
    func anythingElseIsNotADay(text: String) {
        #expect(CertificateComposer.isoDay(ofEventDate: text) == nil)
    }
}
