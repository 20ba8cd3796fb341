public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Crash-safe file replacement for a batch: write every file to a hidden temporary name in the
/// same folder, flush them all with one syncfs(2), rename each into place, fsync the folder.
///
/// One syncfs per batch instead of one fsync per file keeps the guarantee (no file appears under
/// its name before its bytes are durable) at a fraction of the cost.
///
/// Every name is resolved against a descriptor of the folder opened once, so the folder cannot be
/// swapped for a link half-way. A temporary is created with `O_CREAT | O_EXCL | O_NOFOLLOW` under
/// a name with 64 random bits in it: a file or link planted at any name makes that attempt fail
/// instead of being followed, and nothing outside the folder is ever opened for writing. The
/// final rename(2) replaces a directory entry, never what a link there points to.
public enum AtomicFile {
    /// The marker between a file's name and the writing process's ID in a temporary name.
    static let marker = ".tmp-"

    /// A fresh temporary name for `name` in this process: `.<name>.tmp-<pid>-<16 hex digits>`.
    static func temporaryName(_ name: String) -> String {
        ".\(name)\(marker)\(getpid())-\(String(UInt64.random(in: .min ... .max), radix: 16))"
    }

    /// The process that wrote temporary `name`, or nil when `name` is not a temporary.
    static func writer(ofTemporary name: String) -> Int32? {
        guard name.hasPrefix("."), let found = name.range(of: marker, options: .backwards) else { return nil }
        let rest = name[found.upperBound...]
        return Int32(rest.prefix { $0 != "-" })
    }

    /// Writes `files` into `directory` as described above; `beforeRename` runs once the
    /// temporary files are durable and before any is renamed (crash tests kill the process there).
    public static func write(_ files: [(name: String, data: Data)], in directory: URL, beforeRename: () -> Void = {}) throws(OutputError) {
        guard !files.isEmpty else { return }
        let folder = try Folder(directory)
        var written: [String] = []
        do throws(OutputError) {
            for file in files {
                let (descriptor, temporary) = try folder.createTemporary(for: file.name)
                written.append(temporary)
                defer { close(descriptor) }
                try folder.writeAll(file.data, to: descriptor, file: file.name)
            }
            guard flushFileSystem(folder.descriptor) == 0 else { throw folder.error(errno, "flush the files of") }
            beforeRename()
            for (file, temporary) in zip(files, written) {
                try folder.rename(temporary, to: file.name)
            }
            written.removeAll()
            try folder.sync()
        } catch {
            for temporary in written { folder.remove(temporary) }
            throw error
        }
    }

    /// Writes `data` to `url` atomically (a batch of one).
    public static func write(_ data: Data, to url: URL) throws(OutputError) {
        try write([(url.lastPathComponent, data)], in: url.deletingLastPathComponent())
    }

    /// Writes `name` in `directory` from pieces that `produce` hands to its `append` one after
    /// another, so a large file (the manifest of a big event) is never held whole: a temporary
    /// file, fsync, rename, fsync the folder.
    public static func write(
        named name: String, in directory: URL, pieces produce: (_ append: (Data) throws -> Void) async throws -> Void
    ) async throws {
        let folder = try Folder(directory)
        let (descriptor, temporary) = try folder.createTemporary(for: name)
        do {
            defer { close(descriptor) }
            try await produce { data in try folder.writeAll(data, to: descriptor, file: name) }
            guard fsync(descriptor) == 0 else { throw folder.error(errno, "flush \(name) in") }
            try folder.rename(temporary, to: name)
        } catch {
            folder.remove(temporary)
            throw error
        }
        try folder.sync()
    }

    /// The bytes of regular file `name` in `directory`; nil when there is none, or when a link,
    /// a folder or a device stands at that name (it is never followed or read, and the next
    /// write of that name replaces it).
    public static func read(named name: String, in directory: URL) throws(OutputError) -> Data? {
        let folder = try Folder(directory)
        let descriptor = openat(folder.descriptor, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT || code == ELOOP || code == ENXIO { return nil }
            throw folder.error(code, "read \(name) in")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw folder.error(errno, "read \(name) in") }
        guard status.st_mode & S_IFMT == S_IFREG else { return nil }
        var data = Data(count: Int(status.st_size))
        var offset = 0
        while true {
            if offset == data.count { data.count += 64 << 10 }
            let count = data.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw folder.error(errno, "read \(name) in")
            }
            if count == 0 { break }
            offset += count
        }
        data.count = offset
        return data
    }

    /// Throws unless a file can be created in `directory` (it creates an empty temporary and
    /// removes it): a batch learns that its output folder is read-only before it records anything.
    public static func checkWritable(_ directory: URL) throws(OutputError) {
        let folder = try Folder(directory)
        let (descriptor, temporary) = try folder.createTemporary(for: "probe")
        close(descriptor)
        folder.remove(temporary)
    }

    /// Removes temporary files whose process is gone (a run that was killed).
    public static func removeAbandonedTemporaries(in directory: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names {
            guard let pid = writer(ofTemporary: name) else { continue }
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
}

/// An output folder opened once; every name is resolved against its descriptor.
private final class Folder {
    let path: String
    let descriptor: Int32

    init(_ directory: URL) throws(OutputError) {
        path = directory.path
        descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw OutputError(code: errno, action: "open", folder: path) }
    }

    deinit { close(descriptor) }

    /// Creates a new temporary file for `name`, exclusively and without following a link.
    func createTemporary(for name: String) throws(OutputError) -> (descriptor: Int32, name: String) {
        for _ in 0..<8 {
            let temporary = AtomicFile.temporaryName(name)
            let file = openat(descriptor, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if file >= 0 { return (file, temporary) }
            // Something already stands at a name with 64 random bits in it: try another.
            guard errno == EEXIST else { throw error(errno, "create \(name) in") }
        }
        throw error(EEXIST, "create \(name) in")
    }

    func writeAll(_ data: Data, to file: Int32, file name: String) throws(OutputError) {
        let code: Int32? = data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = Glibc.write(file, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += count
            }
            return nil
        }
        if let code { throw error(code, "write \(name) in") }
    }

    func rename(_ temporary: String, to name: String) throws(OutputError) {
        guard renameat(descriptor, temporary, descriptor, name) == 0 else { throw error(errno, "put \(name) in place in") }
    }

    func sync() throws(OutputError) {
        guard fsync(descriptor) == 0 else { throw error(errno, "flush") }
    }

    func remove(_ name: String) {
        unlinkat(descriptor, name, 0)
    }

    func error(_ code: Int32, _ action: String) -> OutputError {
        OutputError(code: code, action: action, folder: path)
    }
}

/// A file could not be written to, or read from, an output folder.
public struct OutputError: LocalizedError, CustomStringConvertible, Sendable {
    /// The errno value.
    public let code: Int32
    /// What was being done, as a verb phrase that takes the folder: "write X.pdf in".
    public let action: String
    /// The output folder.
    public let folder: String

    /// An error with errno `code` while doing `action` ("write X.pdf in") in `folder`.
    public init(code: Int32, action: String, folder: String) {
        self.code = code
        self.action = action
        self.folder = folder
    }

    public var errorDescription: String? { description }

    public var description: String {
        switch code {
        case ENOSPC: "the output folder's disk is full (\(folder)): free some space and run the same command again"
        case EDQUOT: "the disk quota for the output folder is used up (\(folder)): free some space and run the same command again"
        case EROFS: "the output folder is on a read-only file system (\(folder)): choose another with --out"
        case EACCES, EPERM: "no permission to \(action) the output folder \(folder): choose another with --out, or fix its permissions"
        case ENOENT where action == "open": "the output folder \(folder) does not exist"
        case ENOTDIR: "the output path \(folder) is not a folder"
        default: "cannot \(action) the output folder \(folder): \(String(cString: strerror(code)))"
        }
    }
}
