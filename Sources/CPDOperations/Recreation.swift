public import CPDCore
public import Foundation

/// Draws an issued certificate's PDF again from its frozen record, and proves it is the PDF as
/// issued: the template must be the one it was drawn with (by hash), and the new bytes must hash
/// to the stored SHA-256. One rule for the batch's repair of a missing PDF and for `cpdcert render`.
///
/// A certificate whose rendering inputs are archived is drawn from them (`pdf(of:from:render:)`);
/// one issued before the archive existed, from the working template if it is unchanged.
public enum Recreation {
    /// The PDF of `certificate`, drawn by `render` from its archived `rendering`.
    public static func pdf(of certificate: Certificate, from rendering: ArchivedRendering, render: (CertificateContent) throws -> Data)
        throws(RecreationError) -> Data
    {
        guard Hex.sha256(rendering.templateHashInput) == certificate.templateSHA256 else {
            throw .archiveMismatch(certificate.id, rendering.inputs.sha256)
        }
        return try pdf(of: certificate, templateHash: certificate.templateSHA256, render: render)
    }

    /// The PDF of `certificate`, drawn by `render` with a template whose hash is `templateHash`.
    public static func pdf(of certificate: Certificate, templateHash: String, render: (CertificateContent) throws -> Data)
        throws(RecreationError) -> Data
    {
        guard certificate.templateSHA256 == templateHash else { throw .templateChanged(certificate.id, certificate.templateName) }
        let pdf: Data
        do {
            pdf = try render(certificate.content)
        } catch {
            throw .renderFailed(certificate.id, "\(error)")
        }
        guard Hex.sha256(pdf) == certificate.pdfSHA256 else { throw .notReproduced(certificate.id) }
        return pdf
    }
}

/// Why a certificate's PDF cannot be drawn again byte for byte.
public enum RecreationError: Error, CustomStringConvertible, Sendable {
    case templateChanged(CertificateID, String)
    case renderFailed(CertificateID, String)
    case notReproduced(CertificateID)
    case archiveMismatch(CertificateID, String)
    case archive(CertificateID, String)

    public var description: String {
        switch self {
        case .templateChanged(let id, let template):
            "template '\(template)' has changed since it was issued, so the PDF of \(id) cannot be re-created byte for byte; restore the PDF from a backup or the template as it was"
        case .renderFailed(let id, let reason):
            "re-rendering \(id) failed: \(reason)"
        case .notReproduced(let id):
            "re-rendering \(id) did not reproduce the issued PDF (fonts or libraries changed?); restore the PDF from a backup"
        case .archiveMismatch(let id, let inputs):
            "the archived rendering inputs \(inputs) of \(id) are not the template and assets it was issued with (the registry was altered?); restore the registry from a backup"
        case .archive(let id, let reason):
            "the PDF of \(id) cannot be drawn from the archive: \(reason)"
        }
    }
}
