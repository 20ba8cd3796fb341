public import CPDCore
import CPDMail
import CPDOperations
public import Foundation
import Logging

/// The console's background batches, one at a time, each recorded in the store before it runs:
/// a console stopped mid-batch finds the job still `running` when it starts again and runs it
/// again, and the crash-safe runner issues only what is missing (no duplicate, no orphan).
public actor ConsoleJobs {
    let store: any ConsoleStore
    /// What the jobs run with.
    public nonisolated let workshop: ConsoleWorkshop
    let clock: @Sendable () -> Date
    private var queue: [ConsoleJob] = []
    private var worker: Task<Void, Never>?
    private let live = LiveProgress()

    /// Jobs over `store`, run with `workshop`.
    public init(store: any ConsoleStore, workshop: ConsoleWorkshop, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.workshop = workshop
        self.clock = clock
    }

    /// Queues every job a stopped console left queued or running.
    public func resume() async throws {
        let unfinished = try await store.unfinishedJobs()
        for job in unfinished {
            workshop.logger.notice("resuming a console job", metadata: ["job.id": "\(job.id)", "event.id": "\(job.eventID)"])
        }
        queue.append(contentsOf: unfinished)
        startWorker()
    }

    /// Records a job that does `work` for `eventID` and queues it.
    func enqueue(_ work: ConsoleJob.Work = .issue, eventID: String, by account: ConsoleAccount) async throws -> ConsoleJob {
        let job = try await store.addJob(eventID: eventID, requestedBy: account.id, work: work, at: clock())
        queue.append(job)
        startWorker()
        return job
    }

    /// How far a running job has come, while it runs.
    nonisolated func progress(of jobID: Int64) -> BatchProgress? {
        live.get(jobID)
    }

    /// Waits until every queued job has run (tests).
    public func drain() async {
        while let worker {
            await worker.value
            if self.worker == worker { self.worker = nil }
        }
    }

    private func startWorker() {
        guard worker == nil else { return }
        worker = Task { await self.work() }
    }

    private func work() async {
        while !queue.isEmpty {
            let job = queue.removeFirst()
            await run(job)
        }
        worker = nil
    }

    private func run(_ queued: ConsoleJob) async {
        var job = queued
        job.state = .running
        do {
            try await store.updateJob(job)
            guard let event = try await store.event(id: job.eventID) else { throw ConsoleJobError.noEvent(job.eventID) }
            guard let account = try await store.account(id: job.requestedBy) else { throw ConsoleJobError.noAccount(job.requestedBy) }
            switch job.work {
            case .issue: try await issue(&job, event: event, account: account)
            case .send(let retryFailed, let only): try await send(&job, retryFailed: retryFailed, only: only, account: account)
            }
        } catch {
            job.state = .failed
            job.message = "\(error)"
            workshop.logger.error("a console job failed", metadata: ["job.id": "\(job.id)", "event.id": "\(job.eventID)"])
        }
        job.finishedAt = clock()
        live.set(job.id, nil)
        do {
            try await store.updateJob(job)
        } catch {
            workshop.logger.error("a console job's end could not be recorded", metadata: ["job.id": "\(job.id)"])
        }
    }
}

extension ConsoleJobs {
    private func issue(_ job: inout ConsoleJob, event: ConsoleEvent, account: ConsoleAccount) async throws {
        let live = self.live
        let id = job.id
        let summary = try await workshop.issue(event, by: account.email) { progress in live.set(id, progress) }
        job.state = .finished
        job.total = summary.plan.decisions.count
        job.issued = summary.issuedCount
        job.failed = summary.failed.count
        job.message =
            "Issued \(summary.issuedCount), already issued \(summary.plan.alreadyIssuedCount), not eligible \(summary.plan.ineligibleCount), failed \(summary.failed.count)."
            + summary.failed.prefix(20).map { " \($0.name): \($0.reason)." }.joined()
        // The activity page's record of who issued them, as each certificate records it.
        try await store.recordAction(
            ConsoleAction(
                at: clock(), accountEmail: account.email, action: "issued", subject: job.eventID,
                detail: "batch #\(job.id): \(summary.issuedCount) certificates"))
    }

    /// Emails the event's certificates (or one of them) through the relay the console was started with.
    private func send(_ job: inout ConsoleJob, retryFailed: Bool, only: CertificateID?, account: ConsoleAccount) async throws {
        guard let mail = workshop.mail else { throw ConsoleJobError.noMail }
        let live = self.live
        let id = job.id
        let sent = try await mail.send(
            eventID: job.eventID, retryFailed: retryFailed, only: only, since: job.createdAt, registry: workshop.operations.registry,
            folder: workshop.outputFolder(of: job.eventID)
        ) { sent, failed, total in
            live.set(id, BatchProgress(total: total, issued: sent, checked: 0, failed: failed))
        }
        let outcome = sent.outcome
        job.state = .finished
        job.total = sent.total
        job.issued = outcome.sent.count
        job.failed = outcome.failed.count
        let names = try await names(of: outcome.failed.map(\.0))
        job.message =
            "Sent \(outcome.sent.count), already sent \(outcome.alreadySent.count), not sent (revoked or replaced) \(outcome.skipped.count), failed \(outcome.failed.count)."
            + outcome.failed.prefix(20).map { " \(names[$0.0] ?? $0.0.description): \($0.1)." }.joined()
        try await store.recordAction(
            ConsoleAction(
                at: clock(), accountEmail: account.email, action: "sent", subject: only?.description ?? job.eventID,
                detail: "job #\(job.id): \(outcome.sent.count) sent, \(outcome.failed.count) failed"))
    }

    /// The printed name of each of `ids`, for messages.
    private func names(of ids: [CertificateID]) async throws -> [CertificateID: String] {
        var names: [CertificateID: String] = [:]
        for id in ids.prefix(20) {
            names[id] = try await workshop.operations.registry.certificate(id: id)?.content.attendeeName
        }
        return names
    }
}

enum ConsoleJobError: Error, CustomStringConvertible {
    case noEvent(String)
    case noAccount(Int64)
    case noMail

    var description: String {
        switch self {
        case .noMail:
            "this console was started without a relay to send through; start it with --smtp and --from (or smtp.url and smtp.from)"
        case .noEvent(let id): "the console holds no event \(id)"
        case .noAccount(let id): "the console holds no account \(id), which asked for the job"
        }
    }
}

/// Progress of running jobs, written by the batch's threads and read by the pages.
final class LiveProgress: @unchecked Sendable {
    // @unchecked: `values` is only touched while holding `lock`.
    private let lock = NSLock()
    private var values: [Int64: BatchProgress] = [:]

    func set(_ id: Int64, _ progress: BatchProgress?) { lock.withLock { values[id] = progress } }
    func get(_ id: Int64) -> BatchProgress? { lock.withLock { values[id] } }
}
