public import Foundation

/// Where PDFs and the manifest go. A folder in production; memory in tests; nowhere in dry runs.
public protocol CertificateOutput: Sendable {
    /// Writes every file of `files` atomically: after a crash each is absent, the old one, or
    /// complete, and none is visible under its name before its bytes are on disk.
    func write(_ files: [(name: String, data: Data)]) throws
    /// The bytes of `name`, or nil when there is no such file.
    func read(named name: String) throws -> Data?
    /// Writes `name` atomically from the pieces `produce` hands to `append`, in order. A folder
    /// never holds the whole file in memory; the default gathers the pieces and writes them.
    func write(named name: String, pieces produce: (_ append: (Data) throws -> Void) async throws -> Void) async throws
}

extension CertificateOutput {
    public func write(named name: String, pieces produce: (_ append: (Data) throws -> Void) async throws -> Void) async throws {
        var whole = Data()
        try await produce { whole.append($0) }
        try write(whole, named: name)
    }

    /// Writes one file atomically.
    public func write(_ data: Data, named name: String) throws {
        try write([(name, data)])
    }
}

/// Files in memory.
public final class MemoryOutput: CertificateOutput, @unchecked Sendable {
    // @unchecked: every access to `files` holds `lock`.
    private let lock = NSLock()
    private var files: [String: Data] = [:]

    /// Creates an empty output.
    public init() {}

    public func write(_ files: [(name: String, data: Data)]) throws {
        lock.withLock {
            for file in files { self.files[file.name] = file.data }
        }
    }

    public func read(named name: String) throws -> Data? {
        lock.withLock { files[name] }
    }

    /// File names held, sorted.
    public var names: [String] { lock.withLock { files.keys.sorted() } }

    /// Removes a file (to simulate loss in tests).
    public func remove(named name: String) {
        _ = lock.withLock { files.removeValue(forKey: name) }
    }
}

/// Reads from another output and discards every write: for `--dry-run`.
public struct DiscardingOutput: CertificateOutput {
    private let reading: (any CertificateOutput)?

    /// Reads existing files from `reading` (if any); writes nothing anywhere.
    public init(reading: (any CertificateOutput)? = nil) {
        self.reading = reading
    }

    public func write(_ files: [(name: String, data: Data)]) throws {}

    public func read(named name: String) throws -> Data? {
        try reading?.read(named: name)
    }
}
