public import CPDCore
public import Foundation

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
