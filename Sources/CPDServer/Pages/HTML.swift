import CPDCore

/// HTML escaping for text and attribute values.
enum HTML {
    /// Escapes `&`, `<`, `>`, `"` and `'`, enough for element content and quoted attributes.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// A field's value, escaped, in `<bdi>` so its direction (and any bidirectional control in
    /// it) stays inside it: a name with U+202E cannot reverse the text after it.
    static func field(_ text: String) -> String {
        "<bdi>\(escape(text))</bdi>"
    }

    /// A field's value for an attribute, where no element can isolate it: escaped, and wrapped
    /// in first-strong isolate characters when it holds right-to-left or bidi characters.
    static func attributeField(_ text: String) -> String {
        escape(BidiIsolation.mayReorder(text) ? BidiIsolation.isolated(text) : text)
    }

    /// An `http(s)` URL to put in an `href`, escaped; nil for any other scheme (no `javascript:`).
    static func safeURL(_ text: String?) -> String? {
        guard let text else { return nil }
        let lower = text.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return nil }
        return escape(text)
    }
}
