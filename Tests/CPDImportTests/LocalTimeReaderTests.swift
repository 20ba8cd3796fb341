import CPDCore
import CPDImport
import Foundation
import Testing

@Suite struct LocalTimeReaderTests {
    let london = TimeZone(identifier: "Europe/London")!

    func utc(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    @Test(arguments: [
        ("09/16/2020 09:58:12 AM", "2020-09-16T08:58:12Z"),  // Zoom
        ("09/16/2020 01:05:00 PM", "2020-09-16T12:05:00Z"),
        ("09/16/2020 12:30:00 AM", "2020-09-15T23:30:00Z"),  // 12 AM is just after midnight
        ("09/16/2020 12:30:00 PM", "2020-09-16T11:30:00Z"),
        ("Sep 16, 2020 09:58:12", "2020-09-16T08:58:12Z"),  // Zoom, the other style
        ("September 16, 2020 09:58", "2020-09-16T08:58:00Z"),
        ("9/16/20, 10:01:00 AM", "2020-09-16T09:01:00Z"),  // Teams, US
        ("16/09/2020, 10:01:00", "2020-09-16T09:01:00Z"),  // Teams, en-GB
        ("16 Sep 2020 10:01", "2020-09-16T09:01:00Z"),
        ("16.09.2020 10:01:00", "2020-09-16T09:01:00Z"),
        ("2020-09-16 10:01:00", "2020-09-16T09:01:00Z"),  // canonical CSV
        ("2020-09-16T10:01", "2020-09-16T09:01:00Z"),
        ("2020-09-16T10:01:00Z", "2020-09-16T10:01:00Z"),  // an explicit offset wins over the zone
        ("2020-09-16T10:01:00+02:00", "2020-09-16T08:01:00Z"),
        ("  9/16/20, 10:01:00 a.m. ", "2020-09-16T09:01:00Z"),
    ])
    func eachDateStyleReadsInTheEventsZone(text: String, expected: String) throws {
        let reader = LocalTimeReader(timeZone: london)
        #expect(reader.date(from: text) == utc(expected))
    }

    @Test(arguments: [
        "--", "", "09/16/2020", "09/16/2020 25:61:00 AM", "09/16/2020 13:05:00 PM", "02/30/2020 10:00:00 AM", "Smarch 16, 2020 10:00",
        "16/09/2020, 10:01:00 extra", "9/16/20, 10:01:60 AM", "2020-09-16 10:00 +", "13/13/2020 10:00",
    ])
    func malformedTimesAreNotRead(text: String) {
        #expect(LocalTimeReader(timeZone: london).date(from: text) == nil)
    }

    @Test func aDateThatReadsBothWaysTakesTheReadingNearTheEvent() {
        // 10/09/2020 is 9 October (US) or 10 September (en-GB).
        let september = LocalTimeReader(timeZone: london, near: utc("2020-09-10T09:00:00Z"))
        #expect(september.date(from: "10/09/2020 10:00:00 AM") == utc("2020-09-10T09:00:00Z"))
        let october = LocalTimeReader(timeZone: london, near: utc("2020-10-09T09:00:00Z"))
        #expect(october.date(from: "10/09/2020, 10:00:00") == utc("2020-10-09T09:00:00Z"))
        // With no event to go by: a 12-hour clock is US (month first), a 24-hour clock day first.
        let unanchored = LocalTimeReader(timeZone: london)
        #expect(unanchored.date(from: "10/09/2020 10:00:00 AM") == utc("2020-10-09T09:00:00Z"))
        #expect(unanchored.date(from: "10/09/2020, 10:00:00") == utc("2020-09-10T09:00:00Z"))
    }

    @Test func clockChangesAreHandled() {
        let reader = LocalTimeReader(timeZone: london)
        // Winter time (GMT) and summer time (BST) either side of the change.
        #expect(reader.date(from: "2020-10-26 10:00") == utc("2020-10-26T10:00:00Z"))
        #expect(reader.date(from: "2020-10-24 10:00") == utc("2020-10-24T09:00:00Z"))
        // 01:30 happens twice on 25 October 2020 (BST, then GMT): both readings, and no single date.
        #expect(
            reader.reading(from: "2020-10-25 01:30") == .repeated(first: utc("2020-10-25T00:30:00Z"), second: utc("2020-10-25T01:30:00Z")))
        #expect(reader.date(from: "2020-10-25 01:30") == nil)
        #expect(reader.date(from: "2020-10-25 02:30") == utc("2020-10-25T02:30:00Z"))
        // 01:30 never happened on 29 March 2020: the clocks went from 01:00 GMT to 02:00 BST.
        #expect(reader.reading(from: "2020-03-29 01:30") == .skipped(offsetBefore: 0, offsetAfter: 3600))
        #expect(reader.date(from: "2020-03-29 01:30") == nil)
        #expect(reader.reading(from: "2020-03-29T01:30:00+00:00") == .instant(utc("2020-03-29T01:30:00Z")))
        // Another zone, another offset.
        let tokyo = LocalTimeReader(timeZone: TimeZone(identifier: "Asia/Tokyo")!)
        #expect(tokyo.date(from: "2020-09-16 10:00") == utc("2020-09-16T01:00:00Z"))
    }

    /// Sessions that touch the clock changes, in cpdcert's CSV (read in Europe/London).
    func sessions(_ rows: String) throws -> AttendanceReport {
        try CanonicalAttendanceDecoder().decode(
            Data("full_name,email,join_time,leave_time\n\(rows)".utf8), fileName: "sessions.csv", times: Fixtures.times)
    }

    @Test func aSessionInTheRepeatedHourCountsTheShorterReadingAndSaysSoOnItsLine() throws {
        let report = try sessions(
            """
            Siân Llywelyn,sian@example.org,2020-10-25 00:50,2020-10-25 01:20
            王秀英,wang@example.org,2020-10-25 01:50,2020-10-25 01:10
            Aoife Ní Bhriain,aoife@example.org,2020-10-25 03:00,2020-10-25 04:00

            """)
        #expect(report.rejected.isEmpty, "\(report.rejected)")
        // 00:50 BST to 01:20 BST, not to 01:20 GMT: 30 minutes, not 90.
        #expect(report.person("sian@example.org")?.sessions.map(\.start) == [utc("2020-10-24T23:50:00Z")])
        #expect(report.person("sian@example.org")?.sessions.map(\.end) == [utc("2020-10-25T00:20:00Z")])
        // A leave "before" the join is the join in BST and the leave in GMT: 20 minutes.
        #expect(report.person("wang@example.org")?.sessions.map(\.start) == [utc("2020-10-25T00:50:00Z")])
        #expect(report.person("wang@example.org")?.sessions.map(\.end) == [utc("2020-10-25T01:10:00Z")])
        #expect(report.warnings.map(\.line) == [2, 3])
        #expect(report.warnings.first?.description.hasPrefix("sessions.csv:2: 'leave_time' falls in the hour that happened twice") == true)
        #expect(report.warnings.first?.message.contains("Europe/London") == true)
        #expect(report.warnings.first?.message.contains("30 minutes for this session") == true)
        #expect(report.warnings.last?.message.contains("'join_time' and 'leave_time' fall in the hour") == true)
    }

    @Test func aTimeInTheSkippedHourSaysTheClocksWentForward() throws {
        let report = try sessions("Siân Llywelyn,sian@example.org,2020-03-29 01:30,2020-03-29 03:00\n")
        let diagnostic = try #require(report.rejected.first)
        #expect(
            diagnostic.description
                == "sessions.csv:2: 'join_time' is '2020-03-29 01:30', a time that did not exist in Europe/London: the clocks went forward from UTC+00:00 to UTC+01:00 that night and skipped it; check the time, or the time zone in the event file"
        )
    }

    @Test func aTimeMoreThanAYearFromTheEventIsRejected() throws {
        let report = try sessions("Siân Llywelyn,sian@example.org,2019-09-01 10:00,2020-09-16 13:30\n")
        #expect(report.rejected.first?.description.hasPrefix("sessions.csv:2: 'join_time' is '2019-09-01 10:00', more than a year") == true)
    }
}
