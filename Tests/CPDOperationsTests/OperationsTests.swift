import CPDCore
import CPDLedger
import CPDOperations
import CPDTestSupport
import Foundation
import Testing

/// The operations layer on the in-memory twin, with a fixed clock and seeded randomness: every
/// result is exactly predictable, and every refusal is a typed error that touches nothing.
@Suite struct OperationsTests {
    let template = TemplatePackage(
        template: CertificateTemplate(name: "classic", pageWidth: 297, pageHeight: 210, elements: [], subject: ""),
        source: Data("template".utf8), assets: [:])
    /// 2026-11-29 09:30:00.750 UTC: operations keep the whole second.
    let instant = Date(timeIntervalSince1970: 1_795_944_600.75)

    func operations(_ registry: any CertificateRegistry, seed: UInt64 = 7, key: LogKey? = nil) -> Operations {
        Operations(registry: registry, clock: { [instant] in instant }, random: SeededRandomSource(seed: seed), logKey: key)
    }

    /// A registry holding one issued certificate per name.
    func issued(_ names: [String]) async throws -> (InMemoryCertificateRegistry, [Certificate]) {
        let registry = InMemoryCertificateRegistry()
        let random = SeededRandomSource(seed: 1)
        let certificates = names.enumerated().map { Samples.certificate($1, index: $0, ids: random) }
        try await registry.insert(certificates)
        return (registry, certificates)
    }

    /// Fails the test if the operation asks for its output.
    let noOutput: () throws -> any CertificateOutput = {
        Issue.record("the output was made although the operation was refused")
        return MemoryOutput()
    }

    @Test func revokingRecordsTheChangeAtTheClocksWholeSecondAndOnlyOnce() async throws {
        let (registry, certificates) = try await issued(["Siân Llywelyn"])
        let id = certificates[0].id
        let revocation = try await operations(registry).revoke(id, reason: .issuedInError, note: "duplicate booking", by: "quality-lead")
        #expect(revocation.change.at == Date(timeIntervalSince1970: 1_795_944_600))
        #expect(try await registry.certificate(id: id)?.status == .revoked)
        guard case .unsigned = revocation.checkpoint else {
            Issue.record("no key was given, yet the checkpoint says \(revocation.checkpoint)")
            return
        }
        await #expect(throws: OperationError.self) {
            try await operations(registry).revoke(id, reason: .fraudulent, note: nil, by: "quality-lead")
        }
        do {
            _ = try await operations(registry).revoke(id, reason: .fraudulent, note: nil, by: "quality-lead")
        } catch .notInForce(let refused, let status) {
            #expect(refused == id && status == .revoked)
        } catch {
            Issue.record("expected notInForce, got \(error)")
        }
    }

    @Test func aReinstatementUndoesARevocationAndOnlyARevocation() async throws {
        let (registry, certificates) = try await issued(["Ọlásùnkànmí Adéwálé", "Siobhán Ní Dhuibhir"])
        let id = certificates[0].id
        do {
            _ = try await operations(registry).reinstate(id, reason: "mistake", by: "quality-lead")
            Issue.record("a valid certificate was reinstated")
        } catch .notRevoked(let refused, let status) {
            #expect(refused == id && status == .valid)
        } catch {
            Issue.record("expected notRevoked, got \(error)")
        }
        _ = try await operations(registry).revoke(id, reason: .issuedInError, note: nil, by: "quality-lead")
        let reinstatement = try await operations(registry).reinstate(id, reason: "revoked the wrong one", by: "quality-lead")
        #expect(reinstatement.change.isReinstatement && reinstatement.change.note == "revoked the wrong one")
        #expect(reinstatement.change.at == Date(timeIntervalSince1970: 1_795_944_600))
        #expect(try await registry.certificate(id: id)?.status == .valid)
        #expect(try await registry.statusHistory(certificateID: id).map(\.status) == [.revoked, .valid])
    }

    @Test func anUnknownCertificateIsNotFound() async throws {
        let (registry, _) = try await issued(["Aoife Ní Bhriain"])
        let unknown = SeededRandomSource(seed: 99).certificateID()
        do {
            _ = try await operations(registry).revoke(unknown, reason: .issuedInError, note: nil, by: "a")
            Issue.record("revoked a certificate that does not exist")
        } catch .notFound(let id) {
            #expect(id == unknown)
        } catch {
            Issue.record("expected notFound, got \(error)")
        }
    }

    @Test func aCorrectionTakesItsIDAndSaltFromTheRandomSourceAndItsTimeFromTheClock() async throws {
        let (registry, certificates) = try await issued(["Malgorzata Wisniewska"])
        let old = certificates[0]
        let output = MemoryOutput()
        let correction = try await operations(registry, seed: 11).correct(
            old.id, changes: AttendeeChanges(name: "  Małgorzata Wiśniewska ", organisation: ""), reason: "name misspelt",
            by: "quality-lead", template: template, renderer: TextCertificateRenderer(), output: { output })
        let expected = SeededRandomSource(seed: 11)
        #expect(correction.new.id == expected.certificateID())
        #expect(correction.new.identitySalt == expected.identitySalt())
        #expect(correction.new.issuedAt == Date(timeIntervalSince1970: 1_795_944_600))
        #expect(correction.new.content.attendeeName == "Małgorzata Wiśniewska")
        #expect(correction.new.content.organisation == nil)
        #expect(correction.new.content.jobTitle == old.content.jobTitle)
        #expect(correction.new.content.verificationURL.hasSuffix(correction.new.id.description))
        #expect(correction.new.supersedes == old.id)
        #expect(try await registry.certificate(id: old.id)?.status == .superseded)
        #expect(output.names == [correction.new.fileName])
        let pdf = try #require(try output.read(named: correction.new.fileName))
        #expect(Hex.sha256(pdf) == correction.new.pdfSHA256)
    }

    @Test func refusedCorrectionsChangeNothingAndWriteNothing() async throws {
        let (registry, certificates) = try await issued(["Nguyễn Thị Hằng", "王秀英"])
        let operations = operations(registry)
        func refusal(_ id: CertificateID, _ changes: AttendeeChanges, event: Event? = nil) async -> OperationError? {
            do {
                _ = try await operations.correct(
                    id, changes: changes, reason: "r", by: "a", event: event, template: template, renderer: TextCertificateRenderer(),
                    output: noOutput)
                return nil
            } catch {
                return error
            }
        }
        let sizeBefore = try await registry.logSize()
        guard case .nothingToChange = await refusal(certificates[0].id, AttendeeChanges()) else {
            Issue.record("an empty correction was not refused")
            return
        }
        var other = Samples.event
        other.id = "county-lines-2021"
        guard case .wrongEvent(let given, _, let belongsTo) = await refusal(certificates[0].id, AttendeeChanges(name: "X"), event: other)
        else {
            Issue.record("a correction with another event's file was not refused")
            return
        }
        #expect(given == "county-lines-2021" && belongsTo == Samples.event.id)
        _ = try await operations.revoke(certificates[1].id, reason: .issuedInError, note: nil, by: "a")
        guard case .notInForce = await refusal(certificates[1].id, AttendeeChanges(name: "Wang Xiuying")) else {
            Issue.record("a revoked certificate was corrected")
            return
        }
        #expect(try await registry.logSize() == sizeBefore + 1)
        #expect(try await registry.certificate(id: certificates[0].id)?.status == .valid)
    }

    @Test func aTemplateWithLocalisedDatesNeedsTheEvent() async throws {
        let registry = InMemoryCertificateRegistry()
        let welsh = Samples.certificate("Siân Llywelyn", locales: ["cy"])
        try await registry.insert([welsh])
        do {
            _ = try await operations(registry).correct(
                welsh.id, changes: AttendeeChanges(name: "Siân Angharad Llywelyn"), reason: "r", by: "a", template: template,
                renderer: TextCertificateRenderer(), output: noOutput)
            Issue.record("dates in Welsh would have kept the old issue date")
        } catch .needsEvent(let name) {
            #expect(name == "classic")
        } catch {
            Issue.record("expected needsEvent, got \(error)")
        }
    }

    @Test func signingNeedsAKeyAndAfterAWriteSignsTheWholeLog() async throws {
        let (registry, certificates) = try await issued(["Adébáyọ̀ Ọlátúnjí"])
        do {
            _ = try await operations(registry).signCheckpoint()
            Issue.record("signed without a key")
        } catch .noSigningKey {
        } catch {
            Issue.record("expected noSigningKey, got \(error)")
        }
        let key = try LogKey.generate(name: "verify.example.org/cpdcert")
        let revocation = try await operations(registry, key: key).revoke(certificates[0].id, reason: .fraudulent, note: nil, by: "a")
        guard case .signed(let checkpoint) = revocation.checkpoint else {
            Issue.record("a key was given, yet the checkpoint says \(revocation.checkpoint)")
            return
        }
        #expect(checkpoint.size == (try await registry.logSize()))
        #expect(checkpoint.createdAt == Date(timeIntervalSince1970: 1_795_944_600))
        #expect(try await registry.latestCheckpoint() == checkpoint)
        // Another key at the same size: refused as a conflict when asked for, reported after a write.
        let other = try LogKey.generate(name: "other.example.org/cpdcert")
        do {
            _ = try await operations(registry, key: other).signCheckpoint()
            Issue.record("a second key's checkpoint at the same size was reported as kept")
        } catch .checkpointConflict(let conflict) {
            #expect(conflict.size == checkpoint.size)
        } catch {
            Issue.record("expected checkpointConflict, got \(error)")
        }
    }

    @Test func aBatchForAChangedEventIsRefusedBeforeItsOutputIsMade() async throws {
        let registry = InMemoryCertificateRegistry()
        let people = Samples.names.enumerated().map { Samples.attendee($1, index: $0) }
        let report = AttendanceReport(
            evidence: people.map { Samples.evidence($0, minutes: 200) }, rejected: [], sourceSHA256: String(repeating: "0", count: 64))
        let prepared = try PreparedTemplate.prepare(template, for: Samples.event) { TextCertificateRenderer() }
        let output = MemoryOutput()
        let first = try await operations(registry).issue(
            Batch(event: Samples.event, template: prepared, report: report, jobs: 2, batchSize: 3), by: "a.jones", output: { output })
        #expect(first.summary.issuedCount == people.count)
        #expect(output.names.count == people.count + 1)
        var renamed = Samples.event
        renamed.title = "Tackling Child Criminal Exploitation (2021)"
        do {
            _ = try await operations(registry).issue(
                Batch(event: renamed, template: prepared, report: report, jobs: 2, batchSize: 3), by: "a.jones", output: noOutput)
            Issue.record("a changed event under the same id was issued")
        } catch .eventChanged(let changed) {
            #expect(changed.changes.contains { $0.hasPrefix("title: ") })
        } catch {
            Issue.record("expected eventChanged, got \(error)")
        }
    }

    @Test func aBatchAndACorrectionRecordWhoIssuedThemInTheRegistryAndTheLog() async throws {
        let registry = InMemoryCertificateRegistry()
        let people = Samples.names.prefix(3).enumerated().map { Samples.attendee($1, index: $0) }
        let report = AttendanceReport(
            evidence: people.map { Samples.evidence($0, minutes: 200) }, rejected: [], sourceSHA256: String(repeating: "0", count: 64))
        let prepared = try PreparedTemplate.prepare(template, for: Samples.event) { TextCertificateRenderer() }
        let issuance = try await operations(registry).issue(
            Batch(event: Samples.event, template: prepared, report: report, jobs: 2, batchSize: 2), by: "trefnydd@example.org",
            output: { MemoryOutput() })
        #expect(issuance.summary.issuedCount == people.count)
        let batch = await registry.allCertificates(after: nil, limit: 10)
        #expect(batch.count == people.count)
        #expect(batch.allSatisfy { $0.issuedBy == "trefnydd@example.org" }, "\(batch.map(\.issuedBy))")
        let correction = try await operations(registry, seed: 12).correct(
            batch[0].id, changes: AttendeeChanges(name: "Nguyễn Thị Hằng"), reason: "name misspelt", by: "quality-lead",
            template: template, renderer: TextCertificateRenderer(), output: { MemoryOutput() })
        #expect(correction.new.issuedBy == "quality-lead")
        #expect(try await registry.certificate(id: correction.new.id)?.issuedBy == "quality-lead")
        #expect(try await LoggedIssuers.of(registry) == Array(repeating: "trefnydd@example.org", count: people.count) + ["quality-lead"])
    }

    @Test func aTemplateThatCannotDrawASampleIsUnusable() throws {
        struct Overflow: Error {}
        #expect(throws: OperationError.self) {
            try PreparedTemplate.prepare(template, for: Samples.event) { FailingRenderer(failFor: SampleCertificate.attendeeName) }
        }
        #expect(throws: OperationError.self) {
            try PreparedTemplate.prepare(template, for: Samples.event) { throw Overflow() }
        }
    }
}
