import CPDCore
import Testing

@Suite struct VisibleTextTests {
    @Test(arguments: [
        ("Ann\u{1B}[2J", "Ann<U+001B>[2J"),
        ("a\rb", "a<U+000D>b"),
        ("a\nb", "a<U+000A>b"),
        ("del\u{7F}", "del<U+007F>"),
        ("csi\u{9B}31m", "csi<U+009B>31m"),
        ("\u{202E}Manager", "<U+202E>Manager"),
        ("a\u{200F}b\u{061C}c\u{2066}d", "a<U+200F>b<U+061C>c<U+2066>d"),
        ("line\u{2028}sep", "line<U+2028>sep"),
        ("Zoë Brontë-Łukasiewicz", "Zoë Brontë-Łukasiewicz"),
        ("محمد", "محمد"),
        ("王秀英", "王秀英"),
    ])
    func activeCharactersAreShownNotActedOn(text: String, expected: String) {
        #expect(VisibleText.escaped(text) == expected)
        #expect(VisibleText.escaped(expected) == expected)
    }

    @Test func lineBreaksCanBeKept() {
        #expect(VisibleText.escaped("one\ntwo\u{1B}", keepingLineBreaks: true) == "one\ntwo<U+001B>")
        // CSV's CRLF stays; a carriage return alone would move the cursor back over the line.
        #expect(VisibleText.escaped("a,b\r\nc,d\r\n", keepingLineBreaks: true) == "a,b\r\nc,d\r\n")
        #expect(VisibleText.escaped("paid\rrefunded\r", keepingLineBreaks: true) == "paid<U+000D>refunded<U+000D>")
    }

    @Test func jsonKeepsItsValueAndLosesTheRawCharacters() throws {
        let json = #"{"name":"a\#u{9B}b\#u{202E}c\#u{7F}","n":1}"#
        let escaped = VisibleText.escapedJSON(json)
        #expect(escaped == #"{"name":"a\u009bb\u202ec\u007f","n":1}"#)
        #expect(!escaped.unicodeScalars.contains { VisibleText.isActive($0) })
    }
}
