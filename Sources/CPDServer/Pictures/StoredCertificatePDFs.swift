public import CPDCore
public import Foundation

/// Certificates' PDFs for downloading again: `<folder>/<ID>.pdf` when it is there and hashes to
/// the registry's SHA-256, else drawn again on the render thread from the frozen record (its
/// archived rendering inputs, or the unchanged template) and served only if the new bytes hash to
/// it too. A PDF that cannot be proved to be the one issued is never served.
///
/// ```swift
/// let drawing = RenderedCertificatePictures(templates: pdfTemplates, archive: archivedPDFs, cacheSize: 16)
/// let pdfs = StoredCertificatePDFs(folder: URL(fileURLWithPath: "out/county-lines-2020"), drawing: drawing)
/// ```
public struct StoredCertificatePDFs: CertificatePDFs {
    private let folder: URL?
    private let drawing: RenderedCertificatePictures?

    /// Serves from `folder` when given, else (or when its file is missing or altered) from
    /// `drawing`, whose makers return PDF bytes rather than PNG.
    public init(folder: URL?, drawing: RenderedCertificatePictures?) {
        self.folder = folder
        self.drawing = drawing
    }

    public func availability(of certificate: Certificate) async -> PictureAvailability {
        if let file = file(of: certificate), FileManager.default.fileExists(atPath: file.path) { return .available }
        guard let drawing else { return .unavailable("its PDF is not in this server's folder of PDFs") }
        return await drawing.availability(of: certificate)
    }

    public func pdf(of certificate: Certificate) async throws -> CertificatePDF {
        if let file = file(of: certificate), let data = try? Data(contentsOf: file),
            PDFUpload.sha256(ArraySlice(data)) == certificate.pdfSHA256
        {
            return .pdf(data)
        }
        guard let drawing else { return .unavailable("its PDF is missing from this server's folder of PDFs, or was altered") }
        switch try await drawing.picture(of: certificate) {
        case .png(let data):
            guard PDFUpload.sha256(ArraySlice(data)) == certificate.pdfSHA256 else {
                return .unavailable("drawn again, it does not reproduce the PDF as issued (fonts or libraries changed?)")
            }
            return .pdf(data)
        case .unavailable(let reason):
            return .unavailable(reason)
        }
    }

    private func file(of certificate: Certificate) -> URL? {
        folder?.appendingPathComponent(certificate.fileName, isDirectory: false)
    }
}
