import CPDCore
import CPDImport
import CPDTestSupport
import Foundation
import Testing

/// Name-only rows given identities by the registration list (Fixtures/sources/README.md has
/// each person's minutes worked out by hand).
@Suite struct AttendanceRosterTests {
    /// Teams' 2020-21 list, names only (UTF-16, tab-separated, as Teams writes it). By hand:
    /// "SIÂN LLYWELYN" (a case variant) 10:00-11:00 and "Llywelyn, Siân" 11:30-13:30: 60 + 120 = 180;
    /// "Zoe Bronte-Łukasiewicz (Guest)" (no accents) 10:00-12:00: 120 (with a warning);
    /// "Alex Morgan": two people booked under that name, ambiguous; "Ffion Evans": no booking.
    static let teamsNamesOnly = Fixtures.utf16LE(
        Fixtures.tsv([
            ["Full Name", "User Action", "Timestamp"],  // 1
            ["SIÂN LLYWELYN", "Joined", "9/16/2020, 10:00:00 AM"],
            ["Zoe Bronte-Łukasiewicz (Guest)", "Joined", "9/16/2020, 10:00:00 AM"],
            ["SIÂN LLYWELYN", "Left", "9/16/2020, 11:00:00 AM"],
            ["Llywelyn,  Siân", "Joined", "9/16/2020, 11:30:00 AM"],  // 5
            ["Zoe Bronte-Łukasiewicz (Guest)", "Left", "9/16/2020, 12:00:00 PM"],
            ["Llywelyn,  Siân", "Left", "9/16/2020, 1:30:00 PM"],
            ["Alex Morgan", "Joined", "9/16/2020, 10:00:00 AM"],
            ["Ffion Evans", "Joined", "9/16/2020, 10:00:00 AM"],  // 9
        ]))

    @Test func namesFindTheirBookingsExactlyThenIgnoringAccents() throws {
        let imported = try SourcesFixtures.merge([("teams.csv", Self.teamsNamesOnly)], roster: SourcesFixtures.roster())
        let byEmail = Dictionary(
            uniqueKeysWithValues: imported.report.evidence.map {
                ($0.attendee.identity.email, $0.attendedTime(in: Samples.event).countedSeconds / 60)
            })
        // Siân's two bookings (lines 2 and 6) differ only by case and spaces: one identity.
        #expect(byEmail == ["sian.llywelyn@example.org": 180, "zoe.bronte@example.org": 120])
        // The name printed is the booking's, as the person wrote it, not the report's capitals or missing accents.
        #expect(Set(imported.report.evidence.map(\.attendee.fullName)) == ["Siân Llywelyn", "Zoë Brontë-Łukasiewicz"])
        #expect(
            imported.report.warnings.map(\.description)
                == [3, 6].map {
                    "teams.csv:\($0): 'Zoe Bronte-Łukasiewicz' matched the booking 'Zoë Brontë-Łukasiewicz' (eventbrite-attendees.csv:3) only ignoring accents and case; check it is the same person"
                })
    }

    @Test func anAmbiguousNameAndAnUnknownOneAreRejectedWithTheirLines() throws {
        let imported = try SourcesFixtures.merge([("teams.csv", Self.teamsNamesOnly)], roster: SourcesFixtures.roster())
        let rejected = imported.report.rejected.map(\.description)
        #expect(
            rejected.contains(
                "teams.csv:8: 'Full Name' is 'Alex Morgan', which bookings of 2 different people share (eventbrite-attendees.csv:4 and eventbrite-attendees.csv:5); cpdcert does not guess who this is: make the names in eventbrite-attendees.csv tell them apart (as each is written in the report), or give this report an email column"
            ))
        #expect(
            rejected.contains(
                "teams.csv:9: 'Full Name' is 'Ffion Evans', and no booking in eventbrite-attendees.csv has that name; add the person to eventbrite-attendees.csv (a name and an email), or correct the name in either file"
            ))
        #expect(rejected.count == 2)
    }

    @Test func withoutARosterANameOnlyReportIsRefusedSayingToPassOne() throws {
        let error = try #require(throws: AttendanceFileError.self) { try SourcesFixtures.merge([("teams.csv", Self.teamsNamesOnly)]) }
        #expect(error.description.hasPrefix("teams.csv:1: no 'Email' column"))
        #expect(
            error.description.contains(
                "pass the event's registration list (names and emails, as the booking system exports it) with --roster FILE"))
        let phone = try #require(throws: AttendanceFileError.self) { try SourcesFixtures.merge(["phone-dial-ins.csv"]) }
        #expect(phone.description.contains("--roster FILE"))
    }

    @Test func aBlankEmailInAReportWithAnEmailColumnStaysRejected() throws {
        // The roster applies to files without an email column only: Siân's blank email is not looked up by name.
        let text = "full_name,email,join_time,leave_time\nSiân Llywelyn,,2020-09-16 10:00:00,2020-09-16 13:30:00\n"
        let imported = try SourcesFixtures.merge([("a.csv", Data(text.utf8))], roster: SourcesFixtures.roster())
        #expect(imported.report.evidence.isEmpty)
        #expect(imported.report.rejected.map(\.description) == ["a.csv:2: 'email' is empty; the email address identifies the attendee"])
    }

    @Test func zoomOtherAttendedAndDialInsAreIdentifiedAndMergedWithZoom() throws {
        let imported = try SourcesFixtures.merge(["zoom-webinar.csv", "phone-dial-ins.csv"], roster: SourcesFixtures.roster())
        #expect(
            SourcesFixtures.minutes(imported) == [
                "Siân Llywelyn": 180, "Nguyễn Thị Hằng": 210, "Dafydd ap Gruffudd": 90, "Aoife Ní Bhriain": 180, "Ελένη Παπαδοπούλου": 210,
            ])
        let sian = try #require(imported.report.evidence.first { $0.attendee.fullName == "Siân Llywelyn" })
        #expect(sian.attendee.identity.email == "sian.llywelyn@example.org")
        #expect(sian.origins == [SourceLines(source: 0, lines: [10]), SourceLines(source: 1, lines: [2])])
        #expect(imported.report.rejected.map(\.line) == [4, 5])
    }

    @Test func anExactMatchWinsAndALooseOneIsTrustedOnlyForOneIdentity() throws {
        // Two people: "Zoë Brown" and "Zoe Brown". "Zoe Brown" is the second exactly; "Zoé Brown"
        // matches neither exactly and both ignoring accents, so it is ambiguous, not guessed.
        let roster = try AttendanceRoster(
            data: Data("Name,Email\nZoë Brown,zoe.one@example.org\nZoe Brown,zoe.two@example.org\n".utf8), fileName: "r.csv")
        let text = "full_name,minutes_attended\nZoe Brown,200\nZoé Brown,200\n"
        let imported = try SourcesFixtures.merge([("a.csv", Data(text.utf8))], roster: roster)
        #expect(imported.report.evidence.map(\.attendee.identity.email) == ["zoe.two@example.org"])
        #expect(imported.report.warnings.isEmpty)
        #expect(imported.report.rejected.map(\.line) == [3])
        #expect(imported.report.rejected.first?.message.contains("(r.csv:2 and r.csv:3)") == true)
    }

    @Test(arguments: [
        ("  Siân   Llywelyn ", "siân llywelyn"), ("Llywelyn, Siân", "siân llywelyn"), ("Siân Llywelyn (Guest)", "siân llywelyn"),
        ("SIÂN LLYWELYN", "siân llywelyn"), ("Si\u{0061}\u{0302}n Llywelyn", "siân llywelyn"),
    ])
    func namesAreNormalisedBeforeComparing(name: String, key: String) throws {
        let roster = try AttendanceRoster(data: Data("Name,Email\n\(key),one@example.org\n".utf8), fileName: "r.csv")
        let text = "full_name,minutes_attended\n\"\(name)\",200\n"
        let imported = try SourcesFixtures.merge([("a.csv", Data(text.utf8))], roster: roster)
        #expect(imported.report.evidence.map(\.attendee.identity.email) == ["one@example.org"])
        #expect(imported.report.warnings.isEmpty)
    }

    @Test func aMicrosoftFormsDownloadIsARosterByItsQuestionsColumns() throws {
        // A public form: Forms' own Email is 'anonymous' and Name empty; the questions give them.
        let forms = """
            ID,Start time,Completion time,Email,Name,Full name,Email address
            1,9/1/20 10:00:00,9/1/20 10:02:00,anonymous,,Nguyễn Thị Hằng,nguyen.thi.hang@example.org

            """
        let roster = try AttendanceRoster(data: Data(forms.utf8), fileName: "forms.csv")
        #expect(roster.rejected.isEmpty)
        let text = "full_name,minutes_attended\nNguyễn Thị Hằng,200\n"
        let imported = try SourcesFixtures.merge([("a.csv", Data(text.utf8))], roster: roster)
        #expect(imported.report.evidence.map(\.attendee.identity.email) == ["nguyen.thi.hang@example.org"])
    }
}
