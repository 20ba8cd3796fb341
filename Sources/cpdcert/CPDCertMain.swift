import ArgumentParser
import CPDCommands
import CPDServer
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
        if CommandLine.arguments.dropFirst().first == "serve" {
            // The server's tasks run on its event loops (no hop to the cooperative pool and back).
            EventLoopExecutor.install()
        }
        await CPDCertCommand.runAndExit()
    }
}
