import CPDCore
import CPDImport
import CPDTestSupport
import Foundation
import Testing

/// Zoom's webinar Attendee Report (UTF-8 with BOM, CRLF, rows padded with a trailing comma,
/// quoted commas, quotes and a newline in a cell; `Sep 16, 2020 09:58:12` dates).
@Suite struct ZoomWebinarReportTests {
    func report() throws -> AttendanceReport {
        try ZoomWebinarReportDecoder().decode(
            try Fixtures.data("zoom-webinar-attendee-report.csv"), fileName: "zoom.csv", times: Fixtures.times)
    }

    @Test func eachAttendeesTimeIsTheUnionOfTheirSessionsInsideTheLiveTime() throws {
        let counted = try report().countedSeconds
        #expect(
            counted == [
                // Rejoined, rows out of order: 10:00-10:59:30 (09:58:12 clipped) + 11:05-13:30.
                "sian.llywelyn@example.org": 3570 + 8700,
                // Laptop 10:00-11:40 and phone 10:30-12:30 overlap: 10:00-12:30.
                "nguyen.thi.hang@example.org": 150 * 60,
                // Touching sessions 10:00-11:45 and 11:45-13:15; emails differ in case.
                "zoe.bronte@example.org": 195 * 60,
                // Exactly the threshold, and one second below it.
                "aoife.ni.bhriain@example.org": 9450,
                "adebayo.olatunji@example.org": 9449,
                // Clipped at both ends: 09:40-13:50 counts 10:00-13:30.
                "malgorzata.w@example.org": 210 * 60,
                // From 08:50: only 10:00-12:35 counts.
                "sean.oconaill@example.org": 155 * 60,
                // A gap: 10:00-10:40 and 13:00-13:30.
                "wang.xiuying@example.org": 70 * 60,
                // Two registrations, emails differing in case and spaces: 10:00-11:30 + 11:30-13:20.
                "fatima.zahra@example.org": 200 * 60,
                // Registered, never joined.
                "dafydd.ap.gruffudd@example.org": 0,
                // One good row; the other's time is malformed.
                "ciaran.macaodha@example.org": 210 * 60,
            ])
    }

    @Test func thePlanIssuesToThoseAtOrAboveTheThreshold() throws {
        let plan = IssuancePlanner.plan(event: Samples.event, report: try report(), issued: [:])
        #expect(
            Set(plan.toIssue.map(\.0.attendee.identity.email)) == [
                "sian.llywelyn@example.org", "zoe.bronte@example.org", "aoife.ni.bhriain@example.org", "malgorzata.w@example.org",
                "fatima.zahra@example.org", "ciaran.macaodha@example.org",
            ])
        #expect(plan.ineligible.count == 5)
    }

    @Test func hostsPanelistsAndOtherAttendedNeverEarnCertificates() throws {
        let report = try report()
        #expect(report.person("host.pf@example.org") == nil)
        #expect(report.person("helena.marsh@example.org") == nil)
        #expect(!report.evidence.contains { $0.attendee.fullName == "Guest Viewer" })
        #expect(
            report.ignored.map(\.description) == [
                "zoom.csv:7: a host, not an attendee: no certificate",
                "zoom.csv:10: a panelist, not an attendee: no certificate",
                "zoom.csv:34: in 'Other Attended' (no email), not an attendee: no certificate (pass the registration list with --roster to identify them)",
            ])
    }

    @Test func badRowsAreRejectedWithTheirLineAndTheRestIsUsed() throws {
        let report = try report()
        // Line numbers count the newline inside Zoë's quoted address (lines 17-18).
        #expect(report.rejected.map(\.line) == [30, 31])
        #expect(report.rejected[0].message.contains("'Join Time' is not a date and time cpdcert reads, found 'Sep 16, 2020 25:61:00'"))
        #expect(report.rejected[1].message == "'Email' is empty; the email address identifies the attendee")
        #expect(report.rejected.allSatisfy { !$0.message.contains("@") })
        #expect(try #require(report.person("zoe.bronte@example.org")).lines == [17, 19])
    }

    @Test func namesComeFromTheRegistrationInThePersonsOwnOrder() throws {
        let report = try report()
        let names = Dictionary(uniqueKeysWithValues: report.evidence.map { ($0.attendee.identity.email, $0.attendee.fullName) })
        #expect(names["wang.xiuying@example.org"] == "王秀英")
        #expect(names["nguyen.thi.hang@example.org"] == "Nguyễn Thị Hằng".precomposedNFC)
        #expect(names["adebayo.olatunji@example.org"] == "Adébáyọ̀ Ọlátúnjí".precomposedNFC)
        #expect(names["fatima.zahra@example.org"] == "فاطمة الزهراء")
        let fatima = try #require(report.person("fatima.zahra@example.org"))
        #expect(fatima.attendee.organisation == "Harbourside Children's Services, North")
        #expect(fatima.attendee.jobTitle == "Family Support Worker")
        #expect(report.evidence.allSatisfy { $0.attendee.fullName == $0.attendee.fullName.precomposedNFC })
    }

    @Test func withoutAttendeeDetailsTheFileIsRefused() throws {
        let text = "Attendee Report,\r\nTopic,Webinar ID\r\nX,1\r\nHost Details,\r\nAttended,Email\r\nYes,host.pf@example.org\r\n"
        let error = try #require(throws: AttendanceFileError.self) {
            try ZoomWebinarReportDecoder().decode(Data(text.utf8), fileName: "zoom.csv", times: Fixtures.times)
        }
        #expect(error.description.hasPrefix("zoom.csv: no 'Attendee Details' table."))
    }
}
