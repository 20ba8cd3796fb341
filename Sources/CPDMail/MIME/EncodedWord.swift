/// Header text as RFC 2047 encoded words (`=?UTF-8?B?...?=`) when it is not plain ASCII, each
/// word at most 75 characters and never splitting a character (RFC 2047 §5 rule 3), so any mail
/// reader decodes the exact name.
enum EncodedWord {
    /// `text` as it may stand in an unstructured header (Subject) or a display name: unchanged
    /// when it is printable ASCII, else encoded words separated by folding white space.
    static func header(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 > 0x7E }) else { return folded(text) }
        return words(text).joined(separator: "\r\n ")
    }

    /// ASCII `text` folded before spaces (RFC 5322 §2.2.3) into lines of at most 66 characters,
    /// leaving room for the header's name on the first.
    static func folded(_ text: String) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty && line.count + 1 + word.count > 66 {
                lines.append(line)
                line = String(word)
            } else {
                line += (line.isEmpty && lines.isEmpty ? "" : " ") + word
            }
        }
        lines.append(line)
        return lines.joined(separator: "\r\n ")
    }

    /// Encoded words for `text`, each holding whole characters and at most 75 characters long.
    static func words(_ text: String) -> [String] {
        // "=?UTF-8?B?" + "?=" leave 63 characters of base64: 45 bytes of UTF-8 (15 groups of 3).
        let maximumBytes = 45
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if !chunk.isEmpty && chunk.count + bytes.count > maximumBytes {
                words.append(word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(word(chunk)) }
        return words
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Base64Lines.encode(bytes) + "?="
    }
}
