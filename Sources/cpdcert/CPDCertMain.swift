import ArgumentParser
import CPDCommands
import CPDServer
import Foundation
import Logging

@main
struct CPDCertMain {
    static func main() async {
        // Only the executable bootstraps logging. Level: $CPDCERT_LOG_LEVEL, else the configuration's log.level, else warning.
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = CPDCertCommand.logLevel ?? .warning
            return handler
        }
        // A reader that goes away (`cpdcert issue ... | head`) ends the printing, not the run:
        // writes to a closed pipe fail with EPIPE, which Console drops, instead of killing us.
        signal(SIGPIPE, SIG_IGN)
        if CommandLine.arguments.dropFirst().first == "serve" {
            // The server's tasks run on its event loops (no hop to the cooperative pool and back).
            EventLoopExecutor.install()
        }
        await CPDCertCommand.runAndExit()
    }
}
