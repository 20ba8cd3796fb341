import CPDCore
import CPDImport
import CPDTestSupport
import Foundation
import Testing

/// Hostile or broken values in each attendee field, through every decoder: each row is rejected
/// with its file and line and a reason, the good row beside it is kept, and the message never
/// repeats the value (it may be an email, or ten megabytes long).
@Suite struct AttendeeFieldTests {
    enum Field: String, CaseIterable, Sendable { case name, email, jobTitle, organisation }

    /// One attendance report with a good row and then a row holding `values`.
    struct Report: Sendable, CustomStringConvertible {
        let format: AttendanceFormat
        /// The line of the row with the value under test.
        let badLine: Int
        /// The fields this format reads.
        let fields: Set<Field>

        var description: String { format.rawValue }

        static let all = [
            Report(format: .canonical, badLine: 3, fields: Set(Field.allCases)),
            Report(format: .zoomMeeting, badLine: 3, fields: [.name, .email]),
            Report(format: .zoomWebinar, badLine: 4, fields: Set(Field.allCases)),
            Report(format: .teams, badLine: 4, fields: [.name, .email]),
            Report(format: .teamsLegacy, badLine: 4, fields: [.name, .email]),
            Report(format: .teamsSummary, badLine: 4, fields: [.name, .email]),
            Report(format: .googleMeet, badLine: 3, fields: [.name, .email]),
            Report(format: .webex, badLine: 3, fields: [.name, .email]),
            Report(format: .goToWebinar, badLine: 3, fields: [.name, .email]),
            Report(format: .doorScans, badLine: 4, fields: [.name, .email]),
        ]

        func data(_ values: [Field: String]) -> Data {
            let name = values[.name] ?? "Małgorzata Wiśniewska"
            let email = values[.email] ?? "malgorzata.w@example.org"
            let job = values[.jobTitle] ?? "School Nurse"
            let organisation = values[.organisation] ?? "Riverside NHS Foundation Trust"
            func csv(_ rows: [[String]]) -> Data {
                let quoted = rows.map { $0.map { "\"" + $0.replacingOccurrences("\"", "\"\"") + "\"" }.joined(separator: ",") }
                return Data((quoted.joined(separator: "\r\n") + "\r\n").utf8)
            }
            switch format {
            case .canonical:
                return csv([
                    ["full_name", "email", "job_title", "organisation", "minutes_attended"],
                    ["Siân Llywelyn", "sian@example.org", "Social Worker", "Harbourside", "200"],
                    [name, email, job, organisation, "200"],
                ])
            case .zoomMeeting:
                return csv([
                    ["Name (Original Name)", "User Email", "Join Time", "Leave Time", "Duration (Minutes)", "Guest"],
                    ["Siân Llywelyn", "sian@example.org", "09/16/2020 10:00:00 AM", "09/16/2020 01:30:00 PM", "210", "No"],
                    [name, email, "09/16/2020 10:00:00 AM", "09/16/2020 01:30:00 PM", "210", "No"],
                ])
            case .zoomWebinar:
                let header = ["Attended", "User Name (Original Name)", "Email", "Join Time", "Leave Time", "Job Title", "Organization"]
                return csv([
                    ["Attendee Details"], header,
                    [
                        "Yes", "Siân Llywelyn", "sian@example.org", "09/16/2020 10:00:00 AM", "09/16/2020 01:30:00 PM", "Nurse",
                        "Harbourside",
                    ],
                    ["Yes", name, email, "09/16/2020 10:00:00 AM", "09/16/2020 01:30:00 PM", job, organisation],
                ])
            case .teams:
                return Fixtures.utf16LE(
                    Fixtures.tsv([
                        ["3. In-Meeting Activities"], ["Name", "Join Time", "Leave Time", "Duration", "Email", "Role"],
                        ["Siân Llywelyn", "9/16/20, 10:00:00 AM", "9/16/20, 1:30:00 PM", "3h 30m", "sian@example.org", "Attendee"],
                        [name, "9/16/20, 10:00:00 AM", "9/16/20, 1:30:00 PM", "3h 30m", email, "Attendee"],
                    ]))
            case .teamsLegacy:
                return Fixtures.utf16LE(
                    Fixtures.tsv([
                        ["Email", "Full Name", "User Action", "Timestamp"],
                        ["sian@example.org", "Siân Llywelyn", "Joined", "9/16/2020, 10:00:00 AM"],
                        ["sian@example.org", "Siân Llywelyn", "Left", "9/16/2020, 1:30:00 PM"],
                        [email, name, "Joined", "9/16/2020, 10:00:00 AM"],
                        [email, name, "Left", "9/16/2020, 1:30:00 PM"],
                    ]))
            case .teamsSummary:
                return Fixtures.utf16LE(
                    Fixtures.tsv([
                        ["Meeting Summary"], ["Full Name", "Join Time", "Leave Time", "Duration", "Email", "Role"],
                        ["Siân Llywelyn", "9/16/20, 10:00:00 AM", "9/16/20, 1:30:00 PM", "3h 30m", "sian@example.org", "Attendee"],
                        [name, "9/16/20, 10:00:00 AM", "9/16/20, 1:30:00 PM", "3h 30m", email, "Attendee"],
                    ]))
            case .googleMeet:
                return csv([
                    ["First name", "Last name", "Email", "Duration", "Time joined", "Time exited"],
                    ["Siân", "Llywelyn", "sian@example.org", "3 hr 30 min", "16/09/2020 10:00", "16/09/2020 13:30"],
                    [name, "", email, "3 hr 30 min", "16/09/2020 10:00", "16/09/2020 13:30"],
                ])
            case .webex:
                return csv([
                    ["Participant Name", "Email", "Role", "Join Time", "Leave Time", "Duration"],
                    ["Siân Llywelyn", "sian@example.org", "Attendee", "2020-09-16 10:00:00", "2020-09-16 13:30:00", "210"],
                    [name, email, "Attendee", "2020-09-16 10:00:00", "2020-09-16 13:30:00", "210"],
                ])
            case .goToWebinar:
                return csv([
                    [
                        "Attended", "Interest Rating", "First Name", "Last Name", "Email", "Join Time", "Leave Time",
                        "In Session Duration* (minutes)",
                    ],
                    ["Yes", "80", "Siân", "Llywelyn", "sian@example.org", "Sep 16, 2020 10:00 AM BST", "Sep 16, 2020 01:30 PM BST", "210"],
                    ["Yes", "80", name, "", email, "Sep 16, 2020 10:00 AM BST", "Sep 16, 2020 01:30 PM BST", "210"],
                ])
            case .doorScans:
                return csv([
                    ["Email", "Name", "Timestamp", "Direction"],
                    ["sian@example.org", "Siân Llywelyn", "2020-09-16 10:00:00", "in"],
                    ["sian@example.org", "Siân Llywelyn", "2020-09-16 13:30:00", "out"],
                    [email, name, "2020-09-16 10:00:00", "in"],
                    [email, name, "2020-09-16 13:30:00", "out"],
                ])
            }
        }

        func decode(_ values: [Field: String]) throws -> AttendanceReport {
            try AttendanceImporter(times: Fixtures.times).read(data(values), fileName: "report.csv", format: format).report
        }
    }

    static let tenMegabytes = String(repeating: "Ab", count: 5_000_000)

    /// A field, a value no certificate may carry, and what the message must say.
    static let attacks: [(Field, String, String)] = [
        (.name, "Ann\u{0}Bee", "a control character (U+0000) at character 4"),
        (.name, "\u{0}\u{0}\u{0}", "a control character (U+0000)"),
        (.name, "Ann\u{1B}[2J", "a control character (U+001B)"),
        (.name, "Ann\u{2028}Bee", "a line break (U+2028)"),
        (.name, "\u{200B}\u{200B}\u{2060}", "no visible character"),
        (.name, "\u{301}\u{308}\u{328}", "no visible character"),
        (.name, "Ann \u{E000}", "a private-use character"),
        (.name, "Ann \u{F0000}", "a private-use character"),
        (.name, "Ann \u{378}", "a code point Unicode has not assigned"),
        (.name, "Ann \u{10FFFD}", "a private-use character"),
        (.name, tenMegabytes, "is 10000000 characters long; at most 200 are allowed"),
        (.email, "ann\u{0}.bee@example.org", "a control character (U+0000)"),
        (.email, "ann.bee@example.org\u{0}evil", "a control character (U+0000)"),
        (.email, String(repeating: "a", count: 300) + "@example.org", "at most 254 are allowed"),
        (.jobTitle, "Nurse\u{0}Manager", "a control character (U+0000)"),
        (.jobTitle, "\u{E001}", "a private-use character"),
        (.jobTitle, "\u{200B}", "no visible character"),
        (.jobTitle, tenMegabytes, "at most 200 are allowed"),
        (.organisation, "NHS\u{7}", "a control character (U+0007)"),
        (.organisation, "Trust \u{F8FF}", "a private-use character"),
        (.organisation, tenMegabytes, "at most 200 are allowed"),
    ]

    static let cases: [(Report, Field, String, String)] = Report.all.flatMap { report in
        attacks.filter { report.fields.contains($0.0) }.map { (report, $0.0, $0.1, $0.2) }
    }

    @Test(arguments: cases)
    func aFieldNoCertificateMayCarryRejectsItsRowWithTheLine(report: Report, field: Field, value: String, message: String) throws {
        let result = try report.decode([field: value])
        #expect(result.evidence.map(\.attendee.identity.email) == ["sian@example.org"])
        let diagnostic = try #require(result.rejected.first)
        #expect(diagnostic.description.hasPrefix("report.csv:\(report.badLine): "), "\(result.rejected)")
        #expect(diagnostic.message.contains(message), "\(diagnostic.message)")
        #expect(!diagnostic.message.contains("example.org") && !diagnostic.message.contains("\u{0}"))
        #expect(diagnostic.message.count < 400)
    }

    /// Names that look odd to a byte counter but print: joiners inside words (Persian, Hindi,
    /// emoji), combining marks on letters (Yoruba, Vietnamese), right-to-left text, 4-byte scalars.
    @Test(arguments: [
        "نرگس\u{200C}محمدی", "अनन्या शर्मा", "क्‍ष", "Adébáyọ̀ Ọlátúnjí", "Nguyễn Thị Hằng", "נועה כהן", "𠀋𡈽 Sato", "Zoë 👩🏽‍⚕️",
        "Å\u{30A}sa", String(repeating: "Ł", count: 200),
    ])
    func namesThatPrintAreKept(name: String) throws {
        for report in Report.all {
            let result = try report.decode([.name: name])
            #expect(result.rejected.isEmpty, "\(report): \(result.rejected)")
            #expect(result.evidence.last?.attendee.fullName == name.precomposedNFC, "\(report)")
        }
    }

    @Test func aDisplayNameThatIsOnlyAPlatformMarkAndAZeroWidthSpaceIsRejected() throws {
        // "(Guest)" is taken off; what is left prints nothing.
        let result = try Report.all[1].decode([.name: "\u{200B} (Guest)"])
        #expect(result.rejected.map(\.line) == [3])
        #expect(result.rejected.first?.message.contains("no visible character") == true)
    }
}
