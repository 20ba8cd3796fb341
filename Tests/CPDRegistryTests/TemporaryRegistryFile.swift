import Foundation

/// A registry file's path in the temporary folder; `remove()` deletes the file with the `-wal`
/// and `-shm` files SQLite keeps beside it.
struct TemporaryRegistryFile {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("cpdcert-\(UUID()).sqlite").path

    func remove() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
