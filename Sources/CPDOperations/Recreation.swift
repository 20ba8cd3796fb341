public import CPDCore
public import Foundation

/// Draws an issued certificate's PDF again from its frozen record, and proves it is the PDF as
/// issued: the template must be the one it was drawn with (by hash), and the new bytes must hash
/// to the stored SHA-256. One rule for the batch's repair of a missing PDF and for `cpdcert render`.
public enum Recreation {
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

    public var description: String {
        switch self {
        case .templateChanged(let id, let template):
            "template '\(template)' has changed since it was issued, so the PDF of \(id) cannot be re-created byte for byte; restore the PDF from a backup or the template as it was"
        case .renderFailed(let id, let reason):
            "re-rendering \(id) failed: \(reason)"
        case .notReproduced(let id):
            "re-rendering \(id) did not reproduce the issued PDF (fonts or libraries changed?); restore the PDF from a backup"
        }
    }
}
