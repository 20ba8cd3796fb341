import Crypto
public import Foundation

/// PDFs held in memory by certificate ID, served only when they hash to the certificate's
/// recorded SHA-256: the twin of a folder of issued PDFs.
public struct InMemoryCertificatePDFs: CertificatePDFs {
    private let files: [CertificateID: Data]

    /// Holds `files`, keyed by certificate ID.
    public init(_ files: [CertificateID: Data]) {
        self.files = files
    }

    public func availability(of certificate: Certificate) async -> PictureAvailability {
        files[certificate.id] == nil ? .unavailable("its PDF is not held") : .available
    }

    public func pdf(of certificate: Certificate) async throws -> CertificatePDF {
        guard let data = files[certificate.id] else { return .unavailable("its PDF is not held") }
        let hash = SHA256.hash(data: data).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        guard hash == certificate.pdfSHA256 else { return .unavailable("its PDF was altered: it does not hash as issued") }
        return .pdf(data)
    }
}
