public import Foundation

/// The PDF of a certificate as issued, for whoever holds its ID to download again: the file the
/// batch wrote when it is still there and hashes to the stored SHA-256, else the same bytes drawn
/// again from the frozen record and its archived rendering inputs.
///
/// ```swift
/// switch try await pdfs.pdf(of: certificate) {
/// case .pdf(let bytes): ...            // application/pdf, SHA-256 == certificate.pdfSHA256
/// case .unavailable(let reason): ...   // say why
/// }
/// ```
public protocol CertificatePDFs: Sendable {
    /// Whether the PDF can be offered (a cheap check: the file is present or can be drawn again).
    func availability(of certificate: Certificate) async -> PictureAvailability
    /// The PDF's bytes, checked against `certificate.pdfSHA256`, or why there are none.
    func pdf(of certificate: Certificate) async throws -> CertificatePDF
}

/// A certificate's PDF as issued, or why it cannot be had.
public enum CertificatePDF: Sendable, Equatable {
    case pdf(Data)
    case unavailable(String)
}

/// No PDFs at all: the server was started without an output folder or templates.
public struct NoCertificatePDFs: CertificatePDFs {
    /// Creates the stand-in.
    public init() {}

    public func availability(of certificate: Certificate) async -> PictureAvailability {
        .unavailable("this server was started without the certificates' PDFs")
    }

    public func pdf(of certificate: Certificate) async throws -> CertificatePDF {
        .unavailable("this server was started without the certificates' PDFs")
    }
}
