/// A problem in a YAML file a person wrote (an event or a template), located by file, line
/// and key path: `event.yaml:12: 'schedule.start' must be a date and time like 2020-09-16T10:00, found 'soon'`.
public struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// File name as the user gave it.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// Dotted key path, e.g. `schedule.start` or `elements[3].font.size`; empty for the whole file.
    public var path: String
    /// What is wrong and how to fix it.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int?, path: String, message: String) {
        self.file = file
        self.line = line
        self.path = path
        self.message = message
    }

    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return path.isEmpty ? "\(location): \(message)" : "\(location): '\(path)' \(message)"
    }
}

/// Several configuration errors reported together, so one run shows every fix needed.
public struct ConfigurationErrors: Error, Sendable, CustomStringConvertible {
    /// The errors, in file order.
    public var errors: [ConfigurationError]

    /// Creates the list.
    public init(_ errors: [ConfigurationError]) {
        self.errors = errors
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
