/// Who a certificate belongs to: the trimmed, lower-cased email address.
///
/// Never printed, never shown by the verifier, never logged above trace level.
public struct AttendeeIdentity: Hashable, Sendable, Comparable, Codable {
    /// The normalised email address.
    public let email: String

    /// Normalises `email` (trims white space, lower-cases); returns nil for an address without
    /// exactly one `@` with text on both sides, or with white space or a control character
    /// inside (a NUL would cut it short wherever C reads it: SQLite, a PDF, a log).
    public init?(email: String) {
        if let normalised = Self.normalisedASCII(email) {
            guard normalised else { return nil }
            self.email = email
            return
        }
        let trimmed = email.trimmingWhitespace().lowercased()
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            !trimmed.contains(where: { $0.isWhitespace }),
            !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { return nil }
        self.email = trimmed
    }

    /// For printable ASCII without capitals (as the registry stores every identity), the same
    /// verdict as the general rule, by byte: nil when the text needs the general rule.
    private static func normalisedASCII(_ email: String) -> Bool? {
        var at: Int?
        var count = 0
        for byte in email.utf8 {
            guard (0x21...0x7E).contains(byte), !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) else { return nil }
            if byte == UInt8(ascii: "@") {
                if at != nil { return false }
                at = count
            }
            count += 1
        }
        guard let at, at > 0 else { return false }
        let domain = email.utf8.dropFirst(at + 1)
        return domain.contains(UInt8(ascii: ".")) && domain.first != UInt8(ascii: ".") && domain.last != UInt8(ascii: ".")
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let identity = AttendeeIdentity(email: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not an email address")
        }
        self = identity
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(email)
    }

    public static func < (lhs: AttendeeIdentity, rhs: AttendeeIdentity) -> Bool {
        lhs.email < rhs.email
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space (including no-break spaces).
    public func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
