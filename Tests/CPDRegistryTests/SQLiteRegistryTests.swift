import CPDCore
import CPDRegistry
import CPDTestSupport
import Foundation
import Testing

@Suite struct SQLiteRegistryTests {
    @Test func certificateRoundTripsWithEveryFrozenField() async throws {
        let registry = try SQLiteCertificateRegistry()
        let certificate = Samples.certificate("Nguyễn Thị Hằng")
        try await registry.insert([certificate])
        #expect(try await registry.certificate(id: certificate.id) == certificate)
        #expect(try await registry.issuedIDs(eventID: certificate.eventID) == [certificate.identity: certificate.id])
        #expect(try await registry.certificates(eventID: certificate.eventID, after: nil, limit: 10) == [certificate])
        #expect(try await registry.certificate(id: SeededRandomSource(seed: 5).certificateID()) == nil)
    }

    @Test func aSecondCertificateForTheSameAttendeeCannotBeInserted() async throws {
        let registry = try SQLiteCertificateRegistry()
        let ids = SeededRandomSource()
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
        let ids = SeededRandomSource()
        let good = Samples.certificate("Aoife Ní Bhriain", index: 1, ids: ids)
        let duplicate = Samples.certificate("Aoife Ní Bhriain", index: 1, ids: ids)
        await #expect(throws: RegistryError.self) { try await registry.insert([good, duplicate]) }
        #expect(try await registry.certificate(id: good.id) == nil)
    }

    @Test func fileRegistryUsesWALAndReopensReadOnly() async throws {
        let file = TemporaryRegistryFile()
        defer { file.remove() }
        let path = file.path
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
            try await reader.insert([Samples.certificate("Other", index: 9, ids: SeededRandomSource(seed: 77))])
        }
    }

    @Test func pagesWalkAnEventInIDOrderWithoutGapsOrRepeats() async throws {
        let sqlite = try SQLiteCertificateRegistry()
        let memory = InMemoryCertificateRegistry()
        let ids = SeededRandomSource(seed: 11)
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

    /// The server's reader (read-only, reading on the request's thread) sees each status change
    /// as soon as the writer commits it: never a stale "valid".
    @Test func aReadOnlyReaderSeesRevocationsAndCorrectionsAtOnce() async throws {
        let file = TemporaryRegistryFile()
        defer { file.remove() }
        let path = file.path
        let ids = SeededRandomSource(seed: 31)
        let revoked = Samples.certificate("Siân Llywelyn", index: 1, ids: ids)
        let old = Samples.certificate("王秀英", index: 2, ids: ids)
        let writer = try SQLiteCertificateRegistry(path: path)
        try await writer.insert([revoked, old])
        let reader = try SQLiteCertificateRegistry(path: path, readOnly: true)
        #expect(try await reader.certificate(id: revoked.id)?.status == .valid)
        #expect(try await reader.certificate(id: old.id)?.status == .valid)

        try await writer.changeStatus(
            StatusChange(
                certificateID: revoked.id, status: .revoked, reason: .fraudulent, note: nil, operatorName: "qa", at: FixedClock().now,
                replacedBy: nil), replacement: nil)
        let readRevoked = try #require(try await reader.certificate(id: revoked.id))
        #expect(readRevoked.status == .revoked)
        #expect(readRevoked.statusChange?.reason == .fraudulent)

        var corrected = Samples.certificate("王秀英", index: 2, ids: SeededRandomSource(seed: 32))
        corrected.supersedes = old.id
        try await writer.changeStatus(
            StatusChange(
                certificateID: old.id, status: .superseded, reason: nil, note: "typo", operatorName: "qa", at: FixedClock().now,
                replacedBy: corrected.id), replacement: corrected)
        #expect(try await reader.certificate(id: old.id)?.status == .superseded)
        #expect(try await reader.certificate(id: old.id)?.statusChange?.replacedBy == corrected.id)
        #expect(try await reader.certificate(id: corrected.id) == corrected)
    }

    /// A registry file looks certificates up by ID on its own connections (`CertificateLookup`);
    /// what it reads equals what GRDB's reading of the same rows gives, field for field.
    @Test func lookupsByIDReadWhatGRDBReads() async throws {
        let file = TemporaryRegistryFile()
        defer { file.remove() }
        let path = file.path
        let ids = SeededRandomSource(seed: 41)
        var quirky = Samples.certificate("\"Quotes\" \\ back/slash\ttab \u{1} é 王 🙂", index: 1, ids: ids)
        quirky.content.jobTitle = nil
        quirky.content.organiserURL = nil
        quirky.evidenceSHA256 = nil
        let welsh = Samples.certificate("Siân Llywelyn", index: 2, ids: ids, locales: ["cy"])
        let revoked = Samples.certificate("Zoë Brontë-Łukasiewicz", index: 3, ids: ids)
        let old = Samples.certificate("王秀英", index: 4, ids: ids)
        let registry = try SQLiteCertificateRegistry(path: path)
        try await registry.insert([quirky, welsh, revoked, old])
        try await registry.changeStatus(
            StatusChange(
                certificateID: revoked.id, status: .revoked, reason: .issuedInError, note: "note", operatorName: "qa",
                at: Date(timeIntervalSince1970: 1_795_944_700.25), replacedBy: nil), replacement: nil)
        var corrected = Samples.certificate("王秀英", index: 4, ids: SeededRandomSource(seed: 42))
        corrected.supersedes = old.id
        try await registry.changeStatus(
            StatusChange(
                certificateID: old.id, status: .superseded, reason: nil, note: nil, operatorName: "qa", at: FixedClock().now,
                replacedBy: corrected.id), replacement: corrected)

        let all = try await registry.allCertificates(after: nil, limit: 100)
        #expect(all.count == 5)
        for certificate in all {
            #expect(try await registry.certificate(id: certificate.id) == certificate)
        }
        #expect(try await registry.certificate(id: quirky.id) == quirky)
        #expect(try await registry.certificate(id: SeededRandomSource(seed: 5).certificateID()) == nil)
        let reader = try SQLiteCertificateRegistry(path: path, readOnly: true)
        for certificate in all {
            #expect(try await reader.certificate(id: certificate.id) == certificate)
        }
    }

    @Test func readOnlyOpenOfAMissingFileExplains() {
        #expect(throws: RegistryError.self) { try SQLiteCertificateRegistry(path: "/nonexistent/cpdcert.sqlite", readOnly: true) }
    }
}

/// A registry written before status histories existed (one status_change row per certificate)
/// keeps every change when it is opened by this version.
@Suite struct StatusHistoryMigrationTests {
    @Test func statusChangesOfAnEarlierRegistryBecomeItsHistoryInOrder() async throws {
        let file = TemporaryRegistryFile()
        defer { file.remove() }
        let random = SeededRandomSource(seed: 12)
        let certificates = ["Siân Llywelyn", "فاطمة الزهراء", "王秀英"].enumerated().map { Samples.certificate($1, index: $0, ids: random) }
        let registry = try SQLiteCertificateRegistry(path: file.path)
        try await registry.insert(certificates)
        let revocation = StatusChange(
            certificateID: certificates[0].id, status: .revoked, reason: .requestedByAttendee, note: "asked by phone",
            operatorName: "quality-lead",
            at: FixedClock().now, replacedBy: nil)
        try await registry.changeStatus(revocation, replacement: nil)
        let revocation2 = StatusChange(
            certificateID: certificates[2].id, status: .revoked, reason: .fraudulent, note: nil, operatorName: "quality-lead",
            at: FixedClock().now.addingTimeInterval(60), replacedBy: nil)
        try await registry.changeStatus(revocation2, replacement: nil)
        // Back to the layout of an earlier cpdcert: status_change, and v9 not yet applied.
        let downgrade = try ExternalTool.run(
            "sqlite3",
            [
                file.path,
                """
                CREATE TABLE status_change (
                    certificate_id TEXT PRIMARY KEY NOT NULL REFERENCES certificate(id),
                    status TEXT NOT NULL CHECK (status IN ('revoked', 'superseded')), reason TEXT, note TEXT,
                    operator TEXT NOT NULL, at TEXT NOT NULL, replaced_by TEXT UNIQUE REFERENCES certificate(id),
                    CHECK ((status = 'superseded') = (replaced_by IS NOT NULL))) STRICT;
                INSERT INTO status_change SELECT certificate_id, status, reason, note, operator, at, replaced_by FROM status_history ORDER BY seq;
                DROP TABLE status_history;
                DELETE FROM grdb_migrations WHERE identifier = 'v9-status-history';
                """,
            ])
        #expect(downgrade.status == 0, "\(downgrade.stderr)")
        let upgraded = try SQLiteCertificateRegistry(path: file.path)
        #expect(try await upgraded.statusHistory(certificateID: certificates[0].id) == [revocation])
        #expect(try await upgraded.statusHistory(certificateID: certificates[2].id) == [revocation2])
        #expect(try await upgraded.certificate(id: certificates[0].id)?.status == .revoked)
        #expect(try await upgraded.certificate(id: certificates[1].id)?.status == .valid)
        let reinstatement = StatusChange(
            certificateID: certificates[0].id, status: .valid, reason: nil, note: "withdrawn request", operatorName: "quality-lead",
            at: FixedClock().now.addingTimeInterval(120), replacedBy: nil)
        try await upgraded.changeStatus(reinstatement, replacement: nil)
        #expect(try await upgraded.statusHistory(certificateID: certificates[0].id) == [revocation, reinstatement])
    }

    /// A registry from before several attendance files could be read (v11 not applied, no
    /// `sources` column) opens, and its records read back and re-derive their log entries unchanged.
    @Test func attendanceRecordsOfAnEarlierRegistryReadBackUnchanged() async throws {
        let file = TemporaryRegistryFile()
        defer { file.remove() }
        let person = Samples.attendee(Samples.names[1], index: 1)
        let record = AttendanceRecord(
            eventID: Samples.event.id, identity: person.identity, name: person.fullName,
            eligibility: Eligibility(evidence: Samples.evidence(person, minutes: 200), event: Samples.event),
            sourceSHA256: String(repeating: "d", count: 64), lines: [4, 9], recordedAt: FixedClock().now,
            identitySalt: SeededRandomSource(seed: 8).identitySalt())
        try await SQLiteCertificateRegistry(path: file.path).recordAttendance([record])
        let downgrade = try ExternalTool.run(
            "sqlite3",
            [
                file.path,
                "ALTER TABLE attendance_record DROP COLUMN sources; DELETE FROM grdb_migrations WHERE identifier = 'v11-attendance-sources';",
            ])
        #expect(downgrade.status == 0, "\(downgrade.stderr)")
        let upgraded = try SQLiteCertificateRegistry(path: file.path)
        let stored = try #require(try await upgraded.attendance(eventID: Samples.event.id).first)
        #expect(stored.sources.isEmpty && stored.lines == [4, 9] && stored.sourceSHA256 == record.sourceSHA256)
        #expect(try await upgraded.logEntries(0..<1).first?.body == TransparencyEntry.attendanceRecorded(stored).canonicalBytes)
    }

    /// A registry from before the log's tree was kept (v10 not applied, no log_tree) gets the
    /// tree of everything it logged when next opened, and appends extend it.
    @Test func theTreeOfAnEarlierRegistryIsBackFilledWhenItIsOpened() async throws {
        let file = TemporaryRegistryFile()
        defer { file.remove() }
        try await Samples.fillLog(try SQLiteCertificateRegistry(path: file.path), to: 1_100)
        let downgrade = try ExternalTool.run(
            "sqlite3", [file.path, "DROP TABLE log_tree; DELETE FROM grdb_migrations WHERE identifier = 'v10-log-tree';"])
        #expect(downgrade.status == 0, "\(downgrade.stderr)")
        let count = try ExternalTool.run("sqlite3", [file.path, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'log_tree'"])
        #expect(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        let upgraded = try SQLiteCertificateRegistry(path: file.path)
        try await Samples.fillLog(upgraded, to: 1_111)
        let leaves = try await upgraded.leafHashes(size: 1_111)
        let expected = MerkleLevels(leaves: leaves)
        for (level, hashes) in expected.levels.enumerated() {
            let nodes = (0..<hashes.count).map { MerkleNode(level: level, index: $0) }
            #expect(try await upgraded.treeHashes(nodes) == hashes, "level \(level)")
        }
        #expect(
            try await upgraded.inclusionProof(index: 1_023, size: 1_100)
                == FullRebuildMerkle.inclusionProof(index: 1_023, size: 1_100, leaves: leaves))
        #expect(try await upgraded.rootHash(size: 1_111) == MerkleTree.root(leaves))
    }
}
