import CPDCore
import CPDPostgres
import CPDRegistry
import CPDTestSupport
import Foundation
import Testing

/// Every implementation of the registry's ports, for contract tests that run the same test on each.
enum RegistryImplementation: String, CaseIterable, CustomTestStringConvertible {
    /// The in-memory twin.
    case memory
    /// SQLite in a file, as `cpdcert` uses it.
    case sqliteFile
    /// SQLite in memory.
    case sqliteMemory
    /// PostgreSQL, a fresh database on the test server (Tests/with-postgres.sh).
    case postgres
    // Not OverlayCertificateRegistry: a dry run's overlay refuses status changes and keeps no
    // attendance register by design (see its doc comment).

    var testDescription: String { rawValue }

    func make(_ file: TemporaryRegistryFile) async throws -> any CertificateRegistry {
        switch self {
        case .memory: return InMemoryCertificateRegistry()
        case .sqliteFile: return try SQLiteCertificateRegistry(path: file.path)
        case .sqliteMemory: return try SQLiteCertificateRegistry()
        case .postgres:
            let database = try PostgresTestDatabase.create()
            file.database = database
            return try await PostgresCertificateRegistry.open(PostgresLocation(database.url))
        }
    }
}

/// The contract of the registry's ports (certificate store, status history, transparency log,
/// attendance register), one test per rule, run against every implementation: what one does,
/// all do. (Event definitions: EventDefinitionStoreTests.)
@Suite struct RegistryContractTests {
    /// Runs `body` on a fresh registry of `implementation`.
    func with(_ implementation: RegistryImplementation, _ body: (any CertificateRegistry) async throws -> Void) async throws {
        let file = TemporaryRegistryFile()
        defer { file.remove() }
        try await body(try await implementation.make(file))
    }

    /// `count` certificates of people `first`, `first + 1`, ...
    func certificates(_ count: Int, seed: UInt64 = 5, first: Int = 0) -> [Certificate] {
        let random = SeededRandomSource(seed: seed)
        return (first..<first + count).map { Samples.certificate(Samples.names[$0 % Samples.names.count], index: $0, ids: random) }
    }

    // MARK: Certificate store

    @Test(arguments: RegistryImplementation.allCases)
    func whatIsInsertedIsReadBackAsIssued(_ implementation: RegistryImplementation) async throws {
        try await with(implementation) { registry in
            let issued = certificates(8)
            try await registry.insert(issued)
            for certificate in issued {
                let read = try #require(try await registry.certificate(id: certificate.id))
                #expect(read == certificate, "\(certificate.content.attendeeName)")
            }
            #expect(try await registry.certificate(id: SeededRandomSource(seed: 999).certificateID()) == nil)
            #expect(try await registry.copiesDifferingFromRecords().isEmpty)
        }
    }

    @Test(arguments: RegistryImplementation.allCases)
    func whoIssuedACertificateOrItsCorrectionIsKeptAndLoggedWithIt(_ implementation: RegistryImplementation) async throws {
        try await with(implementation) { registry in
            var issued = certificates(3)
            issued[0].issuedBy = "trefnydd@example.org"
            issued[1].issuedBy = "Đặng Văn Lâm"
            try await registry.insert(issued)
            var corrected = certificates(1, seed: 41)[0]
            corrected.identity = issued[2].identity
            corrected.supersedes = issued[2].id
            corrected.issuedBy = "quality-lead"
            try await registry.changeStatus(
                StatusChange(
                    certificateID: issued[2].id, status: .superseded, reason: nil, note: "name misspelt", operatorName: "quality-lead",
                    at: FixedClock().now, replacedBy: corrected.id), replacement: corrected)
            let expected = ["trefnydd@example.org", "Đặng Văn Lâm", nil, "quality-lead"]
            for (certificate, issuer) in zip(issued + [corrected], expected) {
                #expect(try await registry.certificate(id: certificate.id)?.issuedBy == issuer)
            }
            #expect(try await LoggedIssuers.of(registry) == expected, "in the log, in issue order")
            let page = try await registry.allCertificates(after: nil, limit: 10)
            #expect(page.filter { $0.issuedBy != nil }.count == 3, "read in pages, as the audit reads them")
        }
    }

    @Test(arguments: RegistryImplementation.allCases)
    func aBatchWithARepeatedIDOrAttendeeIsRefusedWhole(_ implementation: RegistryImplementation) async throws {
        try await with(implementation) { registry in
            let issued = certificates(3)
            try await registry.insert([issued[0]])
            let sizeBefore = try await registry.logSize()
            var sameAttendee = certificates(1, seed: 77)[0]
            sameAttendee.identity = issued[0].identity
            await #expect(throws: RegistryError.self) { try await registry.insert([issued[1], sameAttendee]) }
            await #expect(throws: RegistryError.self) { try await registry.insert([issued[2], issued[0]]) }
            #expect(try await registry.certificate(id: issued[1].id) == nil, "nothing of a refused batch is kept")
            #expect(try await registry.certificate(id: issued[2].id) == nil)
            #expect(try await registry.logSize() == sizeBefore)
        }
    }

    @Test(arguments: RegistryImplementation.allCases)
    func pagesComeInIDOrderWithoutGapOrRepeat(_ implementation: RegistryImplementation) async throws {
        try await with(implementation) { registry in
            let issued = certificates(23)
            try await registry.insert(Array(issued[..<11]))
            try await registry.insert(Array(issued[11...]))
            var seen: [CertificateID] = []
            var cursor: CertificateID?
            while true {
                let page = try await registry.certificates(eventID: Samples.event.id, after: cursor, limit: 5)
                guard let last = page.last else { break }
                #expect(page.count <= 5)
                seen += page.map(\.id)
                cursor = last.id
            }
            #expect(seen == issued.map(\.id).sorted())
            #expect(try await registry.allCertificates(after: nil, limit: 100).map(\.id) == seen)
            #expect(try await registry.certificates(eventID: "another-event", after: nil, limit: 5).isEmpty)
            let identities = try await registry.issuedIDs(eventID: Samples.event.id)
            #expect(identities.count == issued.count)
            #expect(try await registry.certificates(identity: issued[4].identity).map(\.id) == [issued[4].id])
        }
    }

    // MARK: Status history

    @Test(arguments: RegistryImplementation.allCases)
    func aStatusChangesOnceAndACorrectionEndsTheChain(_ implementation: RegistryImplementation) async throws {
        try await with(implementation) { registry in
            let issued = certificates(2)
            try await registry.insert(issued)
            let at = FixedClock().now.addingTimeInterval(3600)
            let revocation = StatusChange(
                certificateID: issued[0].id, status: .revoked, reason: .issuedInError, note: "duplicate booking",
                operatorName: "quality-lead", at: at, replacedBy: nil)
            try await registry.changeStatus(revocation, replacement: nil)
            let revoked = try #require(try await registry.certificate(id: issued[0].id))
            #expect(revoked.status == .revoked && revoked.statusChange == revocation)
            await #expect(throws: RegistryError.notInForce(issued[0].id, .revoked)) {
                try await registry.changeStatus(revocation, replacement: nil)
            }
            let unknown = SeededRandomSource(seed: 4040).certificateID()
            await #expect(throws: RegistryError.notFound(unknown)) {
                try await registry.changeStatus(
                    StatusChange(
                        certificateID: unknown, status: .revoked, reason: .fraudulent, note: nil, operatorName: "a", at: at,
                        replacedBy: nil), replacement: nil)
            }
            var corrected = certificates(1, seed: 31)[0]
            corrected.identity = issued[1].identity
            corrected.supersedes = issued[1].id
            corrected.content.attendeeName = "Zoë Brontë-Łukasiewicz"
            try await registry.changeStatus(
                StatusChange(
                    certificateID: issued[1].id, status: .superseded, reason: nil, note: "name misspelt", operatorName: "a", at: at,
                    replacedBy: corrected.id), replacement: corrected)
            #expect(try await registry.certificate(id: issued[1].id)?.status == .superseded)
            #expect(try await registry.certificate(id: corrected.id)?.supersedes == issued[1].id)
            let latest = try await registry.issuedIDs(eventID: Samples.event.id)
            #expect(latest[issued[1].identity] == corrected.id, "the end of the chain")
            #expect(latest[issued[0].identity] == issued[0].id, "a revoked certificate still counts as issued")
        }
    }

    @Test(arguments: RegistryImplementation.allCases)
    func aRevocationCanBeUndoneAndMadeAgainButSupersededIsFinal(_ implementation: RegistryImplementation) async throws {
        try await with(implementation) { registry in
            let issued = certificates(2)
            try await registry.insert(issued)
            let id = issued[0].id
            func change(_ status: CertificateStatus, minutes: Double) -> StatusChange {
                StatusChange(
                    certificateID: id, status: status, reason: status == .revoked ? .attendanceDisputed : nil, note: "n",
                    operatorName: "quality-lead", at: FixedClock().now.addingTimeInterval(60 * minutes), replacedBy: nil)
            }
            await #expect(throws: RegistryError.notRevoked(id, .valid)) {
                try await registry.changeStatus(change(.valid, minutes: 1), replacement: nil)
            }
            try await registry.changeStatus(change(.revoked, minutes: 2), replacement: nil)
            try await registry.changeStatus(change(.valid, minutes: 3), replacement: nil)
            let reinstated = try #require(try await registry.certificate(id: id))
            #expect(reinstated.status == .valid && reinstated.statusChange == nil, "valid again, as if never changed")
            #expect(try await registry.allCertificates(after: nil, limit: 10).first { $0.id == id }?.status == .valid)
            try await registry.changeStatus(change(.revoked, minutes: 4), replacement: nil)
            #expect(try await registry.certificate(id: id)?.statusChange == change(.revoked, minutes: 4))
            #expect(
                try await registry.statusHistory(certificateID: id) == [
                    change(.revoked, minutes: 2), change(.valid, minutes: 3), change(.revoked, minutes: 4),
                ])
            #expect(try await registry.logIndexes(certificateID: id).count == 4)
            #expect(try await registry.statusHistory(certificateID: issued[1].id).isEmpty)
            var corrected = certificates(1, seed: 61, first: 1)[0]
            corrected.supersedes = issued[1].id
            try await registry.changeStatus(
                StatusChange(
                    certificateID: issued[1].id, status: .superseded, reason: nil, note: "n", operatorName: "a", at: FixedClock().now,
                    replacedBy: corrected.id), replacement: corrected)
            let undo = StatusChange(
                certificateID: issued[1].id, status: .valid, reason: nil, note: "n", operatorName: "a", at: FixedClock().now,
                replacedBy: nil)
            await #expect(throws: RegistryError.notRevoked(issued[1].id, .superseded)) {
                try await registry.changeStatus(undo, replacement: nil)
            }
        }
    }

    // MARK: Transparency log

    @Test(arguments: RegistryImplementation.allCases)
    func everyWriteIsLoggedAndTheLogReadsBackWhole(_ implementation: RegistryImplementation) async throws {
        try await with(implementation) { registry in
            let issued = certificates(4)
            try await registry.insert(issued)
            try await registry.changeStatus(
                StatusChange(
                    certificateID: issued[2].id, status: .revoked, reason: .fraudulent, note: nil, operatorName: "a",
                    at: FixedClock().now, replacedBy: nil), replacement: nil)
            let size = try await registry.logSize()
            #expect(size == 5)
            let entries = try await registry.logEntries(0..<size)
            #expect(entries.map(\.index) == Array(0..<size))
            #expect(entries.map(\.leafHash) == entries.map { MerkleTree.leafHash($0.body) })
            #expect(try await registry.leafHashes(size: size) == entries.map(\.leafHash))
            #expect(try await registry.leafHashes(size: 2) == Array(entries.prefix(2).map(\.leafHash)))
            #expect(try await registry.logIndexes(certificateID: issued[2].id).count == 2, "issued, then revoked")
            #expect(try await registry.logIndexes(certificateID: issued[0].id).count == 1)
        }
    }

    @Test(arguments: RegistryImplementation.allCases)
    func oneCheckpointIsKeptPerSizeAndTheNewestIsRead(_ implementation: RegistryImplementation) async throws {
        try await with(implementation) { registry in
            #expect(try await registry.latestCheckpoint() == nil)
            try await registry.insert(certificates(1))
            let root = MerkleTree.root(try await registry.leafHashes(size: 1))
            let first = StoredCheckpoint(size: 1, root: root, note: "origin-a\n1\n...", createdAt: FixedClock().now)
            try await registry.appendCheckpoint(first)
            try await registry.appendCheckpoint(
                StoredCheckpoint(size: 1, root: root, note: "origin-b\n1\n...", createdAt: FixedClock().now))
            #expect(try await registry.latestCheckpoint() == first, "the first note at a size is kept")
            try await registry.insert(certificates(1, seed: 8, first: 1))
            let second = StoredCheckpoint(
                size: 2, root: MerkleTree.root(try await registry.leafHashes(size: 2)), note: "origin-a\n2\n...",
                createdAt: FixedClock().now)
            try await registry.appendCheckpoint(second)
            #expect(try await registry.latestCheckpoint() == second)
        }
    }

    // MARK: Attendance register

    @Test(arguments: RegistryImplementation.allCases)
    func attendanceIsKeptPerSourceFileAndRecordingAFileAgainChangesNothing(_ implementation: RegistryImplementation) async throws {
        try await with(implementation) { registry in
            let people = Samples.names.enumerated().map { Samples.attendee($1, index: $0) }
            func records(minutes: Int, source: String, at offset: TimeInterval) -> [AttendanceRecord] {
                people.map { person in
                    AttendanceRecord(
                        eventID: Samples.event.id, identity: person.identity, name: person.fullName,
                        eligibility: Eligibility(evidence: Samples.evidence(person, minutes: minutes), event: Samples.event),
                        sourceSHA256: String(repeating: source, count: 64), lines: [2], recordedAt: FixedClock().now + offset,
                        identitySalt: SeededRandomSource(seed: 3).identitySalt())
                }
            }
            try await registry.recordAttendance(records(minutes: 60, source: "a", at: 0))
            try await registry.recordAttendance(records(minutes: 60, source: "a", at: 10))
            try await registry.recordAttendance(records(minutes: 200, source: "b", at: 20))
            let latest = try await registry.attendance(eventID: Samples.event.id)
            #expect(latest.count == people.count)
            #expect(latest.allSatisfy { $0.attendedSeconds == 200 * 60 && $0.eligible })
            let history = try await registry.attendanceRecords(eventID: Samples.event.id, identity: people[3].identity)
            #expect(history.map(\.sourceSHA256) == [String(repeating: "a", count: 64), String(repeating: "b", count: 64)])
            #expect(history.first?.eligible == false)
            #expect(try await registry.attendance(eventID: "another-event").isEmpty)
        }
    }
    @Test(arguments: RegistryImplementation.allCases)
    func aRecordFromSeveralFilesKeepsEachFilesHashAndLinesAndIsLoggedWithThem(_ implementation: RegistryImplementation) async throws {
        try await with(implementation) { registry in
            let person = Samples.attendee(Samples.names[0], index: 0)
            var record = AttendanceRecord(
                eventID: Samples.event.id, identity: person.identity, name: person.fullName,
                eligibility: Eligibility(evidence: Samples.evidence(person, minutes: 180), event: Samples.event),
                sourceSHA256: String(repeating: "c", count: 64), lines: [10], recordedAt: FixedClock().now,
                identitySalt: SeededRandomSource(seed: 4).identitySalt())
            record.sources = [
                AttendanceRecord.SourceRows(sha256: String(repeating: "a", count: 64), lines: [10]),
                AttendanceRecord.SourceRows(sha256: String(repeating: "b", count: 64), lines: [2, 7]),
            ]
            try await registry.recordAttendance([record])
            let stored = try #require(try await registry.attendance(eventID: Samples.event.id).first)
            #expect(stored.sources == record.sources)
            let entry = try #require(try await registry.logEntries(0..<1).first)
            #expect(entry.body == TransparencyEntry.attendanceRecorded(stored).canonicalBytes)
            let text = String(decoding: entry.body, as: UTF8.self)
            #expect(text.contains(#""sources":[{"lines":[10],"sha256":"\#(String(repeating: "a", count: 64))"}"#))
            // A record from one file is logged as it was before several files could be read.
            record.sources = []
            #expect(!String(decoding: TransparencyEntry.attendanceRecorded(record).canonicalBytes, as: UTF8.self).contains("sources"))
        }
    }

    @Test(arguments: RegistryImplementation.allCases)
    func everyAttendanceRecordIsLoggedOnceAboutNoCertificateAndNamesNoOne(_ implementation: RegistryImplementation) async throws {
        try await with(implementation) { registry in
            let issued = certificates(2)
            try await registry.insert(issued)
            let random = SeededRandomSource(seed: 11)
            let people = Samples.names.enumerated().map { Samples.attendee($1, index: $0) }
            func records(minutes: Int, source: String) -> [AttendanceRecord] {
                people.enumerated().map { line, person in
                    AttendanceRecord(
                        eventID: Samples.event.id, identity: person.identity, name: person.fullName,
                        eligibility: Eligibility(evidence: Samples.evidence(person, minutes: minutes), event: Samples.event),
                        sourceSHA256: String(repeating: source, count: 64), lines: [line + 2], recordedAt: FixedClock().now,
                        identitySalt: random.identitySalt())
                }
            }
            try await registry.recordAttendance(records(minutes: 60, source: "a"))
            try await registry.recordAttendance(records(minutes: 60, source: "a"))  // the same file again: nothing new
            try await registry.recordAttendance(records(minutes: 200, source: "b"))
            #expect(try await registry.logSize() == issued.count + 2 * people.count)

            var stored: [AttendanceRecord] = []
            var position: Int?
            while true {
                let page = try await registry.allAttendanceRecords(after: position, limit: 3)
                guard let last = page.last else { break }
                stored += page.map(\.record)
                position = last.position
            }
            #expect(stored.count == 2 * people.count)
            #expect(Set(stored.map(\.identitySalt)).count == stored.count, "a salt of its own for every record")
            // In the order recorded, after the certificates, each re-derived from its record as read back.
            let entries = try await registry.logEntries(issued.count..<(issued.count + 2 * people.count))
            #expect(entries.map(\.body) == stored.map { TransparencyEntry.attendanceRecorded($0).canonicalBytes })
            #expect(entries.allSatisfy { $0.certificateID == nil })
            for certificate in issued {
                #expect(try await registry.logIndexes(certificateID: certificate.id) == [issued.firstIndex(of: certificate)!])
            }
            for entry in entries {
                let text = String(decoding: entry.body, as: UTF8.self)
                #expect(text.contains(#""type":"attendance-recorded""#))
                for person in people {
                    #expect(!text.contains(person.identity.email) && !text.contains(person.fullName), "\(person.fullName) in \(text)")
                }
            }
        }
    }
}
