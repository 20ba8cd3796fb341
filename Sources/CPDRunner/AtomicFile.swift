public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Crash-safe file replacement for a batch: write every file to a hidden temporary name in the
/// same folder, flush them all with one syncfs(2), rename each into place, fsync the folder.
///
/// One syncfs per batch instead of one fsync per file keeps the guarantee (no file appears under
/// its name before its bytes are durable) at a fraction of the cost.
public enum AtomicFile {
    /// The temporary name of `name` for this process: `.<name>.tmp-<pid>`.
    static func temporaryName(_ name: String) -> String { ".\(name).tmp-\(getpid())" }

    /// Writes `files` into `directory` as described above; `beforeRename` runs once the
    /// temporary files are durable and before any is renamed (crash tests kill the process there).
    public static func write(_ files: [(name: String, data: Data)], in directory: URL, beforeRename: () -> Void = {}) throws {
        guard !files.isEmpty else { return }
        let folder = directory.path
        let folderDescriptor = try openFolder(folder)
        defer { close(folderDescriptor) }
        var written: [String] = []
        do {
            for file in files {
                let temporary = "\(folder)/\(temporaryName(file.name))"
                try writeWhole(file.data, to: temporary)
                written.append(temporary)
            }
            guard flushFileSystem(folderDescriptor) == 0 else { throw posixError("cannot flush \(folder) to disk") }
            beforeRename()
            for (file, temporary) in zip(files, written) {
                guard rename(temporary, "\(folder)/\(file.name)") == 0 else {
                    throw posixError("cannot rename \(temporary) to \(file.name)")
                }
            }
            written.removeAll()
            guard fsync(folderDescriptor) == 0 else { throw posixError("cannot flush the folder \(folder)") }
        } catch {
            for temporary in written { unlink(temporary) }
            throw error
        }
    }

    /// Writes `data` to `url` atomically (a batch of one).
    public static func write(_ data: Data, to url: URL) throws {
        try write([(url.lastPathComponent, data)], in: url.deletingLastPathComponent())
    }

    /// Writes `name` in `directory` from pieces that `produce` hands to its `append` one after
    /// another, so a large file (the manifest of a big event) is never held whole: a temporary
    /// file, fsync, rename, fsync the folder.
    public static func write(
        named name: String, in directory: URL, pieces produce: (_ append: (Data) throws -> Void) async throws -> Void
    ) async throws {
        let folder = directory.path
        let folderDescriptor = try openFolder(folder)
        defer { close(folderDescriptor) }
        let temporary = "\(folder)/\(temporaryName(name))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw posixError("cannot create \(temporary)") }
        do {
            defer { close(descriptor) }
            try await produce { data in try writeAll(data, to: descriptor, path: temporary) }
            guard fsync(descriptor) == 0 else { throw posixError("cannot flush \(temporary) to disk") }
            guard rename(temporary, "\(folder)/\(name)") == 0 else { throw posixError("cannot rename \(temporary) to \(name)") }
        } catch {
            unlink(temporary)
            throw error
        }
        guard fsync(folderDescriptor) == 0 else { throw posixError("cannot flush the folder \(folder)") }
    }

    private static func openFolder(_ folder: String) throws -> Int32 {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw posixError("cannot open the folder \(folder)") }
        return descriptor
    }

    /// Removes `.<name>.tmp-<pid>` files whose process is gone (a run that was killed).
    public static func removeAbandonedTemporaries(in directory: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names where name.hasPrefix(".") {
            guard let marker = name.range(of: ".tmp-", options: .backwards),
                let pid = Int32(name[marker.upperBound...])
            else { continue }
            if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH {
                unlink(directory.appendingPathComponent(name).path)
            }
        }
    }

    /// syncfs(2) when the C library has it (Glibc's Swift overlay does not export it), else
    /// sync(2): both flush every file written so far on the folder's file system.
    private static let flushFileSystem: @convention(c) (Int32) -> Int32 = {
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs") {
            return unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
        }
        return { _ in
            sync()
            return 0
        }
    }()

    private static func writeWhole(_ data: Data, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw posixError("cannot create \(path)") }
        defer { close(descriptor) }
        try writeAll(data, to: descriptor, path: path)
    }

    private static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws {
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw posixError("cannot write \(path)")
                }
                offset += count
            }
        }
    }

    private static func posixError(_ message: String) -> any Error {
        let code = errno
        return NSError(
            domain: NSPOSIXErrorDomain, code: Int(code),
            userInfo: [NSLocalizedDescriptionKey: "\(message): \(String(cString: strerror(code)))"])
    }
}
