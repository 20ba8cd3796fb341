public import CPDCore
import Foundation

/// The archive of rendering inputs: every record readable and under its own hash, every file it
/// names present with the bytes its SHA-256 names, and each certificate's record holding the
/// template and assets its template hash covers.
extension Auditor {
    /// What the archive check counted.
    public struct ArchiveSummary: Sendable, Equatable {
        /// Distinct files archived (template files, assets, fonts).
        public var files = 0
        /// Their bytes.
        public var bytes = 0
        /// Distinct sets of inputs.
        public var renderings = 0
        /// Certificates with no archived inputs (issued before the archive existed).
        public var certificatesWithout = 0
    }

    /// Checks the archive, appending what is wrong to `problems`.
    func checkArchive(_ problems: inout [Problem]) async throws -> ArchiveSummary {
        var summary = ArchiveSummary()
        func problem(_ subject: String, _ message: String) { problems.append(Problem(subject: subject, message: message)) }
        let stored = try await registry.archivedRenderingInputs()
        summary.renderings = stored.count
        var files: [String: (file: RenderingInputs.File, certificates: Int)] = [:]
        for record in stored {
            guard let inputs = record.inputs else {
                problem("rendering inputs \(record.key)", "the archived record cannot be read (altered?)")
                continue
            }
            if inputs.sha256 != record.key {
                problem("rendering inputs \(record.key)", "the archived record no longer hashes to its key (altered?)")
            }
            for file in inputs.files {
                files[file.sha256, default: (file, 0)].certificates += record.certificates
            }
        }
        // The template hash each record's template and assets give, for the certificates below.
        var templateHashes: [String: String] = [:]
        for (sha256, entry) in files.sorted(by: { $0.key < $1.key }) {
            let subject = "archived file \(entry.file.name)"
            guard let bytes = try await registry.archivedFile(sha256: sha256) else {
                problem(subject, "is missing (SHA-256 \(sha256), needed by \(entry.certificates) certificate(s))")
                continue
            }
            summary.files += 1
            summary.bytes += bytes.count
            if hashPDF(bytes) != sha256 {
                problem(subject, "no longer hashes to its SHA-256 \(sha256) (altered; needed by \(entry.certificates) certificate(s))")
            }
        }
        for record in stored {
            guard let inputs = record.inputs, inputs.sha256 == record.key else { continue }
            var source: Data?
            var assets: [String: Data] = [:]
            for file in inputs.files.prefix(1 + inputs.assets.count) {
                guard let bytes = try await registry.archivedFile(sha256: file.sha256) else { break }
                if file == inputs.template { source = bytes } else { assets[file.name] = bytes }
            }
            guard let source, assets.count == inputs.assets.count else { continue }
            templateHashes[record.key] = hashPDF(TemplatePackage.hashInput(source: source, assets: assets))
        }
        var cursor: CertificateID?
        while true {
            let page = try await registry.allCertificates(after: cursor, limit: 500)
            guard let last = page.last else { break }
            for certificate in page {
                guard let inputs = try await registry.renderingInputs(certificateID: certificate.id) else {
                    summary.certificatesWithout += 1
                    continue
                }
                if let hash = templateHashes[inputs.sha256],
                    hash != certificate.templateSHA256 || inputs.templateName != certificate.templateName
                {
                    problem(
                        "certificate \(certificate.id)",
                        "its archived template and assets are not those its template hash names (the archive was altered?)")
                }
            }
            cursor = last.id
        }
        return summary
    }
}
