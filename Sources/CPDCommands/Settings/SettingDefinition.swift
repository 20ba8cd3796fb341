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

    /// What happens when nothing gives a setting without a default: the part of `help` in brackets.
    var otherwise: String {
        guard let open = help.range(of: "("), let close = help.range(of: ")", range: open.upperBound..<help.endIndex) else {
            return "not set"
        }
        return String(help[open.upperBound..<close.lowerBound])
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
        }
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
