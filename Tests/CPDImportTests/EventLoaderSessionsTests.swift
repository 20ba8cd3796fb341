import CPDCore
import CPDImport
import CPDTestSupport
import Foundation
import Testing

/// `schedule.sessions` and `attendance.per_session` in `event.yaml`.
@Suite struct EventLoaderSessionsTests {
    static let url = Samples.packageRoot.appendingPathComponent("Examples/county-lines-course-2020/event.yaml")

    func text() throws -> String { try String(contentsOf: Self.url, encoding: .utf8) }

    func load(_ text: String) throws(ConfigurationError) -> Event { try EventLoader.load(Data(text.utf8), fileName: "event.yaml") }

    @Test func theTwoDayExampleLoadsWithItsSessionsAndDefaultHours() throws {
        let event = try load(try text())
        #expect(event.sessions.count == 2)
        #expect(event.sessionList?.count == 2)
        // 09:30 BST is 08:30 UTC.
        #expect(event.sessions[0].start == Date(timeIntervalSince1970: 1_600_245_000))
        #expect(event.sessions[1].end == Date(timeIntervalSince1970: 1_600_245_000 + 86_400 + 3 * 3600))
        #expect(event.start == event.sessions[0].start)
        #expect(event.end == event.sessions[1].end)
        #expect(event.liveSeconds == 360 * 60)
        #expect(event.cpdHours == 6)
        #expect(event.attendanceRule == .fractionOfEachSession(0.75))
    }

    @Test(arguments: [
        (
            "    - { date: 2020-09-17, start: \"09:30\", end: \"12:30\" }", "    - { date: 2020-09-16, start: \"12:00\", end: \"13:30\" }",
            "event.yaml:14: 'schedule.sessions[1].start' must not be before the end of the session listed before it"
        ),
        (
            "    - { date: 2020-09-17, start: \"09:30\", end: \"12:30\" }", "    - { date: 2020-09-17, start: \"09:30\", end: \"09:00\" }",
            "event.yaml:14: 'schedule.sessions[1].end' must be after the session's start"
        ),
        (
            "    - { date: 2020-09-17, start: \"09:30\", end: \"12:30\" }", "    - { date: 17/09/2020, start: \"09:30\", end: \"12:30\" }",
            "event.yaml:14: 'schedule.sessions[1].date' must be a date like 2020-09-16, found '17/09/2020'"
        ),
        (
            "    - { date: 2020-09-17, start: \"09:30\", end: \"12:30\" }",
            "    - { date: 2020-09-17, start: \"half nine\", end: \"12:30\" }",
            "event.yaml:14: 'schedule.sessions[1].start' must be a local time like 09:30 on 2020-09-17, found 'half nine'"
        ),
        (
            "  time_zone: Europe/London", "  time_zone: Europe/London\n  start: 2020-09-16T09:30",
            "event.yaml:12: 'schedule.start' must not be given beside schedule.sessions"
        ),
        (
            "  minimum_fraction: 0.75", "  minimum_minutes: 200",
            "event.yaml:26: 'attendance.per_session' applies to minimum_fraction only"
        ),
    ])
    func mistakesInSessionsAreReportedWithTheirLine(original: String, replacement: String, message: String) throws {
        let text = try text().replacingOccurrences(of: original, with: replacement)
        #expect(text != (try self.text()))
        do {
            _ = try load(text)
            Issue.record("expected an error for \(replacement)")
        } catch {
            #expect(error.description.hasPrefix(message), "got: \(error.description.prefix(300))")
        }
    }
}
