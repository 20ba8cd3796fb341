import CPDCore
import CPDRegistry
import CPDTestSupport
import Foundation
import Testing

@Suite struct RegistryOpeningTests {
    // Before, GRDB's migrator read the applied migrations outside a transaction: two first runs
    // both saw a new file, and the second failed ("table certificate already exists").
    @Test func firstRunsOpeningANewRegistryAtOnceAllSucceed() async throws {
        for _ in 0..<6 {
            let file = TemporaryRegistryFile()
            defer { file.remove() }
            let results = await withTaskGroup(of: String?.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        do {
                            _ = try SQLiteCertificateRegistry(path: file.path)
                            return nil
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                return await group.reduce(into: [String]()) { if let error = $1 { $0.append(error) } }
            }
            #expect(results.isEmpty, "\(results)")
            let registry = try SQLiteCertificateRegistry(path: file.path, readOnly: true)
            #expect(try await registry.logSize() == 0)
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
