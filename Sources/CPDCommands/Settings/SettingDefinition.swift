import Foundation

/// One setting a configuration file, an environment variable or a flag can give: its key in
/// the file (`serve.port`), its environment variable (`CPDCERT_SERVE_PORT`), the flag that
/// overrides both, its default, and what a value must look like.
struct SettingDefinition: Sendable {
    /// What values are accepted.
    enum Kind: Sendable {
        case text
        /// A file or folder; a relative path in the configuration file is relative to that file's folder.
        case path
        /// A registry: a file path (as `.path`), or a URL whose password is never printed.
        case registry
        case integer(ClosedRange<Int>)
        case boolean
        case choice([String])
        /// `#rrggbb`.
        case colour
        /// IPv4 or IPv6 addresses, separated by commas.
        case addresses
        /// `host:port` (`[::1]:9090` for an IPv6 address).
        case hostPort
    }

    /// Dotted key as written in the file (`serve.site_name`).
    let key: String
    let kind: Kind
    /// The default, as text; nil when there is none here (the value is worked out at run time, as `help` says).
    let defaultValue: String?
    /// The flag of the command that overrides it, as typed (`--port`).
    let flag: String
    let help: String
    /// Printed masked by `config check`.
    var isSecret = false

    /// What happens when nothing gives a setting without a default: the `(default: ...)` of `help`.
    var otherwise: String {
        guard let open = help.range(of: "(default: "), let close = help.range(of: ")", range: open.upperBound..<help.endIndex) else {
            return "not set"
        }
        return "default: " + help[open.upperBound..<close.lowerBound]
    }

    /// `CPDCERT_` and the key in capitals with `_` for `.`: `CPDCERT_SERVE_SITE_NAME`.
    var environmentName: String { "CPDCERT_" + key.replacingOccurrences(of: ".", with: "_").uppercased() }

    /// The key's components, as swift-configuration addresses it.
    var components: [String] { key.split(separator: ".").map(String.init) }

    /// Why `value` is not acceptable, or nil when it is.
    func problem(with value: String) -> String? {
        switch kind {
        case .text, .path, .registry:
            return value.isEmpty ? "must not be empty" : nil
        case .integer(let range):
            guard let number = Int(value.trimmingCharacters(in: .whitespaces)) else { return "must be a whole number, found '\(value)'" }
            return range.contains(number) ? nil : "must be between \(range.lowerBound) and \(range.upperBound), found \(number)"
        case .boolean:
            return Self.boolean(value) == nil ? "must be true or false, found '\(value)'" : nil
        case .choice(let choices):
            return choices.contains(value) ? nil : "must be one of \(choices.joined(separator: ", ")); found '\(value)'"
        case .colour:
            let hex = value.hasPrefix("#") ? value.dropFirst() : ""
            return hex.count == 6 && hex.allSatisfy(\.isHexDigit) ? nil : "must be a colour as #rrggbb, found '\(value)'"
        case .addresses:
            let addresses = Self.addresses(value)
            return !addresses.isEmpty && addresses.allSatisfy(Self.isIPAddress)
                ? nil : "must be IP addresses (e.g. 127.0.0.1 or ::1) separated by commas, found '\(value)'"
        case .hostPort:
            return Self.hostPort(value) == nil ? "must be host:port, e.g. 127.0.0.1:9090 or [::1]:9090, found '\(value)'" : nil
        }
    }

    /// The comma-separated entries of `value`, trimmed.
    static func addresses(_ value: String) -> [String] {
        value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Whether `text` is an IPv4 or IPv6 address.
    static func isIPAddress(_ text: String) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return inet_pton(AF_INET, text, &buffer) == 1 || inet_pton(AF_INET6, text, &buffer) == 1
    }

    /// `host:port` as its parts; nil when it is not one.
    static func hostPort(_ value: String) -> (host: String, port: Int)? {
        guard let colon = value.lastIndex(of: ":"), let port = Int(value[value.index(after: colon)...]), (0...65535).contains(port)
        else { return nil }
        var host = String(value[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains(where: \.isWhitespace) else { return nil }
        return (host, port)
    }

    /// `value` as it may be printed: a secret masked, a URL's password hidden.
    func printable(_ value: String) -> String {
        if isSecret { return "********" }
        guard case .registry = kind, var url = URLComponents(string: value), url.scheme != nil, url.password != nil else { return value }
        url.password = "********"
        return url.string ?? "********"
    }

    static func boolean(_ value: String) -> Bool? {
        switch value.lowercased() {
        case "true", "yes", "on", "1": true
        case "false", "no", "off", "0": false
        default: nil
        }
    }
}
