import CPDCore
import CPDImport
import CPDTestSupport
import Foundation
import Testing

/// Zoom's meeting Participants report: a summary block naming the host, then one row a session
/// (`09/16/2020 09:58:12 AM` dates, UTF-8 without BOM, LF); and the newer lower-case export.
@Suite struct ZoomParticipantsTests {
    func report(_ name: String) throws -> AttendanceReport {
        try ZoomParticipantsDecoder().decode(try Fixtures.data(name), fileName: name, times: Fixtures.times)
    }

    @Test func sessionsMergeByEmailAndTheHostIsLeftOut() throws {
        let report = try report("zoom-meeting-participants.csv")
        #expect(
            report.countedSeconds == [
                // Two devices overlapping a minute, emails differing in case: 10:00-13:30 once.
                "sian.llywelyn@example.org": 210 * 60,
                // 10:05:00-12:42:30 is the threshold to the second; 12:42:29 is one below.
                "malgorzata.w@example.org": 9450,
                "adebayo.olatunji@example.org": 9449,
                // The 13:05 PM row is malformed; the other row counts.
                "wang.xiuying@example.org": 60 * 60,
                "sean.oconaill@example.org": 210 * 60,
            ])
        #expect(
            report.ignored.map(\.description) == ["zoom-meeting-participants.csv:5: the meeting's host, not an attendee: no certificate"])
        #expect(report.rejected.map(\.line) == [8, 11])
        #expect(report.rejected[0].message.hasPrefix("'User Email' is empty; Zoom leaves it blank for guests"))
        #expect(report.rejected[1].message.contains("'Leave Time' is not a date and time cpdcert reads, found '09/16/2020 13:05:00 PM'"))
    }

    @Test func renamedParticipantsKeepTheirCurrentNameAndQuotedCommasStay() throws {
        let report = try report("zoom-meeting-participants.csv")
        #expect(report.person("sian.llywelyn@example.org")?.attendee.fullName == "Siân Llywelyn")
        #expect(report.person("sean.oconaill@example.org")?.attendee.fullName == "Ó Conaill, Seán")
    }

    @Test func newerExportsWithLowerCaseHeadersBlankGuestEmailsAndTheWaitingRoom() throws {
        let report = try report("zoom-meeting-participants-2024.csv")
        #expect(report.countedSeconds == ["aoife.ni.bhriain@example.org": 210 * 60])
        #expect(report.ignored.map(\.line) == [2])
        #expect(report.rejected.map(\.line) == [4])
        #expect(report.rejected[0].message.hasPrefix("'Email' is empty"))
    }

    @Test func anExportWithMeetingDataInEachRowTellsTheHostFromTheParticipant() throws {
        let text = """
            Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants,Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest
            893 1234 5678,Webinar,09/16/2020 09:50:00 AM,09/16/2020 01:40:00 PM,host.pf@example.org,230,3,Policy Foresight,host.pf@example.org,09/16/2020 09:50:00 AM,09/16/2020 01:40:00 PM,230,No
            893 1234 5678,Webinar,09/16/2020 09:50:00 AM,09/16/2020 01:40:00 PM,host.pf@example.org,230,3,Siân Llywelyn,sian.llywelyn@example.org,09/16/2020 10:00:00 AM,09/16/2020 12:00:00 PM,120,No

            """
        let report = try ZoomParticipantsDecoder().decode(Data(text.utf8), fileName: "p.csv", times: Fixtures.times)
        #expect(report.countedSeconds == ["sian.llywelyn@example.org": 120 * 60])
        #expect(report.ignored.map(\.line) == [2])
    }
}
