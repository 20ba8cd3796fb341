import CPDCore
import CPDTestSupport
import Foundation
import Testing

@Suite struct EventDefinitionTests {
    let event = Samples.event

    @Test func theSameEventHasTheSameDefinitionAndItReadsBack() throws {
        let definition = EventDefinition(event)
        #expect(definition == EventDefinition(event))
        #expect(definition.sha256 == EventDefinition(event).sha256)
        #expect(definition.changes(to: EventDefinition(event)).isEmpty)
        #expect(EventDefinition(canonical: definition.canonical) == definition)
        #expect(EventDefinition(canonical: Array("{\"event_id\":1}".utf8)) == nil)
    }

    @Test(arguments: [
        ("title", "title: "),
        ("organiser", "organiser.name: "),
        ("url", "organiser.url: "),
        ("format", "format: "),
        ("start", "start: "),
        ("hours", "cpd_hours: "),
        ("outcomes", "learning_outcomes: "),
        ("signatory", "signatory.role: "),
        ("base", "verification.base_url: "),
        ("template", "template: "),
        ("rule", "attendance.minimum_fraction: "),
    ])
    func everyPrintedFieldAndTheRuleIsCompared(change: String, line: String) throws {
        var edited = event
        switch change {
        case "title": edited.title += " (repeat)"
        case "organiser": edited.organiser.name = "Cyngor Sir Ynys Môn"
        case "url": edited.organiser.url = "https://other.example.org/"
        case "format": edited.format = "In person"
        case "start": edited.start = edited.start.addingTimeInterval(86_400)
        case "hours": edited.cpdHours = 3
        case "outcomes": edited.learningOutcomes.append("Plan a safety response.")
        case "signatory": edited.signatory.role = "Director"
        case "base": edited.verificationBaseURL = "https://verify.example.net/c/"
        case "template": edited.templateName = "modern"
        default: edited.attendanceRule = .fractionOfLiveTime(0.8)
        }
        let changes = EventDefinition(event).changes(to: EventDefinition(edited))
        #expect(changes.count == 1, "\(changes)")
        #expect(changes.first?.hasPrefix(line) == true, "\(changes)")
        #expect(EventDefinition(event).sha256 != EventDefinition(edited).sha256)
    }

    @Test func aChangeIsShownAsTheOrganiserWroteIt() {
        var edited = event
        edited.title = "Tackling Child Criminal Exploitation: County Lines"
        edited.start = edited.start.addingTimeInterval(3600)
        let changes = EventDefinition(event).changes(to: EventDefinition(edited))
        #expect(changes.contains("title: '\(event.title)' -> 'Tackling Child Criminal Exploitation: County Lines'"))
        #expect(changes.contains("start: '2020-09-16T10:00:00+01:00' -> '2020-09-16T11:00:00+01:00'"), "\(changes)")
    }
}
