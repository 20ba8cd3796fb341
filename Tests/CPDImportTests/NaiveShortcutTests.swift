import CPDCore
import CPDImport
import CPDTestSupport
import Foundation
import Testing

/// Each shortcut an attendance tool might take gives a wrong verdict for someone in the Zoom
/// webinar fixture; cpdcert's answer is the hand-worked one in the comments.
@Suite struct NaiveShortcutTests {
    /// One Attendee Details row, read independently of the decoder.
    struct Row {
        var rawEmail: String
        var email: String
        var join: Date
        var leave: Date
        var roundedMinutes: Int
    }

    static let required = 9450
    let live = (start: Samples.event.start, end: Samples.event.end)

    func rows() throws -> [Row] {
        let document = try AttendanceDocument(data: try Fixtures.data("zoom-webinar-attendee-report.csv"), fileName: "zoom.csv")
        let start = try #require(document.rows.firstIndex { $0.cells.first == "Attendee Details" })
        let header = HeaderMap(headers: document.rows[start + 1].cells)
        return document.rows[(start + 2)...].prefix { $0.cells.first != "Other Attended" }.compactMap { row in
            guard let email = header.index(of: ["Email"]).map({ row.cells[$0] }), !email.isEmpty,
                let join = header.value(["Join Time"], in: row),
                let leave = header.value(["Leave Time"], in: row), let joinDate = Fixtures.times.date(from: join),
                let leaveDate = Fixtures.times.date(from: leave), let minutes = header.value(["Time in Session (minutes)"], in: row)
            else { return nil }
            return Row(
                rawEmail: email, email: email.lowercased().trimmingWhitespace(), join: joinDate, leave: leaveDate,
                roundedMinutes: Int(minutes)!)
        }
    }

    func rows(of email: String) throws -> [Row] { try rows().filter { $0.email == email } }

    func clipped(_ start: Date, _ end: Date) -> Int {
        max(0, Int(min(end, live.end).timeIntervalSince(max(start, live.start))))
    }

    func cpdcert(_ email: String) throws -> Int {
        let report = try ZoomWebinarReportDecoder().decode(
            try Fixtures.data("zoom-webinar-attendee-report.csv"), fileName: "zoom.csv", times: Fixtures.times)
        return try #require(report.countedSeconds[email])
    }

    @Test func summingRowsCountsOverlappingDevicesTwice() throws {
        // Nguyễn Thị Hằng: laptop 10:00-11:40, phone 10:30-12:30.
        let summed = try rows(of: "nguyen.thi.hang@example.org").reduce(0) { $0 + clipped($1.join, $1.leave) }
        #expect(summed == 220 * 60 && summed >= Self.required)
        #expect(try cpdcert("nguyen.thi.hang@example.org") == 150 * 60)  // 10:00-12:30
    }

    @Test func trustingZoomsRoundedMinutesAdmitsOneSecondBelow() throws {
        // Adébáyọ̀ Ọlátúnjí: 10:00:00-12:37:29 is 157 min 29 s; Zoom rounds it up to 158.
        let minutes = try rows(of: "adebayo.olatunji@example.org").reduce(0) { $0 + $1.roundedMinutes }
        #expect(minutes == 158 && minutes * 60 >= Self.required)
        #expect(try cpdcert("adebayo.olatunji@example.org") == 9449)
    }

    @Test func firstJoinToLastLeaveIgnoresTheGap() throws {
        // 王秀英: 09:55-10:40, then 13:00-13:35.
        let rows = try rows(of: "wang.xiuying@example.org")
        let span = clipped(rows.map(\.join).min()!, rows.map(\.leave).max()!)
        #expect(span == 210 * 60 && span >= Self.required)
        #expect(try cpdcert("wang.xiuying@example.org") == 70 * 60)  // 10:00-10:40 + 13:00-13:30
    }

    @Test func countingUnclippedTimeCreditsTheHourBeforeTheStart() throws {
        // Seán Ó Conaill: 08:50-12:35, but the webinar ran 10:00-13:30.
        let row = try #require(try rows(of: "sean.oconaill@example.org").first)
        let unclipped = Int(row.leave.timeIntervalSince(row.join))
        #expect(unclipped == 225 * 60 && unclipped >= Self.required)
        #expect(try cpdcert("sean.oconaill@example.org") == 155 * 60)  // 10:00-12:35
    }

    @Test func treatingEmailsAsTextSplitsOnePersonInTwo() throws {
        // فاطمة الزهراء registered twice: " Fatima.Zahra@Example.org " (90 minutes), "fatima.zahra@example.org" (110).
        let raw = try rows().filter { $0.email.contains("fatima") }
        #expect(Set(raw.map(\.rawEmail)) == [" Fatima.Zahra@Example.org ", "fatima.zahra@example.org"])
        #expect(raw.allSatisfy { clipped($0.join, $0.leave) < Self.required })
        #expect(try cpdcert("fatima.zahra@example.org") == 200 * 60)  // 10:00-13:20, one person
    }
}
