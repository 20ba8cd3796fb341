import CPDCore
import CPDMail
import Foundation
import Hummingbird

/// Where each certificate of an event stands in the delivery log, for the event's page, its
/// delivery log page and the API: the same decisions `cpdcert send` would make next.
struct EventDeliveries {
    /// Every attempt, in the order recorded.
    let attempts: [DeliveryAttempt]
    let statuses: [CertificateID: DeliveryStatus]
    /// Certificates the next send would send (valid, never accepted, not left failed).
    let toSend: Int
    /// Valid certificates whose latest attempts failed: sent again only when asked.
    let failed: Int
    /// Valid certificates the relay accepted.
    let delivered: Int

    /// The log of `certificates`' event (empty when the registry keeps none).
    init(_ certificates: [Certificate], eventID: String, registry: any CertificateRegistry) async throws {
        attempts = try await (registry as? any DeliveryLog)?.deliveries(eventID: eventID) ?? []
        statuses = DeliveryStatus.byCertificate(attempts)
        var toSend = 0
        var failed = 0
        for (_, decision) in DeliveryPlan.decide(certificates, log: attempts) {
            switch decision {
            case .send: toSend += 1
            case .failedEarlier: failed += 1
            case .alreadySent, .skipped: break
            }
        }
        self.toSend = toSend
        self.failed = failed
        let statuses = self.statuses
        delivered = certificates.count { $0.status == .valid && statuses[$0.id]?.delivered == true }
    }

    /// One line for a certificate: "accepted by the relay 7 Dec 2026 14:02 UTC", "failed: permanent
    /// failure: 550 5.1.1 No such user here (attempt 1)", "not sent"; a certificate sent again
    /// whose new attempt failed says both.
    func summary(of certificate: Certificate) -> String {
        guard let status = statuses[certificate.id], let latest = status.latest else { return text("deliveryNone") }
        let failed = "\(text("deliveryFailed")): \(DeliveryRun.describe(latest))"
        guard let accepted = status.lastAccepted else { return failed }
        let delivered = "\(text("deliveryAccepted")) \(ConsoleFormat.time(accepted.at))"
        return accepted == latest ? delivered : "\(delivered); \(text("deliveryAgain")) \(failed)"
    }

    /// Rows of the delivery log page, newest first; `names` gives each certificate's printed name.
    func rows(names: [CertificateID: String]) -> [[String: Any]] {
        attempts.reversed().map { attempt in
            [
                "at": ConsoleFormat.time(attempt.at), "id": attempt.certificateID.description,
                "name": names[attempt.certificateID] ?? "", "attempt": attempt.attempt, "outcome": attempt.outcome.rawValue,
                "reply": DeliveryRun.reply(attempt), "accepted": attempt.outcome == .accepted,
            ]
        }
    }

    private func text(_ key: String) -> String { ConsoleText.english[key] ?? key }
}

/// Emailing from the pages and the API alike: a send job queued behind any job before it, and
/// the console's record of who asked.
struct DeliveryActions {
    let store: any ConsoleStore
    let jobs: ConsoleJobs
    let clock: @Sendable () -> Date

    /// Whether the console was started with a relay.
    var mayMail: Bool { jobs.workshop.mail != nil }

    /// Queues a job that emails the event's certificates (with `retryFailed`, those that failed
    /// too), or only its certificate `only`, sent again.
    /// - Throws: 409 when the console has no relay.
    func send(
        _ event: ConsoleEvent, retryFailed: Bool, only: CertificateID? = nil, by account: ConsoleAccount, via: String
    ) async throws -> ConsoleJob {
        guard mayMail else { throw HTTPError(.conflict, message: ConsoleJobError.noMail.description) }
        let job = try await jobs.enqueue(.send(retryFailed: retryFailed, only: only), eventID: event.eventID, by: account)
        let what = only.map { "certificate \($0)" } ?? (retryFailed ? "the unsent and failed certificates" : "the unsent certificates")
        try await store.recordAction(
            ConsoleAction(
                at: clock(), accountEmail: account.email, action: "send", subject: only?.description ?? event.eventID,
                detail: "job #\(job.id): \(what)\(via)"))
        return job
    }
}
