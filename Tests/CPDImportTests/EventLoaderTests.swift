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
            "event.yaml:18: 'verification.base_url' must be an https: URL, found 'verify.example.org'"
        ),
        ("  - Describe the current scale of county lines", "  -", "event.yaml:13: 'learning_outcomes[0]' must not be empty"),
        ("format: Live webinar", "format: [Live webinar", "event.yaml:7: is not valid YAML"),
    ])
    func eachMistakeIsReportedWithFileLineAndKey(original: String, replacement: String, message: String) {
        expectError(replacing: original, with: replacement, message)
    }

    /// Loads the valid event with `original` replaced and expects an error starting with `message`.
    func expectError(replacing original: String, with replacement: String, _ message: String) {
        let text = Self.valid.replacingOccurrences(original, replacement)
        #expect(text != Self.valid)
        do {
            _ = try load(text)
            Issue.record("expected an error for \(replacement.prefix(60))")
        } catch {
            #expect(error.description.hasPrefix(message), "got: \(error.description.prefix(300))")
        }
    }

    /// Every address the event carries is printed or linked on every certificate: only https:
    /// (or http:) with a host, nothing hidden in it.
    @Test(arguments: [
        (
            "  url: https://policyforesight.example.org", "  url: javascript:alert(1)",
            "event.yaml:5: 'organiser.url' must be an https: URL, found 'javascript:alert(1)'"
        ),
        (
            "  url: https://policyforesight.example.org", "  url: \"data:text/html,<script>alert(1)</script>\"",
            "event.yaml:5: 'organiser.url' must be an https: URL, found 'data:text/html,<script>alert(1)</script>'"
        ),
        (
            "  url: https://policyforesight.example.org", "  url: \"https://policyforesight.example.org/a b\"",
            "event.yaml:5: 'organiser.url' must be an https: URL without spaces or invisible characters, found U+0020"
        ),
        (
            "  url: https://policyforesight.example.org", "  url: \"https://policy\\u202Eforesight.example.org\"",
            "event.yaml:5: 'organiser.url' must be an https: URL without spaces or invisible characters, found U+202E in 'https://policy<U+202E>foresight.example.org'"
        ),
        (
            "  url: https://policyforesight.example.org", "  url: \"https://policy\\x1Bforesight.example.org\"",
            "event.yaml:5: 'organiser.url' must be an https: URL without spaces or invisible characters, found U+001B"
        ),
        (
            "  url: https://policyforesight.example.org", "  url: https:///path",
            "event.yaml:5: 'organiser.url' must be an https: URL with a host name"
        ),
        (
            "  base_url: https://verify.example.org/c/", "  base_url: https://evil.example@verify.example.org/c/",
            "event.yaml:18: 'verification.base_url' must be an https: URL without a user name before '@' (it hides the real host), found 'https://evil.example@verify.example.org/c/'"
        ),
        (
            "  base_url: https://verify.example.org/c/", "  base_url: \"https://evil.example:pw@verify.example.org/c/\"",
            "event.yaml:18: 'verification.base_url' must be an https: URL without a user name before '@'"
        ),
        (
            "  base_url: https://verify.example.org/c/", "  base_url: https://verify.example.org/c?id=",
            "event.yaml:18: 'verification.base_url' must not have a query ('?') or fragment ('#')"
        ),
        (
            "  base_url: https://verify.example.org/c/", "  base_url: ftp://verify.example.org/c/",
            "event.yaml:18: 'verification.base_url' must be an https: URL, found 'ftp://verify.example.org/c/'"
        ),
    ])
    func hostileAddressesAreRefusedNamingTheField(original: String, replacement: String, message: String) {
        expectError(replacing: original, with: replacement, message)
    }

    @Test func anHTTPAddressLoadsWithAWarningAndHTTPSWithNone() throws {
        let insecure = try load(Self.valid.replacingOccurrences("url: https://policy", "url: http://policy"))
        let warnings = EventLoader.warnings(insecure, fileName: "event.yaml")
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("event.yaml: 'organiser.url' is an http: address (http://policyforesight.example.org)") == true)
        #expect(EventLoader.warnings(try load(Self.valid), fileName: "event.yaml").isEmpty)
        #expect(try load(Self.valid.replacingOccurrences("url: https://", "url: HTTPS://")).organiser.url != nil)
    }

    @Test(arguments: ["https://verify.example.org/c", "https://verify.example.org/c/"])
    func theVerificationBaseEndsWithOneSlash(base: String) throws {
        let event = try load(Self.valid.replacingOccurrences("https://verify.example.org/c/", base))
        #expect(event.verificationBaseURL == "https://verify.example.org/c/")
        let id = try CertificateID(parsing: "16Q4-G4JX-DH22-73VX-RJ5M")
        #expect(event.verificationURL(for: id) == "https://verify.example.org/c/16Q4-G4JX-DH22-73VX-RJ5M")
    }

    /// A field far longer than any certificate prints fails at load, naming the field and the
    /// limit, instead of slowing the layout of every certificate.
    @Test(arguments: [
        (
            "title: \"Tackling", "title: \"\(String(repeating: "x", count: 100_000)) Tackling",
            "event.yaml:2: 'title' is 100086 characters long; the most is 300"
        ),
        (
            "  name: Policy Foresight", "  name: \(String(repeating: "P", count: 201))",
            "event.yaml:4: 'organiser.name' is 201 characters long; the most is 200"
        ),
        (
            "  name: Dr Helena Marsh", "  name: \(String(repeating: "H", count: 5000))",
            "event.yaml:15: 'signatory.name' is 5000 characters long"
        ),
        (
            "  role: Programme Director", "  role: \(String(repeating: "R", count: 300)) Programme Director",
            "event.yaml:16: 'signatory.role' is 337 characters long"
        ),
        (
            "format: Live webinar", "format: \(String(repeating: "L", count: 101))",
            "event.yaml:6: 'format' is 101 characters long; the most is 100"
        ),
        (
            "  - Describe the current scale of county lines", "  - \(String(repeating: "D", count: 401))",
            "event.yaml:13: 'learning_outcomes[0]' is 401 characters long; the most is 400"
        ),
        (
            "  - Describe the current scale of county lines", String(repeating: "  - An outcome\n", count: 31),
            "event.yaml:13: 'learning_outcomes' lists 31 learning outcomes; the most is 30"
        ),
        (
            "  url: https://policyforesight.example.org",
            "  url: https://policyforesight.example.org/\(String(repeating: "p", count: 2000))",
            "event.yaml:5: 'organiser.url' must be an https: URL of at most 2000 characters"
        ),
        (
            "  base_url: https://verify.example.org/c/", "  base_url: https://verify.example.org/\(String(repeating: "c", count: 200))/",
            "event.yaml:18: 'verification.base_url' is 228 characters long; the most is 200"
        ),
        (
            "title: \"Tackling", "title: \"\\x1B[2JTackling",
            "event.yaml:2: 'title' must not contain control characters, found U+001B in '<U+001B>[2JTackling"
        ),
        ("format: Live webinar", "format: \"Live\\nwebinar\"", "event.yaml:6: 'format' must not contain control characters, found U+000A"),
    ])
    func aFieldOverItsLimitFailsAtLoad(original: String, replacement: String, message: String) {
        expectError(replacing: original, with: replacement, message)
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
