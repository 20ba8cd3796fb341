import ArgumentParser
import CPDCore
import CPDRegistry
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `--registry PATH`, shared by every command that reads or writes the registry.
struct RegistryOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "SQLite registry file.", discussion: "Default: $CPDCERT_REGISTRY, else the configuration's registry, else ./cpdcert.sqlite.",
            valueName: "path"))
    var registry: String?

    /// The path in force: the flag, the environment variable, the configuration file or the default.
    var path: String {
        registry ?? Settings.current.text("registry") ?? "cpdcert.sqlite"
    }

    /// The registry's ports.
    func open(readOnly: Bool = false) throws -> any CertificateRegistry {
        try opened(readOnly: readOnly).registry
    }

    /// The registry with every port it offers (the server also looks certificates up by PDF hash).
    func opened(readOnly: Bool = false) throws -> RegistryLocation.Opened {
        do {
            return try RegistryLocation(path).open(readOnly: readOnly)
        } catch {
            Console.error(error.description)
            throw ExitStatus.ioError
        }
    }
}

/// Writing to standard error and standard output. Every active character but the line breaks
/// that separate a message's lines (LF, or CSV's CRLF) is written as `<U+XXXX>` (see `VisibleText`), so no name or
/// file can move the cursor, clear the screen or reverse a line; a printer that puts a field
/// into one line escapes the field itself, line breaks included, with `line(_:)`.
///
/// A closed pipe (`cpdcert issue ... | head`) ends the printing, not the work: SIGPIPE is ignored
/// (see `CPDCertMain`) and a write that finds the reader gone is dropped.
enum Console {
    static func error(_ message: String) {
        write("cpdcert: \(VisibleText.escaped(message, keepingLineBreaks: true))\n", to: STDERR_FILENO)
    }

    static func print(_ message: String) {
        write(VisibleText.escaped(message, keepingLineBreaks: true) + "\n", to: STDOUT_FILENO)
    }

    /// Writes `text` as it is to standard output or error, whole; dropped if the reader is gone.
    static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { write($0, to: descriptor) }
    }

    /// Writes `bytes` whole to `descriptor`, retrying after signals; dropped on EPIPE or another error.
    static func write(_ bytes: UnsafeBufferPointer<UInt8>, to descriptor: Int32) {
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += count
        }
    }

    /// Prints JSON with the characters an encoder leaves raw escaped as `\uXXXX`: the same value.
    static func printJSON(_ json: String) {
        print(VisibleText.escapedJSON(json))
    }

    /// `text` fit for one line of output: every active character escaped, line breaks too.
    static func line(_ text: String) -> String {
        VisibleText.escaped(text)
    }
}

/// Standard output through a 64 KiB buffer: a long report goes out as it is made, in blocks,
/// and is never held whole. Call `flush()` once the last line is written.
struct StandardOutput: TextOutputStream {
    private var buffer: [UInt8] = []

    mutating func write(_ string: String) {
        buffer.append(contentsOf: VisibleText.escaped(string, keepingLineBreaks: true).utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBufferPointer { Console.write($0, to: STDOUT_FILENO) }
        buffer.removeAll(keepingCapacity: true)
    }
}
