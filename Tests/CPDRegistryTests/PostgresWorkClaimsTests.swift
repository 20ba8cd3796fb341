import CPDCore
import CPDPostgres
import CPDTestSupport
import Foundation
import Testing

/// `WorkClaims` on a real PostgreSQL server: claims are exclusive between holders claiming at
/// once, leases end unless renewed, written work is never claimed again, and a claim names the
/// certificate already recorded for its person.
@Suite struct PostgresWorkClaimsTests {
    static let event = "county-lines-2020"

    func people(_ count: Int) -> [AttendeeIdentity] {
        (0..<count).map { AttendeeIdentity(email: "person\($0)@example.org")! }
    }

    func opened(_ database: PostgresTestDatabase) async throws -> PostgresCertificateRegistry {
        try await PostgresCertificateRegistry.open(PostgresLocation(database.url))
    }

    @Test func holdersClaimingAtOnceGetDisjointWorkInOfferedOrder() async throws {
        let database = try PostgresTestDatabase.create()
        defer { database.drop() }
        let registries = [try await opened(database), try await opened(database), try await opened(database)]
        let everyone = people(600)
        // Every runner offers the same people; offered twice is offered once.
        for registry in registries { try await registry.offerWork(eventID: Self.event, identities: everyone) }
        #expect(try database.psql("SELECT count(*) FROM work_claim") == "600")

        let claimed = try await withThrowingTaskGroup(of: [AttendeeIdentity].self) { group in
            for (n, registry) in registries.enumerated() {
                group.addTask {
                    var mine: [AttendeeIdentity] = []
                    while true {
                        let batch = try await registry.claimWork(
                            eventID: Self.event, holder: "runner-\(n)", limit: 7, lease: .seconds(60), excluding: [])
                        if batch.isEmpty { return mine }
                        #expect(batch.allSatisfy { $0.certificateID == nil })
                        mine += batch.map(\.identity)
                    }
                }
            }
            var all: [[AttendeeIdentity]] = []
            for try await mine in group { all.append(mine) }
            return all
        }
        let flat = claimed.flatMap { $0 }
        #expect(flat.count == 600 && Set(flat).count == 600, "each person claimed by exactly one holder")
        #expect(claimed.allSatisfy { !$0.isEmpty }, "every holder got a share: \(claimed.map(\.count))")
        // Each holder's claims in the order they were offered.
        let position = Dictionary(uniqueKeysWithValues: everyone.enumerated().map { ($1, $0) })
        for mine in claimed { #expect(mine.map { position[$0]! } == mine.map { position[$0]! }.sorted()) }
    }

    /// Leases long enough never to end under a loaded machine, except one shortened to a
    /// millisecond by its renewal: what ends is decided by the database's clock, not the test's pace.
    @Test func aLeaseEndsUnlessRenewedAndWrittenWorkIsDone() async throws {
        let database = try PostgresTestDatabase.create()
        defer { database.drop() }
        let registry = try await opened(database)
        let everyone = people(10)
        let long = Duration.seconds(600)
        try await registry.offerWork(eventID: Self.event, identities: everyone)
        let first = try await registry.claimWork(eventID: Self.event, holder: "a", limit: 4, lease: long, excluding: [])
        let second = try await registry.claimWork(eventID: Self.event, holder: "b", limit: 4, lease: long, excluding: [])
        #expect(first.map(\.identity) == Array(everyone[0..<4]))
        #expect(second.map(\.identity) == Array(everyone[4..<8]))
        // What b waits for when it has claimed everything else: a's four, ending within the lease.
        _ = try await registry.claimWork(eventID: Self.event, holder: "b", limit: 10, lease: long, excluding: [])
        let held = try await registry.heldElsewhere(eventID: Self.event, holder: "b", excluding: [])
        #expect(held.count == 4)
        #expect(held.soonestEnd.map { $0 > .zero && $0 <= long } == true, "\(String(describing: held.soonestEnd))")

        // a writes two and renews the rest; b's renewal gives it a millisecond. Once that has passed,
        // only b's unwritten work is free.
        try await registry.markWritten(eventID: Self.event, identities: Array(everyone[0..<2]), output: "host:/srv/out-a")
        #expect(try await registry.renewClaims(holder: "a", lease: long) == 2)
        #expect(try await registry.renewClaims(holder: "b", lease: .milliseconds(1)) == 6)
        try await Task.sleep(for: .milliseconds(50))
        let c = try await registry.claimWork(eventID: Self.event, holder: "c", limit: 20, lease: long, excluding: [])
        #expect(Set(c.map(\.identity)) == Set(everyone[4..<10]), "b's lapsed claims, none of a's renewed or written")
        #expect(try await registry.renewClaims(holder: "b", lease: long) == 0, "b holds nothing now")

        // Given back, a's two unwritten are free at once; excluded people are not claimed.
        try await registry.releaseClaims(holder: "a")
        let d = try await registry.claimWork(eventID: Self.event, holder: "d", limit: 20, lease: long, excluding: [everyone[3]])
        #expect(d.map(\.identity) == [everyone[2]])
        #expect(try await registry.identitiesNotWritten(to: "host:/srv/out-a", eventID: Self.event) == Set(everyone[2..<10]))
    }

    @Test func aClaimNamesTheCertificateAlreadyRecordedForItsPerson() async throws {
        let database = try PostgresTestDatabase.create()
        defer { database.drop() }
        let registry = try await opened(database)
        let ids = SeededRandomSource(seed: 2020)
        var issued = Samples.certificate(Samples.names[0], index: 0, ids: ids)
        issued.eventID = Self.event
        try await registry.insert([issued])
        let other = AttendeeIdentity(email: "dewi.ap.gruffudd@example.org")!
        try await registry.offerWork(eventID: Self.event, identities: [issued.identity, other])
        let claimed = try await registry.claimWork(eventID: Self.event, holder: "a", limit: 5, lease: .seconds(30), excluding: [])
        #expect(
            claimed == [ClaimedWork(identity: issued.identity, certificateID: issued.id), ClaimedWork(identity: other, certificateID: nil)])
    }
}
