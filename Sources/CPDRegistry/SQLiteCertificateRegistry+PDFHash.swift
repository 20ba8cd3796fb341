public import CPDCore
import GRDB

extension SQLiteCertificateRegistry: PDFHashLookup {
    /// The certificate whose issued PDF's SHA-256 is `sha256` (lower-case hex), with its current
    /// status, if any; answered from the `certificate_by_pdf_sha256` index (migration v3).
    public func certificate(pdfSHA256 sha256: String) async throws -> Certificate? {
        try await read { db in
            let statement = try db.cachedStatement(sql: CertificateRow.selectSQL + " WHERE c.pdf_sha256 = ? ORDER BY c.id LIMIT 1")
            return try Row.fetchOne(statement, arguments: [sha256]).map(CertificateRow.decode)
        }
    }
}
