import CPDCore
import CPDImport
import CPDTestSupport
import Foundation
import Testing

/// Attendance files as spreadsheets save them: Windows-1252, semicolons, joined files.
@Suite struct SpreadsheetFileTests {
    /// Excel's "CSV" on Windows: "Siân" is S i 0xE2 n, "Zoë" Z o 0xEB. By hand: Siân 10:00-13:00
    /// is 180 minutes, Zoë 10:00-11:00 is 60.
    static let windows1252: Data = {
        var bytes = Array("full_name,email,join_time,leave_time\r\n".utf8)  // 1
        bytes += Array("Si".utf8) + [0xE2] + Array("n Llywelyn,sian@example.org,2020-09-16 10:00:00,2020-09-16 13:00:00\r\n".utf8)  // 2
        bytes +=
            Array("Zo".utf8) + [0xEB] + Array(" Bront".utf8) + [0xEB]
            + Array(",zoe@example.org,2020-09-16 10:00:00,2020-09-16 11:00:00\r\n".utf8)
        return Data(bytes)
    }()

    @Test func aWindows1252FileIsReadRightWithAWarningNamingTheEncodingAndLine() throws {
        let imported = try SourcesFixtures.merge([("excel.csv", Self.windows1252)])
        #expect(SourcesFixtures.minutes(imported) == ["Siân Llywelyn": 180, "Zoë Brontë": 60])
        #expect(
            imported.report.warnings.map(\.description) == [
                "excel.csv:2: not valid UTF-8 (the first line that is not), so the file was read as Windows-1252 (the encoding Excel saves CSV in on Windows); check the names, or save the file as CSV UTF-8"
            ])
    }

    @Test(arguments: [(UInt8(0x80), "€"), (0x92, "\u{2019}"), (0x9C, "œ"), (0xE9, "é"), (0x41, "A")])
    func windows1252BytesAreTheirCharacters(byte: UInt8, expected: String) throws {
        let decoded = try #require(TextDecoding.decodeSpreadsheet(Data([0xFF, byte])))
        #expect(decoded.text == "ÿ" + expected)
        #expect(decoded.windows1252Line == 1)
    }

    @Test func aFilePartlyUTF8KeepsItsUTF8Characters() throws {
        // "Siân" in UTF-8 on line 1, "Zoë" in Windows-1252 on line 2.
        let mixed = Data(Array("Siân\n".utf8) + Array("Zo".utf8) + [0xEB, 0x0A])
        let decoded = try #require(TextDecoding.decodeSpreadsheet(mixed))
        #expect(decoded.text == "Siân\nZoë\n")
        #expect(decoded.windows1252Line == 2)
    }

    @Test func utf8StaysUTF8AndBinaryIsStillNotText() throws {
        #expect(TextDecoding.decodeSpreadsheet(Data("Zoë".utf8))?.windows1252Line == nil)
        #expect(TextDecoding.decodeSpreadsheet(Data([0x50, 0x4B, 0x03, 0x04, 0x00, 0xE2])) == nil)
    }

    /// Excel where the decimal mark is a comma. By hand: Siân 10:00-12:37:30 is 157.5 minutes,
    /// Zoë 10:00-13:30 is 210; "Brontë, Zoë" in quotes keeps its comma.
    static let semicolons = """
        full_name;email;join_time;leave_time
        Siân Llywelyn;sian@example.org;2020-09-16 10:00:00;2020-09-16 12:37:30
        "Brontë, Zoë";zoe@example.org;2020-09-16 10:00:00;2020-09-16 13:30:00

        """

    @Test func aSemicolonSeparatedFileIsDetected() throws {
        #expect(CSVReader.guessSeparator(in: Self.semicolons) == ";")
        let imported = try SourcesFixtures.merge([("excel.csv", Data(Self.semicolons.utf8))])
        #expect(SourcesFixtures.minutes(imported) == ["Siân Llywelyn": 157.5, "Brontë, Zoë": 210])
        #expect(imported.report.rejected.isEmpty)
        // Commas still win where they separate: a comma file with a semicolon in one cell.
        #expect(CSVReader.guessSeparator(in: "full_name,email,minutes\nA;B,a@example.org,10\nC,c@example.org,10\n") == ",")
    }

    @Test func aByteOrderMarkInsideTheFileIsAnErrorWithItsLine() throws {
        let joined = Data(
            ("\u{FEFF}full_name,email,minutes_attended\nSiân Llywelyn,sian@example.org,200\n"
                + "\u{FEFF}full_name,email,minutes_attended\nZoë Brontë,zoe@example.org,200\n").utf8)
        #expect(throws: AttendanceFileError.byteOrderMarkInside(file: "joined.csv", line: 3)) {
            try AttendanceDocument(data: joined, fileName: "joined.csv")
        }
        let error = AttendanceFileError.byteOrderMarkInside(file: "joined.csv", line: 3)
        #expect(error.description.hasPrefix("joined.csv:3: a byte order mark (U+FEFF) inside the file"))
    }
}
