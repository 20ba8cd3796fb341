public import Foundation

/// Where PDFs and the manifest go. A folder in production; memory in tests and dry runs.
public protocol CertificateOutput: Sendable {
    /// Writes `data` as `name`, atomically: a reader sees the old file or the whole new one.
    func write(_ data: Data, named name: String) throws
    /// The bytes of `name`, or nil when there is no such file.
    func read(named name: String) throws -> Data?
}

/// Files in one folder, each written to a temporary name in the same folder, flushed to disk
/// and renamed into place, so a crash never leaves a half-written file under a real name.
public struct DirectoryOutput: CertificateOutput {
    /// The folder.
    public let directory: URL

    /// Uses `directory`, creating it (and its parents) if needed.
    public init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
    }

    public func write(_ data: Data, named name: String) throws {
        try AtomicFile.write(data, to: directory.appendingPathComponent(name))
    }

    public func read(named name: String) throws -> Data? {
        let path = directory.appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }
}

/// Files in memory.
public final class MemoryOutput: CertificateOutput, @unchecked Sendable {
    // @unchecked: every access to `files` holds `lock`.
    private let lock = NSLock()
    private var files: [String: Data] = [:]

    /// Creates an empty output.
    public init() {}

    public func write(_ data: Data, named name: String) throws {
        lock.withLock { files[name] = data }
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
