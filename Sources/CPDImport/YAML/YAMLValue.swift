import CPDCore
import Yams

/// A YAML node with its file and key path, for reading configuration with precise errors.
struct YAMLValue {
    let node: Node
    let path: String
    let file: String

    /// Parses `text` as one YAML document whose top level is a mapping.
    static func document(_ text: String, file: String) throws(ConfigurationError) -> YAMLValue {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.translate(error, file: file)
        } catch {
            throw ConfigurationError(file: file, line: nil, path: "", message: "is not valid YAML: \(error)")
        }
        guard let node, node.mapping != nil else {
            throw ConfigurationError(file: file, line: 1, path: "", message: "must be a YAML mapping of keys to values")
        }
        return YAMLValue(node: node, path: "", file: file)
    }

    private static func translate(_ error: YamlError, file: String) -> ConfigurationError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ConfigurationError(
                file: file, line: mark.line, path: "",
                message: "is not valid YAML: \(problem) (column \(mark.column)); check indentation and quote text containing ': '")
        default:
            return ConfigurationError(file: file, line: nil, path: "", message: "is not valid YAML: \(error)")
        }
    }

    var line: Int? { node.mark?.line }

    func error(_ message: String) -> ConfigurationError {
        ConfigurationError(file: file, line: line, path: path, message: message)
    }

    private func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value under `key`, or nil when absent or null.
    func optional(_ key: String) throws(ConfigurationError) -> YAMLValue? {
        guard let mapping = node.mapping else { throw error("must be a mapping of keys to values") }
        guard let child = mapping[key] else { return nil }
        if child.tag == .init(.null) { return nil }
        return YAMLValue(node: child, path: childPath(key), file: file)
    }

    /// The value under `key`; an error naming the key when absent.
    func required(_ key: String, hint: String) throws(ConfigurationError) -> YAMLValue {
        guard let value = try optional(key) else {
            let path = childPath(key)
            throw ConfigurationError(file: file, line: line, path: path, message: "is missing; \(hint)")
        }
        return value
    }

    /// Fails on keys outside `known`, which catches misspelt keys.
    func rejectUnknownKeys(_ known: [String]) throws(ConfigurationError) {
        guard let mapping = node.mapping else { throw error("must be a mapping of keys to values") }
        for key in mapping.keys {
            guard let name = key.string, known.contains(name) else {
                let path = childPath(key.string ?? "?")
                throw ConfigurationError(
                    file: file, line: key.mark?.line, path: path,
                    message: "is not a known key here; known keys: \(known.joined(separator: ", "))")
            }
        }
    }

    /// Non-empty text.
    func string() throws(ConfigurationError) -> String {
        guard let scalar = node.scalar else { throw error("must be text, found a \(kind)") }
        let text = scalar.string.trimmingWhitespace()
        guard !text.isEmpty else { throw error("must not be empty") }
        return text
    }

    /// Non-empty text of at most `limit` characters with no control character, for a field a
    /// certificate prints; a longer one fails here rather than slowing every later step.
    func text(atMost limit: Int) throws(ConfigurationError) -> String {
        let text = try string()
        guard text.count <= limit else {
            throw error("is \(text.count) characters long; the most is \(limit): shorten it")
        }
        if let scalar = text.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
            throw error(
                "must not contain control characters, found \(VisibleText.codePoint(scalar)) in '\(VisibleText.escaped(text))'; remove it")
        }
        return text
    }

    /// An `https:` (or `http:`) address, checked by `WebAddress`.
    func webAddress() throws(ConfigurationError) -> String {
        let text = try string()
        if case .invalid(let reason) = WebAddress.check(text) { throw error(reason) }
        return text
    }

    func double(in range: ClosedRange<Double>) throws(ConfigurationError) -> Double {
        let text = try string()
        guard let value = Double(text), range.contains(value) else {
            throw error("must be a number between \(Self.number(range.lowerBound)) and \(Self.number(range.upperBound)), found '\(text)'")
        }
        return value
    }

    func int(in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        let text = try string()
        guard let value = Int(text), range.contains(value) else {
            throw error("must be a whole number between \(range.lowerBound) and \(range.upperBound), found '\(text)'")
        }
        return value
    }

    func bool() throws(ConfigurationError) -> Bool {
        switch try string().lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        case let other: throw error("must be true or false, found '\(other)'")
        }
    }

    /// The items of a sequence, each with its index in the path.
    func items() throws(ConfigurationError) -> [YAMLValue] {
        guard let sequence = node.sequence else { throw error("must be a list (lines starting with '- '), found a \(kind)") }
        return sequence.enumerated().map { YAMLValue(node: $1, path: "\(path)[\($0)]", file: file) }
    }

    /// The keys of a mapping, in file order.
    var keys: [String] { node.mapping?.keys.compactMap(\.string) ?? [] }

    private var kind: String {
        switch node {
        case .scalar: "single value"
        case .mapping: "mapping"
        case .sequence: "list"
        case .alias: "alias"
        }
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
