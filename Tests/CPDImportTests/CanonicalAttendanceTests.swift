import CPDCore
import CPDImport
import CPDTestSupport
import Foundation
import Testing

@Suite struct CanonicalAttendanceTests {
    func decode(_ text: String) throws -> AttendanceReport {
        try CanonicalAttendanceDecoder().decode(Data(text.utf8), fileName: "attendance.csv", times: Fixtures.times)
    }

    @Test func goodRowsBecomeEvidenceWithNamesAsGiven() throws {
        let report = try decode(
            """
            Organisation,Minutes Attended,Email,Full Name,Job Title\r
            "Harbourside Children's Services, North",205,Sian.Llywelyn@Example.org ,Siân Llywelyn,Senior Social Worker\r
            Eastgate Youth Partnership,157.5,wang@example.org,王秀英,\r
            ,,,,\r

            """)
        #expect(report.rejected.isEmpty)
        #expect(report.evidence.count == 2)
        let first = report.evidence[0]
        #expect(first.attendee.fullName == "Siân Llywelyn")
        #expect(first.attendee.identity.email == "sian.llywelyn@example.org")
        #expect(first.attendee.organisation == "Harbourside Children's Services, North")
        #expect(first.time == .total(seconds: 205 * 60))
        #expect(first.lines == [2])
        #expect(report.evidence[1].attendee.jobTitle == nil)
        #expect(report.evidence[1].time == .total(seconds: 9450))
    }

    @Test(arguments: [
        (",Org,a@example.org,Nurse,180", "'full_name' is empty"),
        ("X,Y,,Youth Worker,180", "'email' is empty"),
        ("X,Y,not-an-email,Youth Worker,180", "'email' is not an email address"),
        ("X,Y,x@example.org,Youth Worker,three hours", "found 'three hours'"),
        ("X,Y,x@example.org,Youth Worker,-5", "cannot be negative"),
        ("X,Y,x@example.org,Youth Worker,", "'minutes_attended' is empty"),
    ])
    func eachBadRowIsReportedWithFileAndLine(row: String, message: String) throws {
        let report = try decode(
            "full_name,organisation,email,job_title,minutes_attended\nGood Person,Org,good@example.org,Nurse,200\n\(row)\n")
        #expect(report.evidence.count == 1)
        #expect(report.rejected.count == 1)
        let diagnostic = try #require(report.rejected.first)
        #expect(diagnostic.description.hasPrefix("attendance.csv:3: "))
        #expect(diagnostic.message.contains(message))
        #expect(!diagnostic.message.contains("@example.org"))
    }

    @Test func blankLinesBeforeTheHeaderAreSkippedAndAnUnclosedQuoteIsReported() throws {
        // The rows are read one at a time; the reader's problems still reach the report.
        let report = try decode(
            "\n,,\nfull_name,email,minutes_attended\nAoife Ní Bhriain,aoife@example.org,200\n\"Nguyễn, Thị Hằng,hang@example.org,200\n")
        #expect(report.evidence.map(\.attendee.fullName) == ["Aoife Ní Bhriain"])
        #expect(report.evidence.first?.lines == [4])
        #expect(report.rejected.map(\.description).contains("attendance.csv:5: a quoted cell is never closed; check for a stray '\"'"))
    }

    @Test func theSameEmailTwiceIsRejectedNamingTheFirstLine() throws {
        let report = try decode("full_name,email,minutes_attended\nA,a@example.org,200\nB,b@example.org,10\nA again, A@EXAMPLE.org ,200\n")
        #expect(report.evidence.count == 2)
        #expect(
            report.rejected.map(\.description) == [
                "attendance.csv:4: the same email as line 2; list each attendee once (emails are compared ignoring case and spaces)"
            ])
    }

    @Test func missingColumnFailsTheFileNamingWhatIsThere() throws {
        let error = try #require(throws: AttendanceFileError.self) { try decode("name,minutes\nA,20\n") }
        #expect(
            error.description.hasPrefix(
                "attendance.csv:1: no 'email' column; the header row has 'name', 'minutes'. This cpdcert CSV gives names and no email, and cpdcert never uses a name alone as an identity: pass the event's registration list"
            ))
        let headless = try #require(throws: AttendanceFileError.self) { try decode("Siân Llywelyn,sian.llywelyn@example.org,200\n") }
        #expect(headless.description.contains("the header row has 'Siân Llywelyn', (an email address), '200'"))
        #expect(throws: AttendanceFileError.empty(file: "attendance.csv")) { try decode("") }
        #expect(throws: AttendanceFileError.notText(file: "attendance.csv", line: 1, offset: 0)) {
            try CanonicalAttendanceDecoder().decode(Data([0xFF, 0xFF, 0x00, 0xC3]), fileName: "attendance.csv", times: Fixtures.times)
        }
    }

    @Test func theExampleAttendanceFileHasItsKnownShape() throws {
        let url = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020/attendance.csv")
        let report = try CanonicalAttendanceDecoder().decode(try Data(contentsOf: url), fileName: "attendance.csv", times: Fixtures.times)
        #expect(report.evidence.count == 36)
        #expect(report.rejected.count == 4)
        let names = Set(report.evidence.map(\.attendee.fullName))
        for name in [
            "Siân Llywelyn", "Zoë Brontë-Łukasiewicz", "Nguyễn Thị Hằng", "王秀英", "Aoife Ní Bhriain", "Adébáyọ̀ Ọlátúnjí", "فاطمة الزهراء",
            "Małgorzata Wiśniewska",
        ] {
            #expect(names.contains(name), "missing \(name)")
        }
        #expect(report.evidence.allSatisfy { $0.attendee.identity.email.hasSuffix("@example.org") })
    }

    @Test func joinAndLeaveColumnsGiveSessionsThatMergePerPerson() throws {
        let report = try decode(
            """
            email,full_name,join_time,leave_time,organisation
            sian.llywelyn@example.org,Siân Llywelyn,2020-09-16 09:55,2020-09-16 11:00,"Cyngor Sir Ynys Môn, Llangefni"
            wang.xiuying@example.org,王秀英,2020-09-16 11:00,2020-09-16 10:00,
            " Sian.Llywelyn@Example.org",Siân Llywelyn,2020-09-16T10:00:00Z,2020-09-16 13:45:00,
            zoe.bronte@example.org,Zoë Brontë-Łukasiewicz,2020-09-16 10:00,,

            """)
        // 09:55-11:00 local and 11:00-13:45 (10:00Z is 11:00 BST): 10:00-13:30 counts.
        #expect(report.countedSeconds == ["sian.llywelyn@example.org": 210 * 60])
        #expect(report.person("sian.llywelyn@example.org")?.sessions.count == 2)
        #expect(report.person("sian.llywelyn@example.org")?.attendee.organisation == "Cyngor Sir Ynys Môn, Llangefni")
        #expect(report.rejected.map(\.line) == [3, 5])
        #expect(report.rejected[0].message == "'leave_time' is before 'join_time'; check the row, or export the report again")
        #expect(report.rejected[1].message.hasPrefix("'leave_time' is empty; cpdcert does not guess when this session ended"))
    }
}

/// `minutes_attended` is read as plain decimal minutes within a sane range: anything else is
/// rejected with its line (1e308 and friends once stopped `eligibility` and `issue` with SIGILL).
extension CanonicalAttendanceTests {
    @Test(arguments: [
        ("1e308", "in plain digits"), ("99999999999999999999999", "more than 100800 minutes"), ("1e17", "in plain digits"),
        ("0x10", "in plain digits"), ("nan", "in plain digits"), ("inf", "in plain digits"), ("-inf", "in plain digits"),
        ("-5", "cannot be negative"), ("-0.5", "cannot be negative"), ("+5", "in plain digits"), ("\"1,5\"", "in plain digits"),
        (".", "in plain digits"), ("1.2.3", "in plain digits"), ("١٢٠", "in plain digits"), ("100801", "more than 100800 minutes"),
        ("100800.5", "more than 100800 minutes"), ("0000000000000000000000100801", "more than 100800 minutes"),
        ("180\u{0}", "found '180U+0000'"),
    ])
    func minutesOutOfRangeOrNotPlainDigitsAreRejectedWithTheLine(text: String, message: String) throws {
        let report = try decode(
            "full_name,email,minutes_attended\nSiân Llywelyn,sian@example.org,200\nPriya Raghunathan,priya@example.org,\(text)\n")
        #expect(report.evidence.count == 1)
        let diagnostic = try #require(report.rejected.first)
        #expect(diagnostic.description.hasPrefix("attendance.csv:3: 'minutes_attended' "))
        #expect(diagnostic.message.contains(message), "\(diagnostic.message)")
    }

    @Test(arguments: [
        ("180", 10_800), ("157.5", 9_450), ("0", 0), ("-0", 0), ("007", 420), (".5", 30), ("2.", 120), ("0.0083", 0),
        ("1.99999", 120), ("100800", 6_048_000), ("00000000000000000000100800", 6_048_000),
    ])
    func plainMinutesAreReadAsSeconds(text: String, seconds: Int) throws {
        let report = try decode("full_name,email,minutes_attended\nSiân Llywelyn,sian@example.org,\(text)\n")
        #expect(report.rejected.isEmpty, "\(report.rejected)")
        #expect(report.evidence.first?.time == .total(seconds: seconds))
    }
}
