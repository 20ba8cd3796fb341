/// Who a certificate belongs to: the trimmed, lower-cased email address.
///
/// Never printed, never shown by the verifier, never logged above trace level.
public struct AttendeeIdentity: Hashable, Sendable, Comparable, Codable {
    /// The normalised email address.
    public let email: String

    /// Normalises `email` (trims white space, lower-cases); returns nil for an address without
    /// exactly one `@` with text on both sides, or with white space inside.
    public init?(email: String) {
        let trimmed = email.trimmingWhitespace().lowercased()
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            !trimmed.contains(where: { $0.isWhitespace })
        else { return nil }
        self.email = trimmed
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
