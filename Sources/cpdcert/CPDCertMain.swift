import ArgumentParser
import CPDCommands
import Foundation
import Logging

@main
struct CPDCertMain {
    static func main() async {
        // Only the executable bootstraps logging. Level: $CPDCERT_LOG_LEVEL (trace ... critical), default warning.
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["CPDCERT_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
            return handler
        }
        await CPDCertCommand.main()
    }
}
