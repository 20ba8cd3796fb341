public import CPDCore
public import Foundation
public import Logging

/// Carries out an issuance plan on every core: render on worker threads, record in the
/// registry in batched transactions from one writer, write each batch's PDFs atomically, check
/// that every earlier certificate's PDF is on disk as issued (re-creating it if not), and
/// rewrite the manifest.
///
/// ```swift
/// let runner = BatchRunner(registry: registry, output: try DirectoryOutput(directory: out),
///                          makeRenderer: { try CairoCertificateRenderer(package: package) })
/// let summary = try await runner.run(event: event, template: package, report: report)
/// ```
/// Crash safety comes from the order: rows are committed before their files are written, and
/// files appear only by rename once durable. A kill at any instant leaves at worst rows whose
/// PDF is missing; the next run re-creates those byte for byte from the frozen records (and
/// checks the stored hash). It never leaves a PDF without a row, and IDs already recorded stay.
public struct BatchRunner: Sendable {
    public var registry: any CertificateRegistry
    public var output: any CertificateOutput
    /// Makes one renderer per worker thread (Pango objects must not be shared between threads).
    public var makeRenderer: @Sendable () throws -> any CertificateRenderer
    public var random: any RandomSource
    public var clock: @Sendable () -> Date
    public var logger: Logger
    /// Who the certificates it issues record as their issuer; nil records none.
    public var issuedBy: String?
    /// Worker threads; the core count by default.
    public var jobs: Int
    /// Certificates recorded per registry transaction (and files per syncfs).
    public var batchSize: Int
    /// Called from the writer after each finished certificate.
    public var progress: @Sendable (BatchProgress) -> Void
    /// Fault-injection points for crash tests; does nothing by default.
    public var fault: @Sendable (FaultPoint) -> Void
    /// Draws earlier certificates again from the archive; nil uses the batch's template alone.
    public var recreation: ArchiveRecreation?
    /// The event's work shared with other runners on the same registry; nil issues all of it here.
    public var sharing: WorkSharing?

    /// Creates a runner.
    public init(
        registry: any CertificateRegistry, output: any CertificateOutput,
        makeRenderer: @escaping @Sendable () throws -> any CertificateRenderer,
        random: any RandomSource = SystemRandomSource(),
        clock: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "cpdcert.runner"), issuedBy: String? = nil,
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount, batchSize: Int = 64,
        progress: @escaping @Sendable (BatchProgress) -> Void = { _ in },
        fault: @escaping @Sendable (FaultPoint) -> Void = { _ in }, recreation: ArchiveRecreation? = nil,
        sharing: WorkSharing? = nil
    ) {
        self.registry = registry
        self.output = output
        self.makeRenderer = makeRenderer
        self.random = random
        self.clock = clock
        self.logger = logger
        self.issuedBy = issuedBy
        self.jobs = max(1, jobs)
        self.batchSize = max(1, batchSize)
        self.progress = progress
        self.fault = fault
        self.recreation = recreation
        self.sharing = sharing
    }

    /// Which of a batch's files the person's rows came from, and their lines in each; empty for one file.
    static func sourceRows(_ evidence: AttendanceEvidence, report: AttendanceReport) -> [AttendanceRecord.SourceRows] {
        guard report.sources.count > 1 else { return [] }
        return evidence.origins.compactMap { origin in
            report.sources.indices.contains(origin.source)
                ? AttendanceRecord.SourceRows(sha256: report.sources[origin.source].sha256, lines: origin.lines) : nil
        }
    }

    /// Issues what `report` makes due for `event` with `template`. Without a template (the
    /// working one cannot be used) it only checks earlier certificates' PDFs, re-creating them
    /// from the archive, and throws `TemplateNeeded` before anything is done when some are due.
    public func run(event: Event, template: TemplatePackage?, report: AttendanceReport) async throws -> BatchSummary {
        let started = Date()
        let composer = try CertificateComposer(event: event, locales: template?.template.dateLocales ?? [])
        let issued = try await registry.issuedIDs(eventID: event.id)
        let plan = IssuancePlanner.plan(event: event, report: report, issued: issued)
        if template == nil, plan.toIssueCount > 0 { throw TemplateNeeded(due: plan.toIssueCount) }
        try await registry.freezeEventDefinition(EventDefinition(event), at: clock())
        let context = WorkContext(
            event: event, composer: composer, templateName: template?.template.name ?? "",
            templateHash: template.map { Hex.sha256($0.hashInput) } ?? "", evidenceHash: report.sourceSHA256,
            output: output, random: random, clock: clock, issuedBy: issuedBy, recreation: recreation)
        logger.info(
            "batch planned",
            metadata: [
                "event.id": "\(event.id)", "batch.to_issue": "\(plan.toIssueCount)",
                "batch.already_issued": "\(plan.alreadyIssuedCount)", "batch.ineligible": "\(plan.ineligibleCount)",
                "batch.rejected_rows": "\(plan.rejected.count)", "batch.jobs": "\(jobs)",
            ])

        if let source = report.sourceSHA256 {
            // The register an auditor reads: everyone the evidence named, and the verdict,
            // recorded in chunks so a large batch never holds every record at once.
            for chunk in stride(from: 0, to: plan.decisions.count, by: 2000) {
                let records = plan.decisions[chunk..<min(chunk + 2000, plan.decisions.count)].map { decision -> AttendanceRecord in
                    let (evidence, eligibility): (AttendanceEvidence, Eligibility) =
                        switch decision {
                        case .issue(let evidence, let eligibility), .ineligible(let evidence, let eligibility): (evidence, eligibility)
                        case .alreadyIssued(let evidence, _): (evidence, Eligibility(evidence: evidence, event: event))
                        }
                    var record = AttendanceRecord(
                        eventID: event.id, identity: evidence.attendee.identity, name: evidence.attendee.fullName, eligibility: eligibility,
                        sourceSHA256: source, lines: evidence.lines, recordedAt: started, identitySalt: random.identitySalt())
                    record.sources = Self.sourceRows(evidence, report: report)
                    return record
                }
                try await registry.recordAttendance(records)
            }
        }
        let makeRenderer = self.makeRenderer
        let pool = RenderPool<RenderJob, RenderOutcome>(threads: jobs, inFlight: 2 * batchSize + jobs) {
            let renderer = Swift.Result { try makeRenderer() }
            let recreators = context.recreation.map { RecreationRenderers(make: $0.makeRenderer) }
            return { job in context.perform(job, renderer: renderer, recreators: recreators) }
        }
        let producer = Task { [registry, sharing] in
            defer { pool.queue.close() }
            // Shared: only this output's PDFs are checked here (and those never offered as
            // shared work); the rest is written elsewhere or is claimed below like new work.
            var elsewhere: Set<AttendeeIdentity> = []
            if let sharing {
                try await sharing.offer(plan, eventID: event.id)
                elsewhere = try await sharing.claims.identitiesNotWritten(to: sharing.output, eventID: event.id)
            }
            // Earlier certificates first, then new ones: nothing is inserted while paging.
            let earlier = Set(issued.values)
            var cursor: CertificateID?
            while true {
                let page = try await registry.certificates(eventID: event.id, after: cursor, limit: 256)
                guard let last = page.last else { break }
                for certificate in page where earlier.contains(certificate.id) && !elsewhere.contains(certificate.identity) {
                    await pool.queue.push(.check(certificate))
                }
                cursor = last.id
            }
            if let sharing {
                try await sharing.claimAll(plan, eventID: event.id, registry: registry, logger: logger) { await pool.queue.push($0) }
                return
            }
            for case .issue(let evidence, let eligibility) in plan.decisions {
                await pool.queue.push(.issue(evidence, eligibility))
            }
        }
        let heartbeat = sharing.map { sharing in Task { await sharing.renewWhileRunning(logger: logger) } }
        defer { heartbeat?.cancel() }

        var summary = BatchSummary(plan: plan)
        summary.shared = sharing != nil
        var tally = BatchProgress(total: plan.toIssueCount, issued: 0, checked: 0, failed: 0)
        var newRows: [Certificate] = []
        var files: [(name: String, data: Data)] = []
        var held = 0
        // Whose PDFs the next flush makes durable here, for shared work.
        var written: [AttendeeIdentity] = []
        // What each new certificate was drawn from, archived before its row is committed: a
        // crash between leaves inputs for an ID never issued, never a certificate without them.
        let recorder = template.map(RenderingInputsRecorder.init)
        var renderings: [CertificateID: String] = [:]
        var drawnFrom: [String: RenderingInputs] = [:]
        func flush() async throws {
            if !newRows.isEmpty {
                for (key, inputs) in drawnFrom { try await recorder?.archive(inputs, key: key, in: registry) }
                try await registry.recordRenderings(renderings)
                drawnFrom.removeAll(keepingCapacity: true)
                renderings.removeAll(keepingCapacity: true)
                if let sharing {
                    let taken = try await sharing.insert(newRows, into: registry)
                    if !taken.isEmpty {
                        // Issued by another runner meanwhile (this one's lease had ended): its PDF is theirs.
                        let ids = Set(taken.map(\.id)), names = Set(taken.map(\.fileName)), people = Set(taken.map(\.identity))
                        newRows.removeAll { ids.contains($0.id) }
                        files.removeAll { names.contains($0.name) }
                        written.removeAll { people.contains($0) }
                        summary.issuedElsewhere += taken.count
                    }
                } else {
                    try await registry.insert(newRows)
                }
                fault(.afterCommit)
            }
            try output.write(files)
            fault(.afterWrite)
            if let sharing, !written.isEmpty {
                try await sharing.claims.markWritten(eventID: event.id, identities: written, output: sharing.output)
            }
            written.removeAll(keepingCapacity: true)
            if summary.firstIssued == nil { summary.firstIssued = newRows.first?.id }
            summary.issuedCount += newRows.count
            tally.issued += newRows.count
            newRows.removeAll(keepingCapacity: true)
            files.removeAll(keepingCapacity: true)
            for _ in 0..<held { pool.release() }
            held = 0
            progress(tally)
        }

        do {
            for await outcome in pool.results {
                switch outcome {
                case .issued(let certificate, let rendered):
                    fault(.afterRender)
                    guard let (inputs, key) = try recorder?.inputs(fonts: rendered.fontFiles) else { throw TemplateNeeded(due: 1) }
                    renderings[certificate.id] = key
                    drawnFrom[key] = inputs
                    newRows.append(certificate)
                    files.append((certificate.fileName, rendered.pdf))
                    held += 1
                    if sharing != nil { written.append(certificate.identity) }
                case .repaired(let certificate, let pdf):
                    files.append((certificate.fileName, pdf))
                    summary.repaired.append(certificate.id)
                    tally.checked += 1
                    held += 1
                    if sharing != nil { written.append(certificate.identity) }
                case .intact(let certificate):
                    tally.checked += 1
                    pool.release()
                    if sharing != nil { written.append(certificate.identity) }
                case .flushRequested:
                    pool.release()
                    if held > 0 || !written.isEmpty { try await flush() }
                case .failed(let failure):
                    summary.failed.append(failure)
                    tally.failed += 1
                    pool.release()
                    logger.warning(
                        "certificate failed", metadata: ["batch.line": "\(failure.lines.first ?? 0)", "error": "\(failure.reason)"])
                }
                summary.checkedCount = tally.checked
                if held >= batchSize { try await flush() }
            }
            try await flush()
            try await producer.value
            if let sharing { try await sharing.claims.releaseClaims(holder: sharing.holder) }
        } catch {
            producer.cancel()
            await pool.shutDown()
            _ = try? await producer.value
            // What this run claimed and did not write is free for others at once, not at the lease's end.
            if let sharing { try? await sharing.claims.releaseClaims(holder: sharing.holder) }
            throw error
        }

        // Shared work: this folder's manifest lists the certificates whose PDFs it holds.
        var elsewhere: Set<AttendeeIdentity> = []
        if let sharing {
            summary.eventCertificates = try await registry.issuedIDs(eventID: event.id).count
            elsewhere = try await sharing.claims.identitiesNotWritten(to: sharing.output, eventID: event.id)
        }
        fault(.beforeManifest)
        try await Manifest.write(eventID: event.id, from: registry, to: output, skipping: elsewhere)
        summary.elapsed = Date().timeIntervalSince(started)
        return summary
    }
}

/// New certificates are due but the batch was given no template to draw them with.
public struct TemplateNeeded: Error, CustomStringConvertible, Sendable {
    /// How many are due.
    public var due: Int

    public var description: String { "\(due) certificate(s) are due but there is no usable template to draw them with" }
}

/// Where a crash test may kill a batch.
public enum FaultPoint: String, Sendable, CaseIterable {
    /// A certificate is rendered and held by the writer, not yet recorded.
    case afterRender = "after-render"
    /// A batch of rows is committed; none of its files is written.
    case afterCommit = "after-commit"
    /// A batch's temporary files are on disk; none is renamed into place.
    case beforeRename = "before-rename"
    /// A batch's files are in place.
    case afterWrite = "after-write"
    /// Every certificate is done; the manifest is not yet rewritten.
    case beforeManifest = "before-manifest"
    /// send: a message is composed and about to be handed to the server.
    case beforeSend = "before-send"
    /// send: the server accepted a message (2xx); the delivery log does not say so yet.
    case afterAccept = "after-accept"
    /// send: an attempt is recorded in the delivery log.
    case afterRecord = "after-record"

    /// The points a batch of `issue` reaches (the others are `send`'s).
    public static let batchPoints: [FaultPoint] = [.afterRender, .afterCommit, .beforeRename, .afterWrite, .beforeManifest]
}
