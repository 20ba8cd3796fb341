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

/// Files in one folder (see `AtomicFile`).
public struct DirectoryOutput: CertificateOutput {
    /// The folder.
    public let directory: URL
    private let beforeRename: @Sendable () -> Void

    /// Uses `directory`, creating it (and its parents) if needed, removes temporary files that a
    /// killed run left behind, and checks that files can be created there. `beforeRename` is a fault-injection point for crash tests.
    public init(directory: URL, beforeRename: @escaping @Sendable () -> Void = {}) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        self.beforeRename = beforeRename
        AtomicFile.removeAbandonedTemporaries(in: directory)
        try AtomicFile.checkWritable(directory)
    }

    public func write(_ files: [(name: String, data: Data)]) throws {
        try AtomicFile.write(files, in: directory, beforeRename: beforeRename)
    }

    public func write(named name: String, pieces produce: (_ append: (Data) throws -> Void) async throws -> Void) async throws {
        try await AtomicFile.write(named: name, in: directory, pieces: produce)
    }

    public func read(named name: String) throws -> Data? {
        try AtomicFile.read(named: name, in: directory)
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

/// Reads files from a folder that may not exist; never writes (the reading side of a dry run).
public struct ReadOnlyDirectory: CertificateOutput {
    public let directory: URL

    /// Reads from `directory`.
    public init(directory: URL) {
        self.directory = directory
    }

    public func write(_ files: [(name: String, data: Data)]) throws {}

    public func read(named name: String) throws -> Data? {
        FileManager.default.contents(atPath: directory.appendingPathComponent(name).path)
    }
}
