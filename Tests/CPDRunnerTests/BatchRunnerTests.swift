import CPDCore
import CPDRunner
import CPDTestSupport
import Foundation
import Testing

/// A renderer that fails for one name, to show one failure does not stop a batch.
struct FailingRenderer: CertificateRenderer {
    let failFor: String
    struct Failure: Error, CustomStringConvertible {
        var description: String { "no glyph for U+E000" }
    }

    func render(_ content: CertificateContent) throws -> Data {
        if content.attendeeName == failFor { throw Failure() }
        return try TextCertificateRenderer().render(content)
    }
}

@Suite struct BatchRunnerTests {
    let event = Samples.event
    let template = TemplatePackage(
        template: CertificateTemplate(name: "classic", pageWidth: 297, pageHeight: 210, elements: [], subject: ""),
        source: Data("template".utf8), assets: [:])

    func report() -> AttendanceReport {
        let people = Samples.names.enumerated().map { Samples.attendee($1, index: $0) }
        var evidence = people.map { Samples.evidence($0, minutes: 200) }
        evidence.append(Samples.evidence(Samples.attendee("Ciarán Mac Aodha", index: 90), minutes: 20))
        evidence.append(Samples.evidence(Samples.attendee("=cmd|' /C calc'!A0", index: 91), minutes: 200))
        return AttendanceReport(evidence: evidence, rejected: [], sourceSHA256: String(repeating: "0", count: 64))
    }

    func runner(
        _ registry: any CertificateRegistry, _ output: MemoryOutput,
        renderer: @escaping () -> any CertificateRenderer = { TextCertificateRenderer() }
    ) -> BatchRunner {
        BatchRunner(
            registry: registry, output: output, makeRenderer: renderer, ids: SeededIDGenerator(),
            clock: { FixedClock().now }, batchSize: 3)
    }

    @Test func issuesEveryEligibleAttendeeOnceAndRerunIssuesNothing() async throws {
        let registry = InMemoryCertificateRegistry()
        let output = MemoryOutput()
        let first = try await runner(registry, output).run(event: event, template: template, report: report())
        #expect(first.issued.count == Samples.names.count + 1)
        #expect(first.plan.ineligible.count == 1)
        #expect(await registry.count == Samples.names.count + 1)
        for certificate in first.issued {
            let pdf = try #require(try output.read(named: certificate.fileName))
            #expect(Hex.sha256(pdf) == certificate.pdfSHA256)
            #expect(certificate.evidenceSHA256 == String(repeating: "0", count: 64))
            #expect(certificate.templateSHA256 == Hex.sha256(template.hashInput))
        }
        let second = try await BatchRunner(
            registry: registry, output: output, makeRenderer: { TextCertificateRenderer() }, ids: SeededIDGenerator(seed: 1234),
            clock: { FixedClock().now }
        ).run(event: event, template: template, report: report())
        #expect(second.issued.isEmpty)
        #expect(second.plan.alreadyIssued.count == Samples.names.count + 1)
        #expect(second.repaired.isEmpty)
        #expect(await registry.count == Samples.names.count + 1)
    }

    @Test func aMissingOrDamagedPDFIsRecreatedByteForByte() async throws {
        let registry = InMemoryCertificateRegistry()
        let output = MemoryOutput()
        let first = try await runner(registry, output).run(event: event, template: template, report: report())
        let lost = first.issued[0], damaged = first.issued[1]
        let original = try #require(try output.read(named: damaged.fileName))
        output.remove(named: lost.fileName)
        try output.write(original.dropLast(1) + Data([0x21]), named: damaged.fileName)
        let second = try await runner(registry, output).run(event: event, template: template, report: report())
        #expect(Set(second.repaired) == [lost.id, damaged.id])
        #expect(try output.read(named: damaged.fileName) == original)
        #expect(try Hex.sha256(#require(try output.read(named: lost.fileName))) == lost.pdfSHA256)
    }

    @Test func oneFailureDoesNotStopTheBatch() async throws {
        let registry = InMemoryCertificateRegistry()
        let output = MemoryOutput()
        let summary = try await runner(registry, output, renderer: { FailingRenderer(failFor: "王秀英") })
            .run(event: event, template: template, report: report())
        #expect(summary.failed.map(\.name) == ["王秀英"])
        #expect(summary.failed[0].reason.contains("U+E000"))
        #expect(summary.issued.count == Samples.names.count)
        #expect(!summary.isClean)
    }

    @Test func manifestListsEveryCertificateWithFormulasNeutralised() async throws {
        let registry = InMemoryCertificateRegistry()
        let output = MemoryOutput()
        let summary = try await runner(registry, output).run(event: event, template: template, report: report())
        let manifest = String(decoding: try #require(try output.read(named: "manifest.csv")), as: UTF8.self)
        let lines = manifest.split(separator: "\r\n")
        #expect(lines.first == "email,name,certificate_id,file,status,verification_url")
        #expect(lines.count == summary.issued.count + 1)
        #expect(manifest.contains(",'=cmd|' /C calc'!A0,"))
        for certificate in summary.issued {
            #expect(manifest.contains("\(certificate.id).pdf"))
        }
    }
}
