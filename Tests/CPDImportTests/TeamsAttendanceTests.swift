import CPDCore
import CPDImport
import CPDTestSupport
import Foundation
import Testing

/// Microsoft Teams attendance reports: UTF-16 with BOM, tab-separated, numbered sections.
@Suite struct TeamsAttendanceTests {
    func report(_ data: Data) throws -> AttendanceReport {
        try TeamsAttendanceDecoder().decode(data, fileName: "teams.csv", times: Fixtures.times)
    }

    @Test func activitiesAreTheEvidenceAndRegistrationEmailsTheIdentity() throws {
        let report = try report(Fixtures.utf16LE(Fixtures.teamsUS))
        #expect(
            report.countedSeconds == [
                // Rejoined, rows out of order: 10:00-11:00 + 11:30-13:30.
                "sian.llywelyn@example.org": 180 * 60,
                // A guest with no email, known by her registration email; exactly the threshold.
                "aoife.nibhriain@example.org": 9450,
                // Signed in as nguyen.personal@, registered as nguyen.thi.hang@; devices overlap 20 minutes.
                "nguyen.thi.hang@example.org": 160 * 60,
                // The row with no join time is reported; the 10-minute session counts.
                "sean.oconaill@example.org": 10 * 60,
                // One second below; the malformed row is reported.
                "adebayo.olatunji@example.org": 9449,
            ])
        #expect(report.person("nguyen.personal@example.org") == nil)
        #expect(report.person("aoife.nibhriain@example.org")?.attendee.fullName == "Aoife Ní Bhriain")
        #expect(report.person("sian.llywelyn@example.org")?.lines == [23, 24])
    }

    @Test func organisersAndPresentersAreNotAttendees() throws {
        let report = try report(Fixtures.utf16LE(Fixtures.teamsUS))
        #expect(report.person("host.pf@example.org") == nil)
        #expect(report.person("helena.marsh@example.org") == nil)
        #expect(
            report.ignored.map(\.description) == [
                "teams.csv:21: Organizer, not an attendee: no certificate", "teams.csv:22: Presenter, not an attendee: no certificate",
            ])
    }

    @Test func aMissingJoinTimeIsReportedNotGuessed() throws {
        let report = try report(Fixtures.utf16LE(Fixtures.teamsUS))
        #expect(report.rejected.map(\.line) == [28, 30, 32])
        #expect(
            report.rejected[0].message
                == "'Join Time' is empty; cpdcert does not guess when this session began, so this session is not counted")
        #expect(report.rejected[1].message.hasPrefix("'Email' is empty and no participant of that name has a 'Registration Email'"))
        #expect(report.rejected[2].message.contains("found '9/16/20, 13:00:00 PM'"))
        // Trusting the Duration column instead would have given Seán 3h 30m and a certificate.
        let seán = try #require(report.person("sean.oconaill@example.org"))
        #expect(!Eligibility(evidence: seán, event: Samples.event).isEligible)
    }

    @Test func twoGuestsOfOneNameAreNotTold() throws {
        // Only one of the two guests called Bronwen Pryce registered: a name cannot say whose row this is.
        let text = Fixtures.tsv([
            ["2. Participants"],
            ["Name", "First Join", "Last Leave", "Email", "Role", "Registration Email"],
            ["Bronwen Pryce (Guest)", "9/16/20, 10:00:00 AM", "9/16/20, 1:30:00 PM", "", "Attendee", "bronwen.pryce@example.org"],
            ["Bronwen Pryce (Guest)", "9/16/20, 10:00:00 AM", "9/16/20, 10:30:00 AM", "", "Attendee", ""],
            ["3. In-Meeting Activities"],
            ["Name", "Join Time", "Leave Time", "Email", "Role"],
            ["Bronwen Pryce (Guest)", "9/16/20, 10:00:00 AM", "9/16/20, 10:30:00 AM", "", "Attendee"],
        ])
        let report = try report(Fixtures.utf16LE(text))
        #expect(report.evidence.isEmpty)
        #expect(report.rejected.map(\.line) == [7])
        #expect(report.rejected[0].message.contains("2 participants of that name have no email"))
    }

    @Test func enGBDatesInBigEndianUTF16() throws {
        let report = try report(Fixtures.utf16BE(Fixtures.teamsGB))
        #expect(report.countedSeconds == ["malgorzata.w@example.org": 210 * 60, "wang.xiuying@example.org": 70 * 60])
        #expect(report.rejected.isEmpty)
        #expect(report.person("wang.xiuying@example.org")?.lines == [13, 14])
    }

    @Test func aParticipantsListWithoutActivitiesIsRefused() throws {
        let text = Fixtures.teamsGB.components(separatedBy: "3. In-Meeting Activities")[0]
        let error = try #require(throws: AttendanceFileError.self) { try report(Fixtures.utf16LE(text)) }
        #expect(error.description.hasPrefix("teams.csv: no '3. In-Meeting Activities' table. cpdcert needs each session's join and leave"))
    }

    @Test func theOldAttendanceListPairsJoinsWithLeaves() throws {
        let report = try TeamsLegacyAttendanceDecoder().decode(
            Fixtures.utf16LE(Fixtures.teamsLegacy), fileName: "list.csv", times: Fixtures.times)
        #expect(
            report.countedSeconds == [
                // Joined before the start (09:58:12), left 11:00, back 11:10-13:30.
                "sian.llywelyn@example.org": (60 + 140) * 60,
                // Two devices, 10:00-11:00 and 10:30-12:00: 10:00-12:00.
                "zoe.bronte@example.org": 120 * 60,
                "aoife.ni.bhriain@example.org": 9450,
                // Joined and never left: nothing is guessed.
                "wang.xiuying@example.org": 0,
            ])
        #expect(report.rejected.map(\.line) == [10, 13, 14])
        #expect(report.rejected[0].message.hasPrefix("'Joined' with no later 'Left' for this attendee"))
        #expect(report.rejected[1].message.hasPrefix("'Left' with no earlier 'Joined'"))
        #expect(report.rejected[2].message.hasPrefix("'Timestamp' is not a date and time cpdcert reads, found '9/16/2020, 10:61:00 AM'"))
    }

    @Test func theOldAttendanceListNeedsAnEmailColumnBecauseANameIsNoIdentity() throws {
        let text = Fixtures.tsv([
            ["Full Name", "User Action", "Timestamp"], ["Siân Llywelyn", "Joined", "9/16/2020, 10:00:00 AM"],
        ])
        let error = try #require(throws: AttendanceFileError.self) {
            try TeamsLegacyAttendanceDecoder().decode(Fixtures.utf16LE(text), fileName: "list.csv", times: Fixtures.times)
        }
        #expect(error.description.contains("list.csv:1: no 'Email' column"))
        #expect(error.description.contains("add an 'Email' column"))
    }
}
