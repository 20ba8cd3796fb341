import CPDCore
import CPDRegistry
import CPDTestSupport
import Foundation
import Testing

/// Certificates issued before the operator was recorded (the fixture: a registry as cpdcert at
/// migration v8 wrote it) gain no operator when the registry is migrated, and their issue entries,
/// derived again from the migrated rows, are byte for byte the entries logged then.
@Suite struct CertificateIssuedByMigrationTests {
    @Test func certificatesIssuedBeforeOperatorsWereRecordedNameNoneAndDeriveTheirLoggedBytes() async throws {
        let folder = try ExternalTool.temporaryDirectory("issued-by-migrated")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("cpdcert.sqlite").path
        let fixture = Samples.packageRoot.appendingPathComponent("Tests/CPDCommandsTests/Fixtures/registry-before-attendance-log.sql")
        let load = try ExternalTool.run("sqlite3", [path, ".read '\(fixture.path)'"])
        try #require(load.status == 0, "\(load.stderr)")
        let registry = try SQLiteCertificateRegistry(path: path)
        let size = try await registry.logSize()
        let issues = try await registry.logEntries(0..<size).filter { $0.certificateID != nil }
        #expect(issues.count == 2)
        for entry in issues {
            let id = try #require(entry.certificateID)
            var certificate = try #require(try await registry.certificate(id: id))
            #expect(certificate.issuedBy == nil)
            certificate.status = .valid
            certificate.statusChange = nil
            let derived = TransparencyEntry.issued(certificate).canonicalBytes
            #expect(derived == entry.body, "\(String(decoding: derived, as: UTF8.self))")
        }
    }
}
