/// Keeps each field's bidirectional formatting inside the field: a name holding a right-to-left
/// override (U+202E) must not reverse the job title printed after it.
///
/// A value is closed (`balanced`): every embedding, override or isolate it opens is closed at its
/// end, and each closer it has no opener for is dropped, since an unmatched pop-isolate would
/// close the isolate around the value and let the rest out. In a line that joins several values,
/// each is wrapped in a first-strong isolate (U+2068 … U+2069), which also keeps a right-to-left
/// value from reordering the text beside it. A line with no right-to-left or bidirectional
/// formatting character is left as it is: every character of it is laid out left to right
/// anyway, so isolates there would change nothing but the bytes of an issued PDF.
///
/// ```swift
/// BidiIsolation.isolated("\u{202E}Manager")   // "\u{2068}\u{202E}Manager\u{202C}\u{2069}"
/// ```
public enum BidiIsolation {
    /// First strong isolate: the value takes the direction of its first strong character.
    public static let firstStrongIsolate: Unicode.Scalar = "\u{2068}"
    /// Pop directional isolate.
    public static let popIsolate: Unicode.Scalar = "\u{2069}"
    /// Pop directional formatting: ends an embedding or override.
    static let popFormatting: Unicode.Scalar = "\u{202C}"

    /// `value` with its unmatched closers dropped and its open embeddings and isolates closed.
    public static func balanced(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: VisibleText.isBidiControl) else { return value }
        // What is open, innermost last: true for an isolate, false for an embedding or override.
        var open: [Bool] = []
        var result = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 0x202A, 0x202B, 0x202D, 0x202E:
                open.append(false)
            case 0x2066...0x2068:
                open.append(true)
            case 0x202C:
                // Ends the innermost embedding, never one outside an isolate.
                guard open.last == false else { continue }
                open.removeLast()
            case 0x2069:
                // Ends the innermost isolate and the embeddings inside it.
                guard let isolate = open.lastIndex(of: true) else { continue }
                open.removeSubrange(isolate...)
            default:
                break
            }
            result.append(scalar)
        }
        for isIsolate in open.reversed() { result.append(isIsolate ? popIsolate : popFormatting) }
        return String(result)
    }

    /// `value`, balanced, in a first-strong isolate.
    public static func isolated(_ value: String) -> String {
        var result = String.UnicodeScalarView()
        result.append(firstStrongIsolate)
        result.append(contentsOf: balanced(value).unicodeScalars)
        result.append(popIsolate)
        return String(result)
    }

    /// True when laying `text` out could reorder any of it: it holds a right-to-left letter or
    /// digit (Hebrew, Arabic, Syriac, Thaana, N'Ko and the other right-to-left blocks, where even
    /// unassigned code points are right-to-left) or a bidirectional formatting character.
    public static func mayReorder(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF, 0x10800...0x10FFF, 0x1E800...0x1EFFF: true
            default: VisibleText.isBidiControl(scalar)
            }
        }
    }

    /// `values` joined by `separator`, each isolated when the joined line may reorder.
    public static func joined(_ values: [String], separator: String) -> String {
        let plain = values.joined(separator: separator)
        guard values.count > 1, mayReorder(plain) else { return balanced(plain) }
        return directionMark(literals: [separator]) + values.map(isolated).joined(separator: separator)
    }

    /// The mark that starts a line of isolated values, so its direction comes from the template's
    /// own text (`literals`): right-to-left when its first letter is, else left-to-right, as for
    /// a `<bdi>` on the page. Without it, Pango takes an embedding or override inside the first
    /// value (U+202E) for the line's first strong character, and a hostile value would turn
    /// the whole line around.
    public static func directionMark(literals: [String]) -> String {
        for scalar in literals.joined().unicodeScalars where scalar.properties.isAlphabetic {
            return mayReorder(String(scalar)) ? "\u{200F}" : "\u{200E}"
        }
        return "\u{200E}"
    }
}
