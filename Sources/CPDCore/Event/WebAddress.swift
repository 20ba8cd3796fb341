import Foundation

/// A web address a certificate prints or links to (the organiser's site, the verification base,
/// a template's link): `https:` (or `http:`, with a warning), with a host, and nothing that can
/// hide where it leads: no user info, no spaces, no control or bidirectional formatting characters.
///
/// ```swift
/// switch WebAddress.check("javascript:alert(1)") {
/// case .secure, .insecure: ...
/// case .invalid(let reason): print(reason)   // "must be an https: URL, found 'javascript:alert(1)'"
/// }
/// ```
public enum WebAddress {
    /// The longest address accepted.
    public static let maximumLength = 2000

    /// What checking an address gave.
    public enum Check: Equatable, Sendable {
        /// An `https:` address.
        case secure
        /// An `http:` address: accepted, but worth a warning.
        case insecure
        /// Not acceptable; `reason` completes "'organiser.url' ..." and quotes the address.
        case invalid(reason: String)
    }

    /// Checks `text` as a whole address.
    public static func check(_ text: String) -> Check {
        let lower = text.lowercased()
        let secure = lower.hasPrefix("https://")
        guard secure || lower.hasPrefix("http://") else {
            return .invalid(reason: "must be an https: URL, found '\(quoted(text))'")
        }
        guard text.count <= maximumLength else {
            return .invalid(reason: "must be an https: URL of at most \(maximumLength) characters, found one of \(text.count)")
        }
        if let scalar = text.unicodeScalars.first(where: isHidden) {
            return .invalid(
                reason:
                    "must be an https: URL without spaces or invisible characters, found \(VisibleText.codePoint(scalar)) in '\(quoted(text))'"
            )
        }
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            return .invalid(reason: "must be an https: URL with a host name, like https://example.org/, found '\(quoted(text))'")
        }
        guard components.user == nil, components.password == nil, !(components.percentEncodedHost ?? "").contains("@") else {
            return .invalid(
                reason: "must be an https: URL without a user name before '@' (it hides the real host), found '\(quoted(text))'")
        }
        return secure ? .secure : .insecure
    }

    /// True when `text` is an address to link to (`https:` or `http:`).
    public static func isAccepted(_ text: String) -> Bool {
        if case .invalid = check(text) { false } else { true }
    }

    /// True for a character that must not be in an address: white space, controls, and the
    /// invisible formatting characters (bidirectional controls among them) that can disguise one.
    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned: true
        default: scalar.properties.isWhitespace
        }
    }

    /// The address as a message may quote it: at most 100 characters, active ones escaped.
    static func quoted(_ text: String) -> String {
        VisibleText.escaped(text.count > 100 ? String(text.prefix(100)) + "…" : text)
    }
}
