import CPDCore
import CPDImport
import CPDTestSupport
import Foundation
import Testing

@Suite struct AttendanceFormatTests {
    static let samples: [(String, AttendanceFormat)] = [
        ("zoom-webinar-attendee-report.csv", .zoomWebinar),
        ("zoom-meeting-participants.csv", .zoomMeeting),
        ("zoom-meeting-participants-2024.csv", .zoomMeeting),
        ("teamsUS", .teams),
        ("teamsGB", .teams),
        ("teamsLegacy", .teamsLegacy),
        ("Examples/county-lines-2020/attendance.csv", .canonical),
    ]

    func data(_ name: String) throws -> Data {
        switch name {
        case "teamsUS": Fixtures.utf16LE(Fixtures.teamsUS)
        case "teamsGB": Fixtures.utf16BE(Fixtures.teamsGB)
        case "teamsLegacy": Fixtures.utf16LE(Fixtures.teamsLegacy)
        case let path where path.hasPrefix("Examples/"): try Data(contentsOf: Samples.packageRoot.appendingPathComponent(path))
        default: try Fixtures.data(name)
        }
    }

    @Test(arguments: samples)
    func theFormatIsDetectedFromTheContent(name: String, format: AttendanceFormat) throws {
        let importer = AttendanceImporter(event: Samples.event)
        let result = try importer.read(try data(name), fileName: name)
        #expect(result.format == format)
        #expect(!result.report.evidence.isEmpty)
    }

    @Test func canonicalWithSessionsIsDetectedToo() throws {
        let text = "full_name,email,join_time,leave_time\nSiân Llywelyn,sian.llywelyn@example.org,2020-09-16 10:00,2020-09-16 13:30\n"
        #expect(try AttendanceImporter(event: Samples.event).read(Data(text.utf8), fileName: "a.csv").format == .canonical)
    }

    @Test func anUnknownFileSaysWhatIsReadAndHowToChoose() throws {
        let error = try #require(throws: AttendanceFileError.self) {
            try AttendanceImporter(event: Samples.event).read(Data("colour,size\nred,9\n".utf8), fileName: "shop.csv")
        }
        #expect(error.description.hasPrefix("shop.csv: cannot tell which attendance report this is"))
        #expect(
            error.description.hasSuffix(
                "--format canonical|zoom-webinar|zoom-meeting|teams|teams-legacy|teams-summary|google-meet|webex|goto-webinar|door-scans"))
    }

    @Test func aGivenFormatOverridesDetection() throws {
        let importer = AttendanceImporter(event: Samples.event)
        let data = try Fixtures.data("zoom-meeting-participants.csv")
        #expect(throws: AttendanceFileError.self) { try importer.read(data, fileName: "p.csv", format: .zoomWebinar) }
        #expect(try importer.read(data, fileName: "p.csv", format: .zoomMeeting).format == .zoomMeeting)
    }

    @Test func separatorsAreGuessedFromManyLines() {
        // Teams: the first line has neither separator and the dates hold commas.
        #expect(CSVReader.guessSeparator(in: Fixtures.teamsUS) == "\t")
        #expect(CSVReader.guessSeparator(in: "Attendee Report,\r\nTopic,Webinar ID\r\n") == ",")
    }
}
