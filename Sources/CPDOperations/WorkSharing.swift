public import CPDCore
public import Foundation
public import Logging

/// How a batch shares its event's work with other runners on the same registry (a
/// `WorkClaims` registry: PostgreSQL): it offers everyone its plan finds due, then issues only
/// what it claims, a few at a time, renewing its lease while it runs; what another runner left
/// unwritten when it died is claimed once that runner's lease ends, and re-created here if its
/// row was committed. With nothing left to claim it waits for what others hold, so every runner
/// ends only when the event's work is done (or given back by a runner that stopped on an error).
public struct WorkSharing: Sendable {
    public var claims: any WorkClaims
    /// Who claims: unique to this run (a runner restarted is a new holder).
    public var holder: String
    /// Where this run's PDFs go, as the registry records it: host and folder.
    public var output: String
    /// How long a claim lasts unless renewed (renewed every third of it).
    public var lease: Duration
    /// People claimed at a time.
    public var claimSize: Int
    /// How often a runner with nothing to claim asks again.
    public var poll: Duration

    public init(
        claims: any WorkClaims, holder: String = WorkSharing.newHolder(), output: String, lease: Duration = .seconds(60),
        claimSize: Int = 16, poll: Duration = .milliseconds(500)
    ) {
        self.claims = claims
        self.holder = holder
        self.output = output
        self.lease = lease
        self.claimSize = max(1, claimSize)
        self.poll = poll
    }

    /// A holder name that says where the run is, for an operator reading `work_claim`.
    public static func newHolder() -> String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// The name an output folder is recorded under: this host and the folder's full path.
    public static func outputName(_ directory: URL) -> String {
        "\(ProcessInfo.processInfo.hostName):\(directory.standardizedFileURL.resolvingSymlinksInPath().path)"
    }

    /// Offers everyone `plan` finds due, in its order.
    func offer(_ plan: IssuancePlan, eventID: String) async throws {
        var chunk: [AttendeeIdentity] = []
        for case .issue(let evidence, _) in plan.decisions {
            chunk.append(evidence.attendee.identity)
            if chunk.count == 2000 {
                try await claims.offerWork(eventID: eventID, identities: chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        try await claims.offerWork(eventID: eventID, identities: chunk)
    }

    /// Claims work until none is left here or held elsewhere, handing each claimed person to
    /// `push` (which waits while the render queue is full, so claims run only a little ahead of
    /// rendering): a new certificate for someone this plan finds due, a check (and re-creation)
    /// of a certificate already recorded. Someone this plan does not find due (another runner's
    /// evidence differs) is left held, and given back when the run ends.
    func claimAll(
        _ plan: IssuancePlan, eventID: String, registry: any CertificateStore, logger: Logger, push: (RenderJob) async -> Void
    ) async throws {
        var told = false
        var due: [AttendeeIdentity: (AttendanceEvidence, Eligibility)] = [:]
        for case .issue(let evidence, let eligibility) in plan.decisions { due[evidence.attendee.identity] = (evidence, eligibility) }
        while !Task.isCancelled {
            let claimed = try await claims.claimWork(eventID: eventID, holder: holder, limit: claimSize, lease: lease, excluding: [])
            if claimed.isEmpty {
                let held = try await claims.heldElsewhere(eventID: eventID, holder: holder, excluding: [])
                guard held.count > 0 else { return }
                // What this run holds drawn and unwritten is recorded and written first: the
                // others may be waiting for it, as this one waits for theirs.
                await push(.flush)
                if !told, let end = held.soonestEnd {
                    // Said once: after a crash, a re-run waits here for the dead run's claims to end.
                    told = true
                    logger.warning(
                        "waiting for another run of this event: it holds \(held.count) people; if it has stopped, they are taken over when its claim ends (within \(end.components.seconds + 1) s)",
                        metadata: ["event.id": "\(eventID)"])
                }
                try await Task.sleep(for: min(poll, (held.soonestEnd ?? poll) + .milliseconds(20)))
                continue
            }
            for item in claimed {
                if let id = item.certificateID {
                    if let certificate = try await registry.certificate(id: id) { await push(.check(certificate)) }
                } else if let (evidence, eligibility) = due[item.identity] {
                    await push(.issue(evidence, eligibility))
                }
            }
        }
    }

    /// Records `certificates`; any of them whose person another runner recorded first is
    /// dropped and the rest recorded, those dropped returned.
    func insert(_ certificates: [Certificate], into registry: any CertificateStore) async throws -> [Certificate] {
        var remaining = certificates
        var dropped: [Certificate] = []
        while !remaining.isEmpty {
            do {
                try await registry.insert(remaining)
                return dropped
            } catch RegistryError.duplicateAttendee(let eventID, let id) {
                guard let index = remaining.firstIndex(where: { $0.id == id }) else {
                    throw RegistryError.duplicateAttendee(eventID: eventID, certificateID: id)
                }
                dropped.append(remaining.remove(at: index))
            }
        }
        return dropped
    }

    /// Renews this run's claims every third of the lease until cancelled; a renewal that fails
    /// is logged and tried again at the next (the lease covers two misses).
    func renewWhileRunning(logger: Logger) async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: lease / 3)
                try await claims.renewClaims(holder: holder, lease: lease)
            } catch is CancellationError {
                return
            } catch {
                logger.warning("could not renew this run's work claims", metadata: ["error": "\(error)"])
            }
        }
    }
}
