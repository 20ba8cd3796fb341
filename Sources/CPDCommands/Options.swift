import ArgumentParser
import CPDCore
import CPDRegistry
import Foundation

/// `--registry PATH`, shared by every command that reads or writes the registry.
struct RegistryOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("SQLite registry file.", discussion: "Default: $CPDCERT_REGISTRY, else ./cpdcert.sqlite.", valueName: "path"))
    var registry: String?

    /// The path in force: the flag, the environment variable, or the default.
    var path: String {
        registry ?? ProcessInfo.processInfo.environment["CPDCERT_REGISTRY"].flatMap { $0.isEmpty ? nil : $0 } ?? "cpdcert.sqlite"
    }

    func open(readOnly: Bool = false) throws -> SQLiteCertificateRegistry {
        do {
            if !readOnly {
                let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
                try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            }
            return try SQLiteCertificateRegistry(path: path, readOnly: readOnly)
        } catch {
            Console.error(error.description)
            throw ExitStatus.ioError
        }
    }
}

/// Writing to standard error and standard output.
enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("cpdcert: \(message)\n".utf8))
    }

    static func print(_ message: String) {
        FileHandle.standardOutput.write(Data((message + "\n").utf8))
    }
}

/// Standard output through a 64 KiB buffer: a long report goes out as it is made, in blocks,
/// and is never held whole. Call `flush()` once the last line is written.
struct StandardOutput: TextOutputStream {
    private var buffer: [UInt8] = []

    mutating func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
