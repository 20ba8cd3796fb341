import CPDCore
import CPDImport
import CPDTestSupport
import Foundation
import Testing

@Suite struct EventLoaderTests {
    static let valid = """
        id: county-lines-2020
        title: "Tackling Child Criminal Exploitation: Disrupting County Lines and Associated Violence"
        organiser:
          name: Policy Foresight
          url: https://policyforesight.example.org
        format: Live webinar
        schedule:
          time_zone: Europe/London
          start: 2020-09-16T10:00
          end: 2020-09-16T13:30
        cpd_hours: 3.5
        learning_outcomes:
          - Describe the current scale of county lines
        signatory:
          name: Dr Helena Marsh
          role: Programme Director, Policy Foresight
        verification:
          base_url: https://verify.example.org/c/
        template: classic
        attendance:
          minimum_fraction: 0.75
        """

    func load(_ text: String) throws(ConfigurationError) -> Event {
        try EventLoader.load(Data(text.utf8), fileName: "event.yaml")
    }

    @Test func theExampleEventLoadsAsTheSampleDescribesIt() throws {
        let url = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020/event.yaml")
        let event = try EventLoader.load(try Data(contentsOf: url), fileName: "event.yaml")
        let sample = Samples.event
        #expect(event.id == sample.id)
        #expect(event.title == sample.title)
        #expect(event.start == sample.start)
        #expect(event.end == sample.end)
        #expect(event.liveSeconds == 210 * 60)
        #expect(event.cpdHours == 3.5)
        #expect(event.attendanceRule == .fractionOfLiveTime(0.75))
        #expect(event.learningOutcomes.count == 10)
        #expect(event.organiser == sample.organiser)
        #expect(event.signatory == sample.signatory)
    }

    @Test func startIsReadInTheEventsZone() throws {
        let event = try load(Self.valid)
        // 10:00 BST is 09:00 UTC.
        #expect(event.start == Date(timeIntervalSince1970: 1_600_246_800))
    }

    @Test(arguments: [
        (
            "  start: 2020-09-16T10:00", "  start: tomorrow",
            "event.yaml:9: 'schedule.start' must be a local date and time like 2020-09-16T10:00, found 'tomorrow'"
        ),
        (
            "  time_zone: Europe/London", "  time_zone: Europe/Atlantis",
            "event.yaml:8: 'schedule.time_zone' must be an IANA time zone such as Europe/London, found 'Europe/Atlantis'"
        ),
        ("  end: 2020-09-16T13:30", "  end: 2020-09-16T09:30", "event.yaml:10: 'schedule.end' must be after schedule.start"),
        (
            "  minimum_fraction: 0.75", "  minimum_fraction: 75",
            "event.yaml:21: 'attendance.minimum_fraction' must be a number between 0 and 1, found '75'"
        ),
        (
            "  minimum_fraction: 0.75", "  minimum_minutes: 0",
            "event.yaml:21: 'attendance.minimum_minutes' must be a whole number between 1 and 210, found '0'"
        ),
        ("cpd_hours: 3.5", "cpd_hours: lots", "event.yaml:11: 'cpd_hours' must be a number between 0.25 and 100, found 'lots'"),
        ("template: classic", "templte: classic", "event.yaml:19: 'templte' is not a known key here"),
        ("id: county-lines-2020", "id: county lines/2020", "event.yaml:1: 'id' must use only letters, digits"),
        (
            "  base_url: https://verify.example.org/c/", "  base_url: verify.example.org",
            "event.yaml:18: 'verification.base_url' must be a web address"
        ),
        ("  - Describe the current scale of county lines", "  -", "event.yaml:13: 'learning_outcomes[0]' must not be empty"),
        ("format: Live webinar", "format: [Live webinar", "event.yaml:7: is not valid YAML"),
    ])
    func eachMistakeIsReportedWithFileLineAndKey(original: String, replacement: String, message: String) throws {
        let text = Self.valid.replacingOccurrences(original, replacement)
        #expect(text != Self.valid)
        do {
            _ = try load(text)
            Issue.record("expected an error for \(replacement)")
        } catch {
            #expect(error.description.hasPrefix(message), "got: \(error.description)")
        }
    }

    @Test func aMissingKeySaysWhatToAdd() throws {
        let text = Self.valid.replacingOccurrences("format: Live webinar\n", "")
        #expect(
            throws: ConfigurationError(
                file: "event.yaml", line: 1, path: "format", message: "is missing; say how the event was delivered, e.g. Live webinar")
        ) {
            try load(text)
        }
    }
}
