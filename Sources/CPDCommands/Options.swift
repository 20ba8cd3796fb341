import ArgumentParser
import CPDCore
import CPDPostgres
import CPDRegistry
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `--registry PATH` or `--registry postgres://...`, shared by every command that reads or writes the registry.
struct RegistryOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "SQLite registry file, or a PostgreSQL URL (postgres://user@host:5432/database).",
            discussion: """
                Default: $CPDCERT_REGISTRY, else the configuration's registry, else ./cpdcert.sqlite. A PostgreSQL URL takes \
                libpq's parameters (sslmode, sslrootcert, passfile, connect_timeout) and environment (PGPASSWORD, PGPASSFILE, \
                ~/.pgpass, PGSSLMODE, ...); keep the password out of the URL.
                """,
            valueName: "path-or-url"))
    var registry: String?

    /// The path or URL in force: the flag, the environment variable, the configuration file or the default.
    var path: String {
        registry ?? Settings.current.text("registry") ?? "cpdcert.sqlite"
    }

    /// The registry as named in messages: a URL without its password.
    var display: String { Self.display(path) }

    /// `path` as named in messages.
    static func display(_ path: String) -> String {
        guard PostgresLocation.names(path) else { return path }
        return (try? PostgresLocation(path).description) ?? "a PostgreSQL URL that cannot be read"
    }

    /// True for a PostgreSQL registry.
    var isPostgres: Bool { PostgresLocation.names(path) }

    /// True when a registry is there already: the file exists, or (PostgreSQL) always, since the
    /// server is asked when it is opened.
    var exists: Bool { isPostgres || FileManager.default.fileExists(atPath: path) }

    /// The registry's ports.
    func open(readOnly: Bool = false) async throws -> any CertificateRegistry {
        try await opened(readOnly: readOnly).registry
    }

    /// The registry with every port it offers (the server also looks certificates up by PDF hash).
    /// A PostgreSQL registry's reads and writes wait at most `deadline` for the database, with
    /// at most `connections` open to it.
    func opened(readOnly: Bool = false, deadline: Duration = .seconds(30), connections: Int = 8) async throws
        -> RegistryLocation.Opened
    {
        try await Self.opened(path, readOnly: readOnly, deadline: deadline, connections: connections)
    }

    /// The registry at `path` (a file or a PostgreSQL URL); an error is printed, exit 74.
    static func opened(_ path: String, readOnly: Bool = false, deadline: Duration = .seconds(30), connections: Int = 8)
        async throws -> RegistryLocation.Opened
    {
        do {
            if PostgresLocation.names(path) {
                let registry = try await PostgresCertificateRegistry.open(
                    PostgresLocation(path), readOnly: readOnly, connections: connections, deadline: deadline)
                return RegistryLocation.Opened(registry: registry, pdfHashes: registry, isSnapshot: false)
            }
            return try RegistryLocation(path).open(readOnly: readOnly)
        } catch {
            Console.error(error.description)
            throw ExitStatus.ioError
        }
    }

    /// The SQLite file, for commands that work on the file itself (backup, restore, the console's
    /// accounts); a PostgreSQL URL is refused with what to do instead.
    func file(for command: String, instead: String) throws -> String {
        guard isPostgres else { return path }
        Console.error("\(command) works on a SQLite registry file, not on PostgreSQL (\(display)): \(instead)")
        throw ExitStatus.usage
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
