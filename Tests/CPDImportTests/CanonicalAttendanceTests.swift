import CPDCore
import CPDImport
import CPDTestSupport
import Foundation
import Testing

@Suite struct CanonicalAttendanceTests {
    func decode(_ text: String) throws -> AttendanceReport {
        try CanonicalAttendanceDecoder().decode(Data(text.utf8), fileName: "attendance.csv")
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

    @Test func theSameEmailTwiceIsRejectedNamingTheFirstLine() throws {
        let report = try decode("full_name,email,minutes_attended\nA,a@example.org,200\nB,b@example.org,10\nA again, A@EXAMPLE.org ,200\n")
        #expect(report.evidence.count == 2)
        #expect(
            report.rejected.map(\.description) == [
                "attendance.csv:4: the same email as line 2; list each attendee once (emails are compared ignoring case and spaces)"
            ])
    }

    @Test func missingColumnFailsTheFileNamingWhatIsThere() {
        #expect(throws: AttendanceFileError.missingColumn(file: "attendance.csv", column: "email", found: ["name", "minutes"])) {
            try decode("name,minutes\nA,20\n")
        }
        #expect(throws: AttendanceFileError.empty(file: "attendance.csv")) { try decode("") }
        #expect(throws: AttendanceFileError.notText(file: "attendance.csv")) {
            try CanonicalAttendanceDecoder().decode(Data([0xFF, 0xFF, 0x00, 0xC3]), fileName: "attendance.csv")
        }
    }

    @Test func theExampleAttendanceFileHasItsKnownShape() throws {
        let url = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020/attendance.csv")
        let report = try CanonicalAttendanceDecoder().decode(try Data(contentsOf: url), fileName: "attendance.csv")
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
}
