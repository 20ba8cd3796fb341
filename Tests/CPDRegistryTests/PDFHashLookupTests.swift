import CPDCore
import CPDRegistry
import CPDTestSupport
import Foundation
import Testing

@Suite struct PDFHashLookupTests {
    @Test func findsACertificateByItsPDFsHashWithItsStatus() async throws {
        let ids = SeededRandomSource(seed: 12)
        var first = Samples.certificate("Siân Llywelyn", index: 1, ids: ids)
        first.pdfSHA256 = String(repeating: "1a", count: 32)
        var second = Samples.certificate("王秀英", index: 2, ids: ids)
        second.pdfSHA256 = String(repeating: "2b", count: 32)
        let registry = try SQLiteCertificateRegistry()
        try await registry.insert([first, second])
        #expect(try await registry.certificate(pdfSHA256: second.pdfSHA256) == second)
        #expect(try await registry.certificate(pdfSHA256: String(repeating: "00", count: 32)) == nil)

        let change = StatusChange(
            certificateID: first.id, status: .revoked, reason: .fraudulent, note: nil, operatorName: "qa", at: FixedClock().now,
            replacedBy: nil)
        try await registry.changeStatus(change, replacement: nil)
        #expect(try await registry.certificate(pdfSHA256: first.pdfSHA256)?.status == .revoked)
    }

    @Test func theLookupUsesItsIndexOnAReadOnlyOpen() async throws {
        let file = TemporaryRegistryFile()
        defer { file.remove() }
        let path = file.path
        let certificate = Samples.certificate("Aoife Ní Bhriain")
        do {
            try await SQLiteCertificateRegistry(path: path).insert([certificate])
        }
        let reader = try SQLiteCertificateRegistry(path: path, readOnly: true)
        #expect(try await reader.certificate(pdfSHA256: certificate.pdfSHA256)?.id == certificate.id)
        // The plan names the index the v3 migration made.
        let plan = try ExternalToolSQLite.explain(path: path, sql: "SELECT id FROM certificate WHERE pdf_sha256 = 'x'")
        #expect(plan.contains("certificate_by_pdf_sha256"), "plan: \(plan)")
    }
}

/// `sqlite3`'s query plan, when the shell is installed; otherwise the index list from the file.
enum ExternalToolSQLite {
    static func explain(path: String, sql: String) throws -> String {
        let result = try ExternalTool.run(
            "python3",
            [
                "-c",
                "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('EXPLAIN QUERY PLAN ' + sys.argv[2]).fetchall())",
                path, sql,
            ])
        return result.stdout + result.stderr
    }
}
