public import Logging

/// How the server writes its log lines: swift-log's plain text, or one JSON object a line.
public enum LogFormat: String, Sendable, CaseIterable {
    /// `2026-09-16T10:00:00+0100 info cpdcert.server: key=value message`, swift-log's stream format.
    case text
    /// One JSON object a line (see `JSONLogHandler`), for a log collector.
    case json

    /// A logger with `label` at `level` writing to standard error in this format.
    public func logger(label: String, level: Logger.Level) -> Logger {
        var logger: Logger
        switch self {
        case .text: logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        case .json: logger = Logger(label: label) { JSONLogHandler(label: $0) }
        }
        logger.logLevel = level
        return logger
    }
}
