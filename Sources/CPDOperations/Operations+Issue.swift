public import CPDCore
public import Foundation
public import Logging

/// A template ready to draw an event's certificates: it has drawn a sample. Made by
/// `prepare(...)` before anything else is touched, so a template that cannot draw a certificate
/// at all stops a command before a registry or folder is opened.
public struct PreparedTemplate: Sendable {
    public let template: TemplatePackage
    /// One renderer per rendering thread (Pango objects must not be shared between threads),
    /// the first being the one that drew the sample.
    let renderers: RendererHandout

    /// Makes the first renderer and draws a sample of `event` with it: text that cannot fit
    /// whatever the name would fail every certificate, and is found once, here.
    /// - Throws: `.templateUnusable`.
    public static func prepare(
        _ template: TemplatePackage, for event: Event, makeRenderer: @escaping @Sendable () throws -> any CertificateRenderer
    ) throws(OperationError) -> PreparedTemplate {
        let name = template.template.name
        let first: any CertificateRenderer
        do {
            first = try makeRenderer()
        } catch {
            throw .templateUnusable("\(name): \(error)")
        }
        do {
            _ = try first.render(try SampleCertificate.content(event: event, locales: template.template.dateLocales))
        } catch {
            throw .templateUnusable("\(name): a sample certificate cannot be drawn, so no certificate would be: \(error)")
        }
        return PreparedTemplate(template: template, renderers: RendererHandout(first: first, makeNext: makeRenderer))
    }

    /// A renderer of this template for one thread: the one that drew the sample if no batch has it, else a new one.
    public func renderer() throws -> any CertificateRenderer {
        try renderers.make()
    }
}

/// One batch to issue: the event, its prepared template, the evidence, and how many threads.
public struct Batch: Sendable {
    public var event: Event
    /// The template new certificates are drawn with; nil when the working one cannot be used
    /// (`templateProblem` says why): the batch then only checks earlier certificates' PDFs,
    /// re-created from the archive, and fails with that problem if any certificate is due.
    public var template: PreparedTemplate?
    /// Why there is no template.
    public var templateProblem: String?
    /// How earlier certificates are drawn again from the archive of their rendering inputs;
    /// nil draws them with the batch's template, when it is the one they were issued with.
    public var recreation: ArchiveRecreation?
    public var report: AttendanceReport
    /// Rendering threads.
    public var jobs: Int
    /// Certificates recorded per registry transaction.
    public var batchSize: Int
    /// How the event's work is shared with other runners; nil issues all of it in this batch.
    /// Made by the caller (it knows the output's name) when the registry keeps `WorkClaims`.
    public var sharing: WorkSharing?

    /// Describes a batch.
    public init(
        event: Event, template: PreparedTemplate?, report: AttendanceReport, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        batchSize: Int = 64, templateProblem: String? = nil, recreation: ArchiveRecreation? = nil
    ) {
        self.event = event
        self.template = template
        self.templateProblem = templateProblem
        self.recreation = recreation
        self.report = report
        self.jobs = jobs
        self.batchSize = batchSize
    }
}

/// What an issue did.
public struct Issuance: Sendable {
    public var summary: BatchSummary
    public var checkpoint: CheckpointOutcome
}

extension Operations {
    /// Issues what the batch's report makes due, each certificate recording `operatorName` as
    /// who issued it: checks that the event is the one its certificates were issued with, then
    /// makes the output (`makeOutput` is not called when the check fails, so a refused batch
    /// touches no folder), runs the batch and signs a checkpoint.
    ///
    /// Certificates that fail one by one are in the summary's `failed`, not thrown.
    /// - Throws: `.eventChanged`, `.registry`, `.output`, `.templateUnusable` (no template and certificates due).
    public func issue(
        _ batch: Batch, by operatorName: String, output makeOutput: () throws -> any CertificateOutput,
        logger: Logger = Logger(label: "cpdcert.issue"), progress: @escaping @Sendable (BatchProgress) -> Void = { _ in },
        fault: @escaping @Sendable (FaultPoint) -> Void = { _ in }
    ) async throws(OperationError) -> Issuance {
        let summary: BatchSummary
        let output: any CertificateOutput
        do {
            try await EventGuard.check(batch.event, registry: registry)
            output = try makeOutput()
            let unusable = OperationError.templateUnusable(batch.templateProblem ?? "no template was given")
            let makeRenderer: @Sendable () throws -> any CertificateRenderer
            if let renderers = batch.template?.renderers {
                makeRenderer = { try renderers.make() }
            } else {
                makeRenderer = { throw unusable }
            }
            let runner = BatchRunner(
                registry: registry, output: output, makeRenderer: makeRenderer, random: random, clock: clock,
                logger: logger, issuedBy: operatorName,
                jobs: batch.jobs, batchSize: batch.batchSize, progress: progress, fault: fault, recreation: batch.recreation,
                sharing: batch.sharing)
            do {
                summary = try await runner.run(event: batch.event, template: batch.template?.template, report: batch.report)
            } catch is TemplateNeeded {
                throw unusable
            }
        } catch {
            throw OperationError(error)
        }
        // Shared work: each runner signs the credentials of the PDFs in its own folder.
        var elsewhere: Set<AttendeeIdentity> = []
        if let sharing = batch.sharing, credentialKey != nil {
            do {
                elsewhere = try await sharing.claims.identitiesNotWritten(to: sharing.output, eventID: batch.event.id)
            } catch {
                throw OperationError(error)
            }
        }
        try await signCredentials(eventID: batch.event.id, activity: batch.event.liveWindow, output: output, skipping: elsewhere)
        return Issuance(summary: summary, checkpoint: try await checkpointAfterWrite())
    }
}

/// The renderers of a batch's threads: the one that drew the sample goes to the first thread
/// (a worker process is not started twice), every later thread gets a new one.
final class RendererHandout: @unchecked Sendable {
    // @unchecked: `unclaimed` is only touched while holding `lock`; the renderer it holds is
    // used by one thread at a time (the operation, then the thread that claims it).
    private let lock = NSLock()
    private var unclaimed: (any CertificateRenderer)?
    private let makeNext: @Sendable () throws -> any CertificateRenderer

    init(first: any CertificateRenderer, makeNext: @escaping @Sendable () throws -> any CertificateRenderer) {
        unclaimed = first
        self.makeNext = makeNext
    }

    /// The first renderer if no thread has it yet, else a new one.
    @Sendable func make() throws -> any CertificateRenderer {
        let claimed = lock.withLock {
            defer { unclaimed = nil }
            return unclaimed
        }
        return try claimed ?? makeNext()
    }
}
