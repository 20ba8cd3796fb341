/// Finds the certificate whose issued PDF has a given SHA-256: what "check a PDF" asks.
///
/// A separate port from `CertificateRegistry`, which it does not change: the SQLite registry
/// answers from an index (CPDRegistry), the in-memory registry by scanning (tests).
public protocol PDFHashLookup: Sendable {
    /// The certificate whose issued PDF's SHA-256 is `sha256` (64 lower-case hex digits), with
    /// its current status, if any.
    func certificate(pdfSHA256 sha256: String) async throws -> Certificate?
}

extension InMemoryCertificateRegistry: PDFHashLookup {
    /// Scans every certificate the log names; fine for the small registries of tests.
    public func certificate(pdfSHA256 sha256: String) async throws -> Certificate? {
        var seen: Set<CertificateID> = []
        for entry in logEntries(0..<logSize()) {
            guard let id = entry.certificateID, seen.insert(id).inserted else { continue }
            if let certificate = certificate(id: id), certificate.pdfSHA256 == sha256 {
                return certificate
            }
        }
        return nil
    }
}
