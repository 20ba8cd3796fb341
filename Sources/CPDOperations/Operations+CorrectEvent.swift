public import CPDCore
import Foundation

/// What an event-wide correction would do: read from the registry, nothing drawn or written.
public struct EventCorrectionPlan: Sendable {
    public var eventID: String
    /// The frozen definition against the new one, field by field (`title: 'old' -> 'new'`).
    public var definitionChanges: [String]
    /// Valid certificates whose printed fields change: each gets a new ID and PDF.
    public var toCorrect: Int
    /// Valid certificates that print the same under the new definition.
    public var unchanged: Int
    /// One certificate that would change, and how.
    public var example: (id: CertificateID, changes: [String])?
}

/// What an event-wide correction did.
public struct EventCorrection: Sendable {
    public var plan: EventCorrectionPlan
    /// Certificates superseded by a corrected one in this run.
    public var corrected = 0
    /// The first (old, new) pair, to suggest verifying.
    public var firstCorrected: (old: CertificateID, new: CertificateID)?
    /// Corrected certificates of an earlier, interrupted run whose PDF was missing and is written again.
    public var repaired = 0
    public var failed: [BatchFailure] = []
    public var checkpoint: CheckpointOutcome = .unsigned
}

extension Operations {
    /// What `correctEvent` would do for `event`, a changed definition of an issued event.
    /// - Throws: `.nothingIssued`, `.attendanceRuleChanged`, `.registry`.
    public func planEventCorrection(_ event: Event) async throws(OperationError) -> EventCorrectionPlan {
        do {
            let frozen = try await registry.eventDefinition(eventID: event.id)
            var plan = EventCorrectionPlan(
                eventID: event.id, definitionChanges: frozen?.changes(to: EventDefinition(event)) ?? [], toCorrect: 0, unchanged: 0)
            var any = false
            // One composer for every comparison, not one (with its date formatters) per certificate.
            let comparing = try CertificateComposer(event: event)
            try await forEachCertificate(of: event.id) { certificate in
                any = true
                guard certificate.status == .valid else { return }
                let changes = try EventGuard.printedChanges(certificate, event: event, composer: comparing)
                if let rule = changes.first(where: { $0.hasPrefix("attendance: ") }) { throw OperationError.attendanceRuleChanged(rule) }
                if changes.isEmpty {
                    plan.unchanged += 1
                } else {
                    plan.toCorrect += 1
                    if plan.example == nil { plan.example = (certificate.id, changes) }
                }
            }
            guard any else { throw OperationError.nothingIssued(event.id) }
            return plan
        } catch {
            throw OperationError(error)
        }
    }

    /// Reissues every valid certificate of `event` whose printed fields change under this new
    /// definition: each gets a new ID and PDF (drawn with `template`) and supersedes the old one
    /// with `reason`. The new definition becomes the frozen one first, so `issue` with the old
    /// file is refused from then on.
    ///
    /// Crash-safe and resumable like `issue`: each supersession is one transaction (old and new
    /// certificate together), files are written after their rows, and the same call after a kill
    /// at any instant converges: certificates already corrected print the same and are skipped,
    /// and a corrected certificate whose PDF is missing from the output is drawn again, from its
    /// archived rendering inputs through `recreation` (so an edited template or a replaced font
    /// between the kill and the re-run changes nothing), or, without an archive for it, with
    /// `template` if it is the one it was drawn with.
    /// - Throws: as `planEventCorrection`, and `.registry`, `.output`; certificates that cannot be
    ///   drawn are in `failed`.
    public func correctEvent(
        _ event: Event, reason: String, by operatorName: String, template: PreparedTemplate,
        output makeOutput: () throws -> any CertificateOutput, batchSize: Int = 64,
        progress: @Sendable (BatchProgress) -> Void = { _ in }, fault: @Sendable (FaultPoint) -> Void = { _ in },
        recreation: ArchiveRecreation? = nil
    ) async throws(OperationError) -> EventCorrection {
        var result = EventCorrection(plan: try await planEventCorrection(event))
        do {
            let definition = EventDefinition(event)
            if try await registry.eventDefinition(eventID: event.id) != definition {
                try await registry.reviseEventDefinition(definition, reason: reason, at: now)
            }
            let output = try makeOutput()
            let renderer = try template.renderers.make()
            let composer = try CertificateComposer(event: event, locales: template.template.template.dateLocales)
            let comparing = try CertificateComposer(event: event)
            let templateHash = Hex.sha256(template.template.hashInput)
            var tally = BatchProgress(total: result.plan.toCorrect, issued: 0, checked: 0, failed: 0)
            var files: [(name: String, data: Data)] = []
            let recorder = RenderingInputsRecorder(package: template.template)
            let recreators = recreation.map { RecreationRenderers(make: $0.makeRenderer) }
            // Certificates this run makes: the pages read in ID order meet them again, their PDFs
            // still in `files`, and they are neither corrected again nor re-created.
            var madeHere: Set<CertificateID> = []
            func flush() throws {
                try output.write(files)
                fault(.afterWrite)
                files.removeAll(keepingCapacity: true)
                progress(tally)
            }
            try await forEachCertificate(of: event.id) { old in
                guard old.status == .valid, !madeHere.contains(old.id) else { return }
                if try EventGuard.printedChanges(old, event: event, composer: comparing).isEmpty {
                    // Corrected by an interrupted run of this correction: its PDF may not be written yet.
                    guard old.supersedes != nil, try output.read(named: old.fileName).map(Hex.sha256) != old.pdfSHA256 else { return }
                    do {
                        let archived: ArchivedRendering?
                        do {
                            archived = try await recreation?.loader.rendering(of: old)
                        } catch {
                            throw RecreationError.archive(old.id, "\(error)")
                        }
                        let pdf =
                            if let archived, let recreators {
                                try Recreation.pdf(of: old, from: archived) { try recreators.renderer(for: archived).render($0) }
                            } else {
                                try Recreation.pdf(of: old, templateHash: templateHash) { try renderer.render($0) }
                            }
                        files.append((old.fileName, pdf))
                        result.repaired += 1
                    } catch {
                        result.failed.append(BatchFailure(lines: [], name: old.content.attendeeName, reason: "\(error)"))
                    }
                    return
                }
                let newID = random.certificateID()
                let now = self.now
                let content = composer.content(for: old.attendee, id: newID, issuedAt: now)
                let pdf: Data
                let drawnFrom: (inputs: RenderingInputs, key: String)
                do {
                    let rendered = try renderer.renderReportingFonts(content)
                    pdf = rendered.pdf
                    drawnFrom = try recorder.inputs(fonts: rendered.fontFiles)
                } catch {
                    result.failed.append(BatchFailure(lines: [], name: old.content.attendeeName, reason: "\(old.id): \(error)"))
                    tally.failed += 1
                    return
                }
                fault(.afterRender)
                let corrected = Certificate(
                    id: newID, eventID: event.id, identity: old.identity, content: content, eligibility: old.eligibility,
                    evidenceSHA256: old.evidenceSHA256, templateName: template.template.template.name, templateSHA256: templateHash,
                    pdfSHA256: Hex.sha256(pdf), issuedAt: now, identitySalt: random.identitySalt(), supersedes: old.id,
                    issuedBy: operatorName)
                // What it was drawn from, archived before its row (as a batch does).
                try await recorder.archive(drawnFrom.inputs, key: drawnFrom.key, in: registry)
                try await registry.recordRenderings([newID: drawnFrom.key])
                try await registry.changeStatus(
                    StatusChange(
                        certificateID: old.id, status: .superseded, reason: nil, note: reason, operatorName: operatorName, at: now,
                        replacedBy: newID),
                    replacement: corrected)
                madeHere.insert(newID)
                fault(.afterCommit)
                if result.firstCorrected == nil { result.firstCorrected = (old.id, newID) }
                result.corrected += 1
                tally.issued += 1
                files.append((corrected.fileName, pdf))
                if files.count >= batchSize { try flush() }
            }
            try flush()
            try await signCredentials(eventID: event.id, activity: event.liveWindow, output: output)
            fault(.beforeManifest)
            try await Manifest.write(eventID: event.id, from: registry, to: output)
        } catch {
            throw OperationError(error)
        }
        result.checkpoint = try await checkpointAfterWrite()
        return result
    }

    /// Calls `body` with every certificate of `eventID`, page by page in ID order.
    func forEachCertificate(of eventID: String, _ body: (Certificate) async throws -> Void) async throws {
        var cursor: CertificateID?
        while true {
            let page = try await registry.certificates(eventID: eventID, after: cursor, limit: 256)
            guard let last = page.last else { return }
            for certificate in page { try await body(certificate) }
            cursor = last.id
        }
    }
}
