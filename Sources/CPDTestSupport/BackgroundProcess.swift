public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A long-running command (a server) started for a test: its output is collected as it comes,
/// a test waits for a line, and the process is stopped at the end.
public final class BackgroundProcess: @unchecked Sendable {
    // @unchecked: `output` and `errors` are only touched while holding `lock`.
    private let process = Process()
    private let lock = NSCondition()
    private var output = ""
    private var errors = ""
    /// Kept so that their readability handlers are removed (their dispatch sources cancelled)
    /// before the pipes close: a source left on a closed descriptor, which the next `open` may
    /// reuse, crashed libdispatch's event loop (`_dispatch_event_loop_drain`, SIGSEGV) and the
    /// whole test process with it.
    private let pipes: [Pipe]

    /// Starts `executable` with `arguments` in `directory`.
    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = directory }
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        pipes = [stdout, stderr]
        for (pipe, isError) in [(stdout, false), (stderr, true)] {
            pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                // End of file: the source is cancelled now, while the descriptor is still open.
                if data.isEmpty { handle.readabilityHandler = nil }
                self?.append(data, error: isError)
            }
        }
        try process.run()
    }

    private func append(_ data: Data, error: Bool) {
        guard !data.isEmpty else { return }
        lock.lock()
        if error { errors += String(decoding: data, as: UTF8.self) } else { output += String(decoding: data, as: UTF8.self) }
        lock.broadcast()
        lock.unlock()
    }

    /// Waits up to `timeout` seconds for standard output (standard error with `errors`) to
    /// contain a line for which `match` returns a value, and returns it; nil if it never came
    /// (or the process ended).
    public func waitForLine<T>(timeout: TimeInterval, errors: Bool = false, _ match: (String) -> T?) -> T? {
        let deadline = Date().addingTimeInterval(timeout)
        lock.lock()
        defer { lock.unlock() }
        while true {
            for line in (errors ? self.errors : output).split(separator: "\n") {
                if let value = match(String(line)) { return value }
            }
            guard process.isRunning, lock.wait(until: min(deadline, Date().addingTimeInterval(0.2))) || Date() < deadline else {
                return nil
            }
        }
    }

    /// The base URL (`http://host:port`) that `cpdcert serve` prints once it listens, waiting up
    /// to `timeout` seconds; nil if it never came.
    public func servingBase(timeout: TimeInterval = 60) -> String? {
        waitForLine(timeout: timeout) { line -> String? in
            guard let range = line.range(of: "serving http://") else { return nil }
            return "http://" + line[range.upperBound...].split(separator: "/").first.map(String.init)!
        }
    }

    /// What the process printed so far, on standard output and on standard error.
    public var printed: (stdout: String, stderr: String) {
        lock.lock()
        defer { lock.unlock() }
        return (output, errors)
    }

    /// Whether the process is still running.
    public var isRunning: Bool { process.isRunning }

    /// Waits for the process to end by itself and returns its exit status.
    public func waitUntilExit() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Stops the process (SIGTERM, then waits for it to exit).
    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Kills the process at once (SIGKILL: no handler, no clean-up), then waits for it to end.
    public func kill() {
        if process.isRunning {
            _ = Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit {
        stop()
        for pipe in pipes { pipe.fileHandleForReading.readabilityHandler = nil }
    }
}
