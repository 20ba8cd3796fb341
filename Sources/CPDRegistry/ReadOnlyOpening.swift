import CPDCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How a process that only reads opens a registry file, including from a folder it cannot
/// write (a verification service's natural layout, or a read-only mount).
///
/// A registry is in WAL mode, and SQLite readers need the `-shm` file beside it: they can use
/// one another process created even when they cannot write it, but they cannot create it
/// ("attempt to write a readonly database"). cpdcert's writers keep `-wal` and `-shm` when they
/// close (`SQLITE_FCNTL_PERSIST_WAL`), so once a current cpdcert has written a registry, readers
/// anywhere open it normally. A registry with no `-shm` in a folder this process cannot write
/// (closed cleanly by an older cpdcert, or copied there) has no writer at all, since a writer
/// would have made one; it is opened as an immutable snapshot (`immutable=1`,
/// https://sqlite.org/uri.html#uriimmutable), which takes no locks and needs no `-shm`.
struct ReadOnlyOpening {
    /// What to hand to sqlite3_open_v2: the path, or a `file:` URI for a snapshot.
    let openPath: String
    /// True when opened as an immutable snapshot: changes made later are not seen.
    let isSnapshot: Bool

    init(path: String) throws(RegistryError) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .storage("no registry at \(path); issue certificates first, or pass --registry PATH")
        }
        let file = URL(fileURLWithPath: path).standardizedFileURL
        let folder = file.deletingLastPathComponent().path
        if access(path + "-shm", F_OK) == 0 || access(folder, W_OK) == 0 {
            openPath = path
            isSnapshot = false
            sharedMemory = nil
            return
        }
        guard access(path + "-wal", F_OK) != 0 else {
            throw .storage(
                "\(path) has a -wal file but no -shm, and its folder \(folder) cannot be written, so its last changes cannot be read; "
                    + "open it once with any cpdcert command where the folder can be written")
        }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let encoded = file.path.addingPercentEncoding(withAllowedCharacters: allowed) ?? file.path
        openPath = "file:\(encoded)?immutable=1"
        isSnapshot = true
        sharedMemory = path + "-shm"
    }

    /// The `-shm` file whose appearance ends a snapshot's validity; nil when not a snapshot.
    let sharedMemory: String?

    /// Throws once a writer has opened a registry read as a snapshot: an immutable reader would
    /// not see its changes and could read half-written pages. One access(2) call.
    static func checkSnapshot(_ sharedMemory: String?) throws(RegistryError) {
        guard let sharedMemory, access(sharedMemory, F_OK) == 0 else { return }
        throw .storage(
            "the registry was opened as a read-only snapshot and has been written since; restart to read it live "
                + "(\(sharedMemory) now exists)")
    }
}
