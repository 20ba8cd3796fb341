public import CPDCore
import Crypto
public import Foundation
public import Logging

/// Carries out an issuance plan: for each eligible attendee, compose, render, hash, record in
/// the registry, then write the PDF; then bring every earlier certificate's PDF back if it is
/// missing or damaged, and rewrite the manifest.
///
/// ```swift
/// let runner = BatchRunner(registry: registry, output: try DirectoryOutput(directory: out),
///                          makeRenderer: { try CairoCertificateRenderer(package: package) })
/// let summary = try await runner.run(event: event, template: package, report: report)
/// ```
/// Order matters for crash safety: a row is committed before its file is written, so a crash
/// can leave a row without its PDF (the next run re-renders it, byte-identical, from the frozen
/// record) but never a PDF without a row.
public struct BatchRunner {
    public var registry: any CertificateRegistry
    public var output: any CertificateOutput
    public var makeRenderer: () throws -> any CertificateRenderer
    public var ids: any CertificateIDGenerator
    public var clock: @Sendable () -> Date
    public var logger: Logger
    /// Certificates recorded per registry transaction.
    public var batchSize: Int
    /// Called after each certificate is finished (issued, repaired or failed).
    public var progress: (BatchProgress) -> Void

    /// Creates a runner. `makeRenderer` is called once, on the running thread.
    public init(
        registry: any CertificateRegistry, output: any CertificateOutput,
        makeRenderer: @escaping () throws -> any CertificateRenderer,
        ids: any CertificateIDGenerator = SystemCertificateIDGenerator(),
        clock: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "cpdcert.runner"), batchSize: Int = 64,
        progress: @escaping (BatchProgress) -> Void = { _ in }
    ) {
        self.registry = registry
        self.output = output
        self.makeRenderer = makeRenderer
        self.ids = ids
        self.clock = clock
        self.logger = logger
        self.batchSize = batchSize
        self.progress = progress
    }

    /// Issues what `report` makes due for `event` with `template`.
    public func run(event: Event, template: TemplatePackage, report: AttendanceReport) async throws -> BatchSummary {
        let started = Date()
        let composer = try CertificateComposer(event: event)
        let plan = IssuancePlanner.plan(event: event, report: report, issued: try await registry.issuedIDs(eventID: event.id))
        let templateHash = Hex.sha256(template.hashInput)
        let renderer = try makeRenderer()
        var summary = BatchSummary(plan: plan)
        var tally = BatchProgress(total: plan.toIssue.count, done: 0, failed: 0)
        logger.info(
            "batch planned",
            metadata: [
                "event.id": "\(event.id)", "batch.to_issue": "\(plan.toIssue.count)",
                "batch.already_issued": "\(plan.alreadyIssued.count)", "batch.ineligible": "\(plan.ineligible.count)",
                "batch.rejected_rows": "\(plan.rejected.count)",
            ])

        var pending: [(Certificate, Data)] = []
        func flush() async throws {
            guard !pending.isEmpty else { return }
            try await registry.insert(pending.map(\.0))
            for (certificate, pdf) in pending {
                try output.write(pdf, named: certificate.fileName)
                summary.issued.append(certificate)
                logger.debug("certificate issued", metadata: ["certificate.id": "\(certificate.id)"])
            }
            pending.removeAll(keepingCapacity: true)
        }

        for (evidence, eligibility) in plan.toIssue {
            do {
                let id = ids.next()
                let issuedAt = Date(timeIntervalSince1970: clock().timeIntervalSince1970.rounded(.down))
                let content = composer.content(for: evidence.attendee, id: id, issuedAt: issuedAt)
                let pdf = try renderer.render(content)
                let certificate = Certificate(
                    id: id, eventID: event.id, identity: evidence.attendee.identity, content: content,
                    eligibility: eligibility, evidenceSHA256: report.sourceSHA256,
                    templateName: template.template.name, templateSHA256: templateHash,
                    pdfSHA256: Hex.sha256(pdf), issuedAt: issuedAt)
                pending.append((certificate, pdf))
                tally.done += 1
            } catch {
                summary.failed.append(BatchFailure(lines: evidence.lines, name: evidence.attendee.fullName, reason: "\(error)"))
                tally.failed += 1
                logger.warning("certificate failed", metadata: ["batch.line": "\(evidence.lines.first ?? 0)", "error": "\(error)"])
            }
            progress(tally)
            if pending.count >= batchSize { try await flush() }
        }
        try await flush()

        // Earlier certificates: make sure each PDF is on disk and exactly as issued.
        for certificate in try await registry.certificates(eventID: event.id)
        where !summary.issued.contains(where: { $0.id == certificate.id }) {
            if let existing = try output.read(named: certificate.fileName), Hex.sha256(existing) == certificate.pdfSHA256 {
                continue
            }
            guard certificate.templateSHA256 == templateHash else {
                summary.failed.append(
                    BatchFailure(
                        lines: [], name: certificate.content.attendeeName,
                        reason:
                            "the PDF of \(certificate.id) is missing or damaged and template '\(certificate.templateName)' has changed since it was issued, so it cannot be re-created byte for byte; restore the PDF from a backup or the template as it was"
                    ))
                continue
            }
            do {
                let pdf = try renderer.render(certificate.content)
                guard Hex.sha256(pdf) == certificate.pdfSHA256 else {
                    summary.failed.append(
                        BatchFailure(
                            lines: [], name: certificate.content.attendeeName,
                            reason:
                                "re-rendering \(certificate.id) did not reproduce the issued PDF (fonts or libraries changed?); restore the PDF from a backup"
                        ))
                    continue
                }
                try output.write(pdf, named: certificate.fileName)
                summary.repaired.append(certificate.id)
            } catch {
                summary.failed.append(
                    BatchFailure(
                        lines: [], name: certificate.content.attendeeName, reason: "re-rendering \(certificate.id) failed: \(error)"))
            }
        }

        try output.write(Data(Manifest.csv(try await registry.certificates(eventID: event.id)).utf8), named: Manifest.fileName)
        summary.elapsed = Date().timeIntervalSince(started)
        return summary
    }
}

/// Progress through the certificates to issue.
public struct BatchProgress: Sendable, Equatable {
    public var total: Int
    public var done: Int
    public var failed: Int
}

/// A certificate that could not be issued, and why.
public struct BatchFailure: Sendable, Equatable {
    /// Source lines of the person's evidence (empty for a repair of an earlier certificate).
    public var lines: [Int]
    public var name: String
    public var reason: String
}

/// What a batch did.
public struct BatchSummary: Sendable {
    public var plan: IssuancePlan
    public var issued: [Certificate] = []
    /// Earlier certificates whose missing or damaged PDF was re-created.
    public var repaired: [CertificateID] = []
    public var failed: [BatchFailure] = []
    public var elapsed: TimeInterval = 0

    /// True when every row was read and every due certificate issued.
    public var isClean: Bool { plan.rejected.isEmpty && failed.isEmpty }
}

/// The mail-merge manifest: one row per certificate of the event.
public enum Manifest {
    public static let fileName = "manifest.csv"

    /// `email,name,certificate_id,file,status,verification_url`, formula cells neutralised.
    public static func csv(_ certificates: [Certificate]) -> String {
        var text = CSVFormat.record(["email", "name", "certificate_id", "file", "status", "verification_url"])
        for certificate in certificates {
            text += CSVFormat.record([
                certificate.identity.email, certificate.content.attendeeName, certificate.id.description,
                certificate.fileName, certificate.status.rawValue, certificate.content.verificationURL,
            ])
        }
        return text
    }
}

/// Lower-case hexadecimal SHA-256.
public enum Hex {
    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}
