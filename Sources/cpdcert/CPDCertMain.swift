import ArgumentParser
import CPDCommands
import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#endif

@main
struct CPDCertMain {
    static func main() async {
        // Big transient buffers (cairo copies a CJK font's whole CFF table to subset it) would
        // otherwise raise glibc's dynamic mmap threshold and stay in the heap after free; a
        // fixed threshold returns them to the system, keeping a long batch's RSS flat.
        // (mallopt is looked up because Glibc's Swift overlay does not export it; -3 is M_MMAP_THRESHOLD.)
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {
            let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
            _ = mallopt(-3, 256 * 1024)
        }
        // Only the executable bootstraps logging. Level: $CPDCERT_LOG_LEVEL (trace ... critical), default warning.
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["CPDCERT_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
            return handler
        }
        await CPDCertCommand.main()
    }
}
