import CPDCore
import Testing

@Suite struct CSVFormatTests {
    @Test(arguments: [
        ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("Siân Llywelyn", "Siân Llywelyn"),
        ("O'Connor, James", "\"O'Connor, James\""),
        ("line\nbreak", "\"line\nbreak\""),
    ])
    func cellsAreNeutralisedAndQuoted(value: String, expected: String) {
        #expect(CSVFormat.cell(value) == expected)
    }

    @Test func recordsEndWithCRLF() {
        #expect(CSVFormat.record(["a", "b"]) == "a,b\r\n")
    }
}
