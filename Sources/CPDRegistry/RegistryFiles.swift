public import CPDCore
import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#endif

/// The registry's files as files: whether another process has the registry open, and putting
/// a backup in its place.
public enum RegistryFiles {
    /// The process that has the registry at `path` open, if any: every SQLite connection to a
    /// WAL database holds a shared lock on the "DMS" byte of its `-shm` file while it is open
    /// (https://sqlite.org/walformat.html#the_wal_index_file_format, byte 128), and a connection
    /// in the middle of a transaction on a rollback-journal database locks the database file's
    /// lock bytes (https://sqlite.org/lockingv3.html). Processes that opened it as an immutable
    /// snapshot take no locks and cannot be seen.
    public static func holder(of path: String) -> Int32? {
        if let pid = lockHolder(path + "-shm", start: 128, length: 1) { return pid }
        // PENDING_BYTE (0x40000000) through the SHARED range: 512 bytes.
        return lockHolder(path, start: 0x4000_0000, length: 512)
    }

    private static func lockHolder(_ file: String, start: Int, length: Int) -> Int32? {
        let descriptor = open(file, O_RDWR)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = off_t(start)
        lock.l_len = off_t(length)
        guard fcntl(descriptor, F_GETLK, &lock) == 0, lock.l_type != Int16(F_UNLCK) else { return nil }
        return lock.l_pid
    }

    /// Flushes the folder holding `path` to disk, so that a rename into it survives a power cut.
    public static func flushFolder(of path: String) throws(RegistryError) {
        try SQLiteCertificateRegistry.fsync(URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }

    /// Puts the file `backup` in place of the registry at `target`: a registry already there is
    /// first made whole (its WAL checkpointed into the file) and renamed to `kept`; the backup is
    /// copied beside the target, flushed, and renamed over it, so the target is never half-written.
    public static func replace(_ target: String, with backup: String, keeping kept: String) throws(RegistryError) {
        let fileManager = FileManager.default
        do {
            if fileManager.fileExists(atPath: target) {
                let queue = try DatabaseQueue(path: target)
                try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
                try queue.close()
                try fileManager.moveItem(atPath: target, toPath: kept)
                for suffix in ["-wal", "-shm"] where fileManager.fileExists(atPath: target + suffix) {
                    try fileManager.moveItem(atPath: target + suffix, toPath: kept + suffix)
                }
            }
            try fileManager.createDirectory(
                at: URL(fileURLWithPath: target).deletingLastPathComponent(), withIntermediateDirectories: true)
            let temporary = target + ".restoring-\(getpid())"
            try? fileManager.removeItem(atPath: temporary)
            try fileManager.copyItem(atPath: backup, toPath: temporary)
            try SQLiteCertificateRegistry.fsync(temporary)
            guard rename(temporary, target) == 0 else {
                let reason = String(cString: strerror(errno))
                try? fileManager.removeItem(atPath: temporary)
                throw RegistryError.storage("cannot move the restored copy to \(target): \(reason)")
            }
            try flushFolder(of: target)
        } catch let error as RegistryError {
            throw error
        } catch {
            throw .storage("cannot restore \(backup) to \(target): \(SQLiteCertificateRegistry.describe(error))")
        }
    }
}
