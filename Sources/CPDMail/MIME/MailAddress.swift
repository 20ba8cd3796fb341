import Foundation

/// An address with an optional display name, as headers and the SMTP envelope use it.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The display name ("Siân Llywelyn"), if any.
    public var name: String?
    /// The address itself (`sian.llywelyn@example.org`).
    public var address: String

    /// Creates an address.
    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// Parses `Name <address>` or a bare `address`.
    /// - Throws: `MailError.badAddress` quoting `text` when it has no `local@domain`.
    public init(parsing text: String) throws(MailError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var name: String?
        var address = trimmed
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            let shown = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            let unquoted = shown.hasPrefix("\"") && shown.hasSuffix("\"") && shown.count >= 2 ? String(shown.dropFirst().dropLast()) : shown
            name = unquoted.isEmpty ? nil : unquoted
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !address.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "\"" })
        else { throw .badAddress(text) }
        self.init(name: name, address: address)
    }

    /// The domain after the `@`.
    public var domain: String { String(address.split(separator: "@").last ?? "") }

    /// The header form: `"Name" <address>`, the name in encoded words when it is not ASCII.
    public var header: String {
        guard let name, !name.isEmpty else { return "<\(address)>" }
        if name.utf8.contains(where: { $0 < 0x20 || $0 > 0x7E }) { return EncodedWord.header(name) + "\r\n <\(address)>" }
        let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(quoted)\" <\(address)>"
    }

    public var description: String { header }
}
