import CPDCore
import CPDTestSupport
import Foundation
import Testing

@Suite struct ComposerTests {
    @Test func printedValuesAreInTheEventsZoneAndBritishStyle() throws {
        let id = SeededIDGenerator().next()
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
}
