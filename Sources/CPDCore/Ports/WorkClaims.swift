public import Foundation

/// One event's work shared by several runners on one registry: every runner offers the people
/// its plan finds due, then claims them a few at a time under a lease it renews while it lives.
/// An item is done once its PDF is durable in some runner's output; until then a runner that
/// dies (SIGKILL, a lost machine) leaves its items to whoever claims them after the lease ends.
///
/// ```swift
/// try await claims.offerWork(eventID: "county-lines-2020", identities: due)
/// let mine = try await claims.claimWork(eventID: "county-lines-2020", holder: holder, limit: 16,
///                                       lease: .seconds(60), excluding: [])
/// // ... issue (or re-create) each, write the PDFs, then:
/// try await claims.markWritten(eventID: "county-lines-2020", identities: mine.map(\.identity), output: "host:/srv/out")
/// ```
/// Claims are coordination, not records: they are not logged and an audit does not read them.
/// Exactly one certificate per person still rests on the registry refusing a second one.
public protocol WorkClaims: Sendable {
    /// Adds `identities` (in the plan's order) as work on `eventID`; those offered before are
    /// left as they are, so every runner of one batch may offer the same people.
    func offerWork(eventID: String, identities: [AttendeeIdentity]) async throws
    /// Claims, for `holder` until `lease` from now by the database's clock, up to `limit` items
    /// of `eventID` not yet written whose lease is free or has ended, first offered first, none
    /// of `excluding`. Another runner claiming at the same time gets other items.
    func claimWork(eventID: String, holder: String, limit: Int, lease: Duration, excluding: [AttendeeIdentity])
        async throws -> [ClaimedWork]
    /// Extends every unwritten item `holder` claims to `lease` from now; how many it holds.
    @discardableResult
    func renewClaims(holder: String, lease: Duration) async throws -> Int
    /// Records that the PDFs of `identities` are durable in `output` (a runner's host and
    /// folder): they are done, and later runs writing elsewhere leave them alone.
    func markWritten(eventID: String, identities: [AttendeeIdentity], output: String) async throws
    /// Gives back what `holder` claims and has not written, for others to claim at once.
    func releaseClaims(holder: String) async throws
    /// The unwritten items of `eventID` that others hold under a lease not yet ended, none of
    /// `excluding`: what a runner with nothing left to claim waits for.
    func heldElsewhere(eventID: String, holder: String, excluding: [AttendeeIdentity]) async throws -> HeldWork
    /// The people of `eventID` whose item is not written to `output`: written elsewhere, or not
    /// yet (then claimable). A runner checks only its own output's PDFs and those never offered.
    func identitiesNotWritten(to output: String, eventID: String) async throws -> Set<AttendeeIdentity>
}

/// One claimed item: the person, and their latest certificate if one is recorded already (a
/// runner that died after its commit and before its files: the PDF is to be re-created).
public struct ClaimedWork: Sendable, Hashable {
    public var identity: AttendeeIdentity
    public var certificateID: CertificateID?

    public init(identity: AttendeeIdentity, certificateID: CertificateID?) {
        self.identity = identity
        self.certificateID = certificateID
    }
}

/// What other runners hold: how many items, and how long until the first of their leases ends.
public struct HeldWork: Sendable, Equatable {
    public var count: Int
    public var soonestEnd: Duration?

    public init(count: Int, soonestEnd: Duration?) {
        self.count = count
        self.soonestEnd = soonestEnd
    }
}
