public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a command-line tool (pdftotext, zbarimg, the built cpdcert) and captures its output.
public enum ExternalTool {
    /// What a finished process left behind.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `executable` (a path, or a name looked up in PATH) with `arguments`; `input`, when
    /// given, is written to its standard input through a pipe (else it reads /dev/null).
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil, input: Data? = nil
    ) throws -> Result {
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let directory { process.currentDirectoryURL = directory }
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let feed = input.map { _ in Pipe() }
        process.standardInput = feed ?? FileHandle.nullDevice
        try process.run()
        if let feed, let input {
            Thread.detachNewThread {
                try? feed.fileHandleForWriting.write(contentsOf: input)
                try? feed.fileHandleForWriting.close()
            }
        }
        // Read both pipes before waiting so a chatty process cannot fill a pipe and block.
        let errorData = ReadAll(stderr.fileHandleForReading)
        let output = ReadAll.read(stdout.fileHandleForReading.fileDescriptor)
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
            stderr: String(decoding: errorData.wait(), as: UTF8.self))
    }

    /// Everything `handle` gives until its end; a read a signal interrupts is retried (see `ReadAll`).
    public static func readAll(_ handle: FileHandle) -> Data {
        ReadAll.read(handle.fileDescriptor)
    }

    /// A temporary folder, removed by the caller.
    public static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cpdcert-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Reads a file handle to its end on another thread. Not with `FileHandle.readDataToEndOfFile`:
/// Foundation on Linux traps when a signal interrupts its read (EINTR), which a test that starts
/// and kills many processes makes likely; this read retries.
private final class ReadAll: @unchecked Sendable {
    // @unchecked: `data` is written once by the reading thread before `done` is signalled,
    // and read only after waiting on `done`.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = Self.read(handle.fileDescriptor)
            done.signal()
        }
    }

    /// Everything `descriptor` gives until its end, retrying reads a signal interrupted.
    static func read(_ descriptor: Int32) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: buffer[0..<count])
            } else if count == 0 || errno != EINTR {
                return data
            }
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
