/// Text made safe to show where a character could act instead of being seen: a terminal (ESC
/// starts an escape sequence, CR overwrites a line) or a line of text next to other fields (a
/// bidirectional override reverses what follows it).
///
/// ```swift
/// VisibleText.escaped("Ann\u{1B}[2J")       // "Ann<U+001B>[2J"
/// VisibleText.escaped("a\r\nb", keepingLineBreaks: true)  // unchanged
/// ```
public enum VisibleText {
    /// The bidirectional formatting characters: embeddings and overrides (U+202A–U+202E),
    /// isolates (U+2066–U+2069) and the marks LRM, RLM and ALM.
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        default: false
        }
    }

    /// True for a character that does something rather than show: C0 and C1 controls, DEL,
    /// bidirectional controls, and the line and paragraph separators.
    public static func isActive(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: true
        default: isBidiControl(scalar)
        }
    }

    /// `U+001B`.
    public static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// `text` with every active character written as `<U+XXXX>`.
    /// Escaping twice gives the same text as escaping once.
    /// With `keepingLineBreaks`, a line feed and a carriage return just before one (CSV's CRLF)
    /// are kept; a carriage return alone, which would move the cursor back, is escaped.
    public static func escaped(_ text: String, keepingLineBreaks: Bool = false) -> String {
        // The common case, checked without copying: nothing to escape (a line of output ends in
        // a line feed, so line feeds alone must not send it the slow way).
        let other = text.unicodeScalars.contains { isActive($0) && !(keepingLineBreaks && $0 == "\n") }
        guard other else { return text }
        let scalars = Array(text.unicodeScalars)
        func kept(_ index: Int) -> Bool {
            guard keepingLineBreaks else { return false }
            return scalars[index] == "\n" || (scalars[index] == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n")
        }
        guard scalars.indices.contains(where: { isActive(scalars[$0]) && !kept($0) }) else { return text }
        var result = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if isActive(scalar) && !kept(index) {
                result.append(contentsOf: "<\(codePoint(scalar))>".unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// JSON text with every active character that an encoder leaves raw (DEL, C1, bidirectional
    /// controls, U+2028, U+2029) written as a `\uXXXX` escape: the same JSON value, safe to print.
    /// Only string contents can hold such characters, so the structure is untouched.
    public static func escapedJSON(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: { isActive($0) && $0.value > 0x1F }) else { return json }
        var result = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if isActive(scalar) && scalar.value > 0x1F {
                let hex = String(scalar.value, radix: 16)
                result.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
