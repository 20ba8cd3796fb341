import Foundation
public import Logging

/// `CPDCERT_LOG_LEVEL`: the level every command logs at (trace, debug, info, notice, warning,
/// error or critical), read once by the executable when it bootstraps logging.
public enum LogLevelSetting {
    /// What a wrong value is told.
    public struct Invalid: Error, CustomStringConvertible {
        public let value: String
        public var description: String {
            "CPDCERT_LOG_LEVEL must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")); found '\(value)'. "
                + "Set it to one of those, or unset it (commands then log warnings and above, serve info and above)."
        }
    }

    /// The level `CPDCERT_LOG_LEVEL` names; nil when it is unset or empty.
    public static func fromEnvironment() throws(Invalid) -> Logger.Level? {
        try level(ProcessInfo.processInfo.environment["CPDCERT_LOG_LEVEL"])
    }

    /// The level `text` names; nil when it is nil or empty.
    static func level(_ text: String?) throws(Invalid) -> Logger.Level? {
        guard let text, !text.isEmpty else { return nil }
        guard let level = Logger.Level(rawValue: text.lowercased()) else { throw Invalid(value: text) }
        return level
    }
}
