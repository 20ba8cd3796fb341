import CPDCore
import CPDRegistry
import CPDTestSupport
import Foundation
import Testing

@Suite struct RegistryOpeningTests {
    @Test(arguments: [false, true]) func aFolderGivenAsTheRegistryIsNamedAsSuch(readOnly: Bool) throws {
        let folder = try ExternalTool.temporaryDirectory("registry-folder")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(
            throws: RegistryError.storage("\(folder.path) is a folder; the registry is a file, for example \(folder.path)/cpdcert.sqlite")
        ) {
            _ = try SQLiteCertificateRegistry(path: folder.path, readOnly: readOnly)
        }
    }

    @Test func aRegistryFromANewerCpdcertIsRefusedForWritingToo() async throws {
        let file = TemporaryRegistryFile()
        defer { file.remove() }
        _ = try SQLiteCertificateRegistry(path: file.path)
        let sqlite = try ExternalTool.run("sqlite3", [file.path, "INSERT INTO grdb_migrations VALUES ('v99-from-the-future')"])
        #expect(sqlite.status == 0, "\(sqlite.stderr)")
        for readOnly in [false, true] {
            #expect {
                _ = try SQLiteCertificateRegistry(path: file.path, readOnly: readOnly)
            } throws: { error in
                "\(error)".contains("written by a newer cpdcert (unknown migrations [\"v99-from-the-future\"]); upgrade cpdcert")
            }
        }
    }

    // Readers in a folder they cannot write need the -shm file a writer made: writers keep it.
    @Test func aClosedRegistryKeepsItsWALAndSharedMemoryFiles() async throws {
        let file = TemporaryRegistryFile()
        defer { file.remove() }
        do {
            let registry = try SQLiteCertificateRegistry(path: file.path)
            try await registry.insert([Samples.certificate("Gwenllian ap Rhys")])
        }
        #expect(FileManager.default.fileExists(atPath: file.path + "-shm"))
        #expect(FileManager.default.fileExists(atPath: file.path + "-wal"))
    }
}
