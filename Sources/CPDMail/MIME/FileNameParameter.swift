/// A `filename` parameter of Content-Disposition: quoted as it is when it is plain ASCII, else
/// as RFC 2231 `filename*0*=UTF-8''...; filename*1*=...` percent-encoded continuations, none of
/// whose lines exceeds 78 characters, so a reader gets the readable name back exactly.
enum FileNameParameter {
    static func parameter(_ name: String) -> String {
        let isPlain = name.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
        if isPlain && name.utf8.count <= 60 { return "filename=\"\(name)\"" }
        var sections: [String] = []
        var current = "UTF-8''"
        for character in name {
            let encoded = String(character).utf8.map(percent).joined()
            if current.count + encoded.count > 60 {
                sections.append(current)
                current = ""
            }
            current += encoded
        }
        sections.append(current)
        return sections.enumerated().map { "filename*\($0.offset)*=\($0.element)" }.joined(separator: ";\r\n ")
    }

    /// A byte as RFC 2231 writes it: attribute characters as they are, others as %XX.
    private static func percent(_ byte: UInt8) -> String {
        let unreserved =
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || [UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~")].contains(byte)
        if unreserved { return String(UnicodeScalar(byte)) }
        let digits = Array("0123456789ABCDEF")
        return "%" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
    }
}
