import CPDCore
import CPDRegistry
import CPDTestSupport
import Foundation
import Testing

@Suite struct SQLiteRegistryTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("cpdcert-\(UUID()).sqlite").path
    }

    @Test func certificateRoundTripsWithEveryFrozenField() async throws {
        let registry = try SQLiteCertificateRegistry()
        let certificate = Samples.certificate("Nguyễn Thị Hằng")
        try await registry.insert([certificate])
        #expect(try await registry.certificate(id: certificate.id) == certificate)
        #expect(try await registry.issuedIDs(eventID: certificate.eventID) == [certificate.identity: certificate.id])
        #expect(try await registry.certificates(eventID: certificate.eventID, after: nil, limit: 10) == [certificate])
        #expect(try await registry.certificate(id: SeededIDGenerator(seed: 5).next()) == nil)
    }

    @Test func aSecondCertificateForTheSameAttendeeCannotBeInserted() async throws {
        let registry = try SQLiteCertificateRegistry()
        let ids = SeededIDGenerator()
        let first = Samples.certificate("Siân Llywelyn", index: 1, ids: ids)
        let again = Samples.certificate("Siân Llywelyn", index: 1, ids: ids)
        try await registry.insert([first])
        await #expect(throws: RegistryError.duplicateAttendee(eventID: first.eventID, certificateID: again.id)) {
            try await registry.insert([again])
        }
    }

    @Test func aDuplicateIDCannotBeInserted() async throws {
        let registry = try SQLiteCertificateRegistry()
        let first = Samples.certificate("Siân Llywelyn", index: 1)
        var other = Samples.certificate("王秀英", index: 2)
        other.id = first.id
        try await registry.insert([first])
        await #expect(throws: RegistryError.duplicateID(first.id)) { try await registry.insert([other]) }
    }

    @Test func aBatchIsAllOrNothing() async throws {
        let registry = try SQLiteCertificateRegistry()
        let ids = SeededIDGenerator()
        let good = Samples.certificate("Aoife Ní Bhriain", index: 1, ids: ids)
        let duplicate = Samples.certificate("Aoife Ní Bhriain", index: 1, ids: ids)
        await #expect(throws: RegistryError.self) { try await registry.insert([good, duplicate]) }
        #expect(try await registry.certificate(id: good.id) == nil)
    }

    @Test func fileRegistryUsesWALAndReopensReadOnly() async throws {
        let path = temporaryPath()
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let certificate = Samples.certificate("فاطمة الزهراء")
        do {
            let registry = try SQLiteCertificateRegistry(path: path)
            try await registry.insert([certificate])
        }
        let header = try #require(FileManager.default.contents(atPath: path)?.prefix(20))
        // Bytes 18 and 19 of the SQLite header are 2 in WAL mode (1 in rollback mode).
        #expect(header[18] == 2 && header[19] == 2)
        let reader = try SQLiteCertificateRegistry(path: path, readOnly: true)
        #expect(try await reader.certificate(id: certificate.id) == certificate)
        await #expect(throws: (any Error).self) {
            try await reader.insert([Samples.certificate("Other", index: 9, ids: SeededIDGenerator(seed: 77))])
        }
    }

    @Test func pagesWalkAnEventInIDOrderWithoutGapsOrRepeats() async throws {
        let sqlite = try SQLiteCertificateRegistry()
        let memory = InMemoryCertificateRegistry()
        let ids = SeededIDGenerator(seed: 11)
        let all = (0..<23).map { Samples.certificate("Person \($0)", index: $0, ids: ids) }
        try await sqlite.insert(all)
        try await memory.insert(all)
        for registry in [sqlite, memory] as [any CertificateRegistry] {
            var seen: [CertificateID] = []
            var cursor: CertificateID?
            while true {
                let page = try await registry.certificates(eventID: Samples.event.id, after: cursor, limit: 5)
                if page.isEmpty { break }
                #expect(page.count <= 5)
                seen += page.map(\.id)
                cursor = page.last?.id
            }
            #expect(seen == all.map(\.id).sorted())
            #expect(try await registry.certificates(eventID: "another-event", after: nil, limit: 5).isEmpty)
        }
    }

    @Test func readOnlyOpenOfAMissingFileExplains() {
        #expect(throws: RegistryError.self) { try SQLiteCertificateRegistry(path: "/nonexistent/cpdcert.sqlite", readOnly: true) }
    }
}
