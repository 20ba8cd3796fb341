import CPDCore
import CPDImport
import CPDTestSupport
import Foundation
import Testing

/// Google Meet, Webex, GoTo Webinar, Teams' 2021 meeting summary and door scans, each detected by
/// its content and read by header name. The expected seconds are worked out by hand in
/// Fixtures/README.md, one table per file.
@Suite struct PlatformFormatsTests {
    func read(_ name: String) throws -> AttendanceImporter.Result {
        try AttendanceImporter(event: Samples.event).read(try Fixtures.data(name), fileName: name)
    }

    func eligible(_ report: AttendanceReport) -> [String: Bool] {
        Dictionary(
            uniqueKeysWithValues: report.evidence.map {
                ($0.attendee.identity.email, Eligibility(evidence: $0, event: Samples.event).isEligible)
            })
    }

    @Test(arguments: [
        ("google-meet-attendance.csv", AttendanceFormat.googleMeet), ("gotowebinar-attendee-report.csv", .goToWebinar),
        ("teams-meeting-summary-2021.csv", .teamsSummary), ("webex-meeting-attendees.csv", .webex),
        ("webex-webinar-attendees.csv", .webex), ("door-scans.csv", .doorScans), ("zoom-participants-de.csv", .zoomMeeting),
        ("zoom-participants-fr.csv", .zoomMeeting), ("zoom-participants-es.csv", .zoomMeeting),
    ])
    func theFormatIsDetectedFromTheContent(name: String, format: AttendanceFormat) throws {
        #expect(try read(name).format == format)
    }

    @Test func googleMeetTotalsCountOnlyWhatIsProvablyLive() throws {
        let report = try read("google-meet-attendance.csv").report
        #expect(
            report.countedSeconds == [
                "sian.llywelyn@example.org": 11_341, "zoe.bl@example.org": 9_541, "aoife.ni.bhriain@example.org": 6_300,
            ])
        #expect(eligible(report) == ["sian.llywelyn@example.org": true, "zoe.bl@example.org": true, "aoife.ni.bhriain@example.org": false])
        #expect(report.person("zoe.bl@example.org")?.attendee.fullName == "Zoë Brontë-Łukasiewicz")
        #expect(report.rejected.map(\.line) == [5])
        #expect(report.rejected[0].message.contains("'Duration' is 'about two hours', not a duration"))
        let aoife = Eligibility(evidence: try #require(report.person("aoife.ni.bhriain@example.org")), event: Samples.event)
        #expect(
            aoife.explanation.contains(
                "the report gives only a total of 165 minutes between the first join and the last leave (times to the minute)"))
        #expect(aoife.explanation.contains("the total less the 60 minutes of that span outside the live time"))
    }

    @Test func goToWebinarReadsTheSessionDetailsUnderItsTitleBlock() throws {
        let report = try read("gotowebinar-attendee-report.csv").report
        #expect(
            report.countedSeconds == [
                "malgorzata.w@example.org": 12_091, "adebayo.olatunji@example.org": 9_015, "sean.oconaill@example.org": 0,
            ])
        #expect(report.person("adebayo.olatunji@example.org")?.attendee.fullName == "Adébáyọ̀ Ọlátúnjí")
        #expect(report.person("sean.oconaill@example.org")?.lines == [17])
        #expect(report.rejected.isEmpty)
    }

    @Test func teamsMeetingSummaryClipsATotalThatRunsPastTheEnd() throws {
        let report = try read("teams-meeting-summary-2021.csv").report
        // Nguyễn Thị Hằng's 160 minutes would pass on the total alone; 15 of the span are after 13:30.
        #expect(report.countedSeconds == ["wang.xiuying@example.org": 12_240, "hang.nguyen@example.org": 8_700])
        #expect(eligible(report) == ["wang.xiuying@example.org": true, "hang.nguyen@example.org": false])
        #expect(report.ignored.map(\.line) == [8, 12])
        #expect(report.rejected.map(\.line) == [11])
        #expect(report.rejected[0].message.hasPrefix("'Email' is empty"))
    }

    @Test func webexMeetingAndWebinarRowsAreSessions() throws {
        let meeting = try read("webex-meeting-attendees.csv").report
        #expect(meeting.countedSeconds == ["sian.llywelyn@example.org": 12_300, "malgorzata.w@example.org": 7_200])
        #expect(meeting.person("sian.llywelyn@example.org")?.lines == [3, 4])
        #expect(meeting.ignored.map(\.line) == [2])
        let webinar = try read("webex-webinar-attendees.csv").report
        #expect(webinar.countedSeconds == ["aoife.ni.bhriain@example.org": 12_600, "sean.oconaill@example.org": 5_400])
        #expect(webinar.ignored.map(\.line) == [2])
    }

    @Test func doorScansPairEachInWithTheNextOutAndGuessNothing() throws {
        let report = try read("door-scans.csv").report
        #expect(
            report.countedSeconds == [
                "sian.llywelyn@example.org": 12_000, "zoe.bl@example.org": 0, "adebayo.olatunji@example.org": 12_300,
                "wang.xiuying@example.org": 9_000,
            ])
        #expect(report.rejected.map(\.line) == [3, 4, 5])
        #expect(report.rejected[0].message.contains("never followed by an 'out'"))
        #expect(report.rejected[1].message.contains("an 'out' scan with no 'in' before it"))
        #expect(report.rejected[2].message.contains("followed by another 'in' (line 7)"))
        #expect(report.person("sian.llywelyn@example.org")?.lines == [2, 8, 9, 12])
    }

    @Test func aDuplicateRowInATotalsReportIsRejectedNotAdded() throws {
        let text = """
            First name,Last name,Email,Duration,Time joined,Time exited
            Siân,Llywelyn,sian.llywelyn@example.org,1 hr,16/09/2020 10:00,16/09/2020 11:00
            Siân,Llywelyn,sian.llywelyn@example.org,1 hr,16/09/2020 10:30,16/09/2020 11:30

            """
        let report = try AttendanceImporter(event: Samples.event).read(Data(text.utf8), fileName: "meet.csv").report
        #expect(report.countedSeconds == ["sian.llywelyn@example.org": 3_541])
        #expect(report.rejected.map(\.line) == [3])
        #expect(report.rejected[0].message.contains("a second row for the attendee of line 2"))
    }
}
