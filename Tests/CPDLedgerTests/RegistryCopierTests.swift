import CPDCore
import CPDLedger
import CPDRegistry
import CPDTestSupport
import Foundation
import Testing

/// A registry copied by replaying its log: issues, revocations, corrections and attendance
/// interleaved come out as the same log (size and root), the same records, the same history.
@Suite struct RegistryCopierTests {
    /// A registry with every kind of logged change, in an interleaved order.
    static func filled() async throws -> InMemoryCertificateRegistry {
        let registry = InMemoryCertificateRegistry()
        let ids = SeededRandomSource(seed: 77)
        try await Samples.fillLog(registry, to: 7, batch: 3)
        let first = (0..<5).map { Samples.certificate(Samples.names[$0 % Samples.names.count], index: $0, ids: ids) }
        try await registry.insert(first)
        try await registry.changeStatus(
            StatusChange(
                certificateID: first[0].id, status: .revoked, reason: .issuedInError, note: "wrong event",
                operatorName: "Dafydd ap Gruffudd",
                at: FixedClock().now, replacedBy: nil), replacement: nil)
        var corrected = Samples.certificate("Siân Llywelyn-Jones", index: 1, ids: ids)
        corrected.supersedes = first[1].id
        try await registry.changeStatus(
            StatusChange(
                certificateID: first[1].id, status: .superseded, reason: nil, note: "name misspelt", operatorName: "Nguyễn Thị Hằng",
                at: FixedClock().now, replacedBy: corrected.id), replacement: corrected)
        try await Samples.fillLog(registry, to: 20, batch: 4)
        try await registry.insert((5..<9).map { Samples.certificate(Samples.names[$0 % Samples.names.count], index: $0, ids: ids) })
        try await registry.changeStatus(
            StatusChange(
                certificateID: first[0].id, status: .valid, reason: nil, note: "revoked in error", operatorName: "Aoife Ní Bhriain",
                at: FixedClock().now, replacedBy: nil), replacement: nil)
        return registry
    }

    @Test func theCopyHasTheSameLogRecordsAndHistory() async throws {
        let source = try await Self.filled()
        let target = try SQLiteCertificateRegistry()
        let copied = try await RegistryCopier(from: source, to: target).copy()
        let size = try await source.logSize()
        #expect(copied.logSize == size && size > 0)
        #expect(copied.sourceRoot == copied.targetRoot)
        #expect(try await target.rootHash(size: size) == source.rootHash(size: size))
        #expect(copied.certificates == 10 && copied.statusChanges == 3)
        for certificate in try await source.allCertificates(after: nil, limit: 100) {
            #expect(try await target.certificate(id: certificate.id) == certificate)
            #expect(try await target.statusHistory(certificateID: certificate.id) == source.statusHistory(certificateID: certificate.id))
        }
        #expect(try await target.attendance(eventID: Samples.event.id) == source.attendance(eventID: Samples.event.id))
    }

    @Test func aNonEmptyTargetIsRefusedAndNothingIsWritten() async throws {
        let source = try await Self.filled()
        let target = try SQLiteCertificateRegistry()
        try await Samples.fillLog(target, to: 1)
        await #expect(throws: RegistryCopier.Failure.self) { try await RegistryCopier(from: source, to: target).copy() }
        #expect(try await target.logSize() == 1)
    }
}
