import CPDCore
import Testing

@Suite struct BidiIsolationTests {
    static let fsi = "\u{2068}", pdi = "\u{2069}", pdf = "\u{202C}", rlo = "\u{202E}", lre = "\u{202A}", rli = "\u{2067}"

    @Test(arguments: [
        // Plain text of any script is left alone.
        ("Siân Llywelyn", "Siân Llywelyn"),
        ("محمد عبد الله", "محمد عبد الله"),
        // Open controls are closed, innermost first.
        ("\u{202E}Manager", "\u{202E}Manager\u{202C}"),
        ("\u{202A}a\u{2067}b", "\u{202A}a\u{2067}b\u{2069}\u{202C}"),
        // A closer with no opener is dropped: an unmatched PDI would end the isolate around the value.
        ("x\u{2069}\u{202E}y", "x\u{202E}y\u{202C}"),
        ("x\u{202C}y", "xy"),
        // A PDF cannot close an embedding outside the innermost isolate; a PDI closes the embeddings inside it.
        ("\u{202E}a\u{2066}b\u{202C}c", "\u{202E}a\u{2066}bc\u{2069}\u{202C}"),
        ("\u{2066}\u{202E}a\u{2069}b", "\u{2066}\u{202E}a\u{2069}b"),
        // Balanced text is kept as it is.
        ("\u{202B}abc\u{202C}", "\u{202B}abc\u{202C}"),
    ])
    func balancingClosesWhatAValueOpens(value: String, expected: String) {
        #expect(BidiIsolation.balanced(value).unicodeScalars.map(\.value) == expected.unicodeScalars.map(\.value))
    }

    @Test func anIsolatedValueCannotLeakItsOverride() {
        let isolated = BidiIsolation.isolated("x\u{2069}\u{202E}Manager")
        #expect(isolated == Self.fsi + "x\u{202E}Manager" + Self.pdf + Self.pdi)
    }

    @Test func aRoleLineIsolatesEachPartOnlyWhenItMayReorder() {
        #expect(BidiIsolation.joined(["Senior Social Worker", "Harbourside"], separator: ", ") == "Senior Social Worker, Harbourside")
        #expect(
            BidiIsolation.joined(["\u{202E}Manager", "Fictional Org"], separator: ", ")
                == "\u{200E}" + Self.fsi + "\u{202E}Manager" + Self.pdf + Self.pdi + ", " + Self.fsi + "Fictional Org" + Self.pdi)
        #expect(
            BidiIsolation.joined(["مدير", "Fictional Org"], separator: ", ")
                == "\u{200E}\u{2068}مدير\u{2069}, \u{2068}Fictional Org\u{2069}")
    }

    @Test func aTemplateLineIsolatesEachValueBesideLiterals() throws {
        let text = try TemplateText(parsing: "Certificate ID  {{certificate.id}} · {{attendee.name}}")
        let plain = ["certificate.id": "16Q4-G4JX", "attendee.name": "Siân"]
        #expect(text.resolveIsolated(plain) == text.resolve(plain))
        let hostile = ["certificate.id": "16Q4-G4JX", "attendee.name": "\u{202E}Siân"]
        #expect(
            text.resolveIsolated(hostile) == "\u{200E}Certificate ID  \u{2068}16Q4-G4JX\u{2069} · \u{2068}\u{202E}Siân\u{202C}\u{2069}")
        // A right-to-left template line keeps its direction.
        let arabic = try TemplateText(parsing: "شهادة {{attendee.name}}")
        #expect(arabic.resolveIsolated(hostile).hasPrefix("\u{200F}شهادة \u{2068}"))
        // A text that is one placeholder keeps its own direction: balanced, not wrapped.
        #expect(try TemplateText(parsing: "{{attendee.name}}").resolveIsolated(hostile) == "\u{202E}Siân\u{202C}")
    }
}
