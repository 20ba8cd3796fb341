import CPDImport
import Foundation
import Testing

@Suite struct CSVReaderTests {
    func rows(_ text: String, separator: Unicode.Scalar = ",") -> [CSVRow] {
        Array(CSVReader(text: text, separator: separator))
    }

    @Test func quotedCellsKeepSeparatorsQuotesAndNewlines() {
        let parsed = rows("name,note\r\n\"O'Connor, James\",\"said \"\"hi\"\"\nthen left\"\r\nNext,x\r\n")
        #expect(parsed.map(\.cells) == [["name", "note"], ["O'Connor, James", "said \"hi\"\nthen left"], ["Next", "x"]])
        #expect(parsed.map(\.line) == [1, 2, 4])
    }

    @Test func lineEndingsLFCRLFAndCRAllWork() {
        #expect(rows("a,b\nc,d\r\ne,f\rg,h").map(\.cells) == [["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]])
    }

    @Test func tabSeparatorIsGuessedFromTheHeader() {
        let text = "Name\tEmail\tMinutes, maybe\nA\ta@example.org\t10\n"
        #expect(CSVReader.guessSeparator(in: text) == "\t")
        #expect(rows(text, separator: "\t")[1].cells == ["A", "a@example.org", "10"])
        #expect(CSVReader.guessSeparator(in: "a,b,c\n") == ",")
    }

    @Test func unterminatedQuoteIsReportedWithItsLine() {
        var reader = CSVReader(text: "a,b\n\"open,c\n")
        while reader.next() != nil {}
        #expect(reader.problems.map(\.line) == [2])
    }

    @Test func byteOrderMarksAndUTF16AreDecoded() {
        let text = "full_name,email\nSiân Llywelyn,sian@example.org\n"
        let utf8BOM = Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
        var utf16LE = Data([0xFF, 0xFE])
        for unit in text.utf16 { utf16LE.append(contentsOf: [UInt8(unit & 0xFF), UInt8(unit >> 8)]) }
        var utf16BE = Data([0xFE, 0xFF])
        for unit in text.utf16 { utf16BE.append(contentsOf: [UInt8(unit >> 8), UInt8(unit & 0xFF)]) }
        #expect(TextDecoding.decode(utf8BOM) == text)
        #expect(TextDecoding.decode(utf16LE) == text)
        #expect(TextDecoding.decode(utf16BE) == text)
        #expect(TextDecoding.decode(Data([0xC3, 0x28])) == nil)
    }
}
