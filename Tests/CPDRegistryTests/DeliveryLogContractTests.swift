import CPDCore
import CPDPostgres
import CPDRegistry
import CPDTestSupport
import Foundation
import Testing

/// The delivery log's contract, run against the in-memory twin and SQLite: attempts come back in
/// the order recorded, by event, every field intact; SQLite's and PostgreSQL's tables refuse edits.
@Suite struct DeliveryLogContractTests {
    enum Implementation: String, CaseIterable {
        case memory, sqliteFile, postgres
    }

    static func attempt(_ certificate: Certificate, _ number: Int, _ outcome: DeliveryAttempt.Outcome, code: Int?) -> DeliveryAttempt {
        DeliveryAttempt(
            certificateID: certificate.id, eventID: certificate.eventID, attempt: number, outcome: outcome, replyCode: code,
            replyText: code.map { "\($0) reply to Siân" } ?? "Timeout was reached",
            messageID: "<\(certificate.id.compact).certificate@example.org>",
            at: Date(timeIntervalSince1970: 1_600_000_000 + Double(number) * 1.5))
    }

    @Test(arguments: Implementation.allCases)
    func attemptsAreKeptInOrderWithEveryField(_ implementation: Implementation) async throws {
        let file = TemporaryRegistryFile()
        defer { file.remove() }
        let ids = SeededRandomSource(seed: 21)
        let certificates = (0..<2).map { Samples.certificate(Samples.names[$0], index: $0, ids: ids) }
        let log: any DeliveryLog
        switch implementation {
        case .memory:
            log = InMemoryDeliveryLog()
        case .sqliteFile, .postgres:
            let registry = try await (implementation == .postgres ? RegistryImplementation.postgres : .sqliteFile).make(file)
            try await registry.insert(certificates)
            log = try #require(registry as? any DeliveryLog)
        }
        let attempts = [
            Self.attempt(certificates[0], 1, .temporaryFailure, code: 451), Self.attempt(certificates[1], 1, .permanentFailure, code: 550),
            Self.attempt(certificates[0], 2, .temporaryFailure, code: nil), Self.attempt(certificates[0], 3, .accepted, code: 250),
        ]
        for attempt in attempts { try await log.recordDelivery(attempt) }
        #expect(try await log.deliveries(eventID: certificates[0].eventID) == attempts)
        #expect(try await log.deliveries(eventID: "another-event").isEmpty)
        let statuses = DeliveryStatus.byCertificate(attempts)
        #expect(statuses[certificates[0].id]?.delivered == true)
        #expect(statuses[certificates[0].id]?.attempts == 3)
        #expect(statuses[certificates[1].id]?.delivered == false)
    }

    @Test func theSQLiteTableIsAppendOnly() async throws {
        let file = TemporaryRegistryFile()
        defer { file.remove() }
        let certificate = Samples.certificate("Nguyễn Thị Hằng", ids: SeededRandomSource(seed: 22))
        let registry = try SQLiteCertificateRegistry(path: file.path)
        try await registry.insert([certificate])
        try await registry.recordDelivery(Self.attempt(certificate, 1, .accepted, code: 250))
        let edited = try ExternalTool.run("sqlite3", [file.path, "UPDATE delivery_attempt SET outcome = 'permanent_failure'"])
        #expect(edited.status != 0)
        #expect(edited.stderr.contains("append-only"))
        let deleted = try ExternalTool.run("sqlite3", [file.path, "DELETE FROM delivery_attempt"])
        #expect(deleted.stderr.contains("append-only"))
        #expect(try await registry.deliveries(eventID: certificate.eventID).count == 1)
    }

    @Test func thePostgreSQLTableIsAppendOnly() async throws {
        let file = TemporaryRegistryFile()
        defer { file.remove() }
        let certificate = Samples.certificate("Gruffudd ap Llywelyn", ids: SeededRandomSource(seed: 23))
        let registry = try #require(try await RegistryImplementation.postgres.make(file) as? PostgresCertificateRegistry)
        try await registry.insert([certificate])
        try await registry.recordDelivery(Self.attempt(certificate, 1, .accepted, code: 250))
        let database = try #require(file.database)
        for edit in [
            "UPDATE delivery_attempt SET outcome = 'permanent_failure'", "DELETE FROM delivery_attempt",
            "TRUNCATE delivery_attempt CASCADE",
        ] {
            let refused = #expect(throws: PostgresTestDatabase.Failure.self, "\(edit)") { try database.psql(edit) }
            #expect(refused?.description.contains("append-only") == true, "\(edit)")
        }
        #expect(try await registry.deliveries(eventID: certificate.eventID).count == 1)
    }
}
