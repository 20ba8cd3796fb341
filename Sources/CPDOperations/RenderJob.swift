import CPDCore
import Foundation

/// One unit of work for a render thread.
enum RenderJob: Sendable {
    /// Issue a new certificate.
    case issue(AttendanceEvidence, Eligibility)
    /// Check an earlier certificate's PDF; re-create it if missing or damaged.
    case check(Certificate)
    /// Nothing to draw: the writer is to record and write what it holds now (shared work, when
    /// nothing is left to claim: two runners each holding what the other waits for would wait for ever).
    case flush
}

/// What a render thread produced.
enum RenderOutcome: Sendable {
    case issued(Certificate, RenderedPDF)
    case intact(Certificate)
    case repaired(Certificate, Data)
    case failed(BatchFailure)
    case flushRequested
}

/// Everything a render thread needs besides its renderer; immutable and shared.
struct WorkContext: Sendable {
    let event: Event
    let composer: CertificateComposer
    let templateName: String
    let templateHash: String
    let evidenceHash: String?
    let output: any CertificateOutput
    let random: any RandomSource
    let clock: @Sendable () -> Date
    /// Who issues the batch's certificates.
    let issuedBy: String?
    /// Draws archived certificates again; nil draws every certificate with the batch's template.
    let recreation: ArchiveRecreation?

    func perform(
        _ job: RenderJob, renderer: Result<any CertificateRenderer, any Error>, recreators: RecreationRenderers?
    ) -> RenderOutcome {
        switch job {
        case .flush:
            return .flushRequested
        case .issue(let evidence, let eligibility):
            do {
                let id = random.certificateID()
                let issuedAt = Date(timeIntervalSince1970: clock().timeIntervalSince1970.rounded(.down))
                let content = composer.content(for: evidence.attendee, id: id, issuedAt: issuedAt)
                let rendered = try renderer.get().renderReportingFonts(content)
                let certificate = Certificate(
                    id: id, eventID: event.id, identity: evidence.attendee.identity, content: content,
                    eligibility: eligibility, evidenceSHA256: evidenceHash, templateName: templateName,
                    templateSHA256: templateHash, pdfSHA256: Hex.sha256(rendered.pdf), issuedAt: issuedAt,
                    identitySalt: random.identitySalt(), issuedBy: issuedBy)
                return .issued(certificate, rendered)
            } catch {
                return .failed(BatchFailure(lines: evidence.lines, name: evidence.attendee.fullName, reason: "\(error)"))
            }
        case .check(let certificate):
            let name = certificate.content.attendeeName
            do {
                if let existing = try output.read(named: certificate.fileName), Hex.sha256(existing) == certificate.pdfSHA256 {
                    return .intact(certificate)
                }
            } catch {
                return .failed(BatchFailure(lines: [], name: name, reason: "cannot read the PDF of \(certificate.id): \(error)"))
            }
            do {
                return .repaired(certificate, try recreate(certificate, renderer: renderer, recreators: recreators))
            } catch {
                let reason =
                    switch error {
                    case .templateChanged: "the PDF of \(certificate.id) is missing or damaged and \(error)"
                    default: error.description
                    }
                return .failed(BatchFailure(lines: [], name: name, reason: reason))
            }
        }
    }

    /// The PDF of `certificate` drawn again: from its archived inputs when it has them, else
    /// (issued before the archive) with the batch's template if it is the one it was drawn with.
    private func recreate(
        _ certificate: Certificate, renderer: Result<any CertificateRenderer, any Error>, recreators: RecreationRenderers?
    ) throws(RecreationError) -> Data {
        if let recreation, let recreators {
            let rendering: ArchivedRendering?
            do {
                rendering = try recreation.rendering(of: certificate)
            } catch {
                throw .archive(certificate.id, "\(error)")
            }
            if let rendering {
                return try Recreation.pdf(of: certificate, from: rendering) { try recreators.renderer(for: rendering).render($0) }
            }
        }
        return try Recreation.pdf(of: certificate, templateHash: templateHash) { try renderer.get().render($0) }
    }
}
