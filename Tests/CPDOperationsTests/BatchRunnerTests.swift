import CPDCore
import CPDOperations
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

/// A renderer that records which threads rendered (by pthread identity).
final class ThreadRecordingRenderer: CertificateRenderer, @unchecked Sendable {
    // @unchecked: `threads` is only touched while holding `lock`.
    static let lock = NSLock()
    nonisolated(unsafe) static var threads: Set<UInt> = []

    func render(_ content: CertificateContent) throws -> Data {
        Self.lock.withLock { _ = Self.threads.insert(UInt(pthread_self())) }
        Thread.sleep(forTimeInterval: 0.002)
        return try TextCertificateRenderer().render(content)
    }
}

@Suite struct BatchRunnerTests {
    let event = Samples.event
    let template = TemplatePackage(
        template: CertificateTemplate(name: "classic", pageWidth: 297, pageHeight: 210, elements: [], subject: ""),
        source: Data("template".utf8), assets: [:])

    func report(extra: Int = 0) -> AttendanceReport {
        let people = Samples.names.enumerated().map { Samples.attendee($1, index: $0) }
        var evidence = people.map { Samples.evidence($0, minutes: 200) }
        evidence.append(Samples.evidence(Samples.attendee("Ciarán Mac Aodha", index: 90), minutes: 20))
        evidence.append(Samples.evidence(Samples.attendee("=cmd|' /C calc'!A0", index: 91), minutes: 200))
        for index in 0..<extra {
            evidence.append(Samples.evidence(Samples.attendee("Attendee \(index)", index: 1000 + index), minutes: 190))
        }
        return AttendanceReport(evidence: evidence, rejected: [], sourceSHA256: String(repeating: "0", count: 64))
    }

    var eligibleCount: Int { Samples.names.count + 1 }

    func runner(
        _ registry: any CertificateRegistry, _ output: any CertificateOutput, jobs: Int = 2,
        renderer: @escaping @Sendable () -> any CertificateRenderer = { TextCertificateRenderer() }
    ) -> BatchRunner {
        BatchRunner(
            registry: registry, output: output, makeRenderer: renderer, random: SeededRandomSource(),
            clock: { FixedClock().now }, jobs: jobs, batchSize: 3)
    }

    func all(_ registry: any CertificateRegistry) async throws -> [Certificate] {
        try await registry.certificates(eventID: event.id, after: nil, limit: 10_000)
    }

    @Test func issuesEveryEligibleAttendeeOnceAndRerunIssuesNothing() async throws {
        let registry = InMemoryCertificateRegistry()
        let output = MemoryOutput()
        let first = try await runner(registry, output).run(event: event, template: template, report: report())
        #expect(first.issuedCount == eligibleCount)
        #expect(first.plan.ineligible.count == 1)
        let certificates = try await all(registry)
        #expect(certificates.count == eligibleCount)
        for certificate in certificates {
            let pdf = try #require(try output.read(named: certificate.fileName))
            #expect(Hex.sha256(pdf) == certificate.pdfSHA256)
            #expect(certificate.evidenceSHA256 == String(repeating: "0", count: 64))
            #expect(certificate.templateSHA256 == Hex.sha256(template.hashInput))
        }
        let second = try await BatchRunner(
            registry: registry, output: output, makeRenderer: { TextCertificateRenderer() }, random: SeededRandomSource(seed: 1234),
            clock: { FixedClock().now }
        ).run(event: event, template: template, report: report())
        #expect(second.issuedCount == 0)
        #expect(second.plan.alreadyIssued.count == eligibleCount)
        #expect(second.checkedCount == eligibleCount)
        #expect(second.repaired.isEmpty)
        #expect(try await all(registry) == certificates)
    }

    @Test func aMissingOrDamagedPDFIsRecreatedByteForByte() async throws {
        let registry = InMemoryCertificateRegistry()
        let output = MemoryOutput()
        _ = try await runner(registry, output).run(event: event, template: template, report: report())
        let certificates = try await all(registry)
        let lost = certificates[0], damaged = certificates[1]
        let original = try #require(try output.read(named: damaged.fileName))
        output.remove(named: lost.fileName)
        try output.write(original.dropLast(1) + Data([0x21]), named: damaged.fileName)
        let second = try await runner(registry, output).run(event: event, template: template, report: report())
        #expect(Set(second.repaired) == [lost.id, damaged.id])
        #expect(try output.read(named: damaged.fileName) == original)
        #expect(try Hex.sha256(#require(try output.read(named: lost.fileName))) == lost.pdfSHA256)
    }

    @Test func aDamagedPDFWithAChangedTemplateIsReportedNotForged() async throws {
        let registry = InMemoryCertificateRegistry()
        let output = MemoryOutput()
        _ = try await runner(registry, output).run(event: event, template: template, report: report())
        let lost = try await all(registry)[0]
        output.remove(named: lost.fileName)
        var changed = template
        changed.source = Data("template v2".utf8)
        let second = try await runner(registry, output).run(event: event, template: changed, report: report())
        #expect(second.repaired.isEmpty)
        #expect(second.failed.count == 1)
        #expect(second.failed[0].reason.contains("has changed since it was issued"))
        #expect(try output.read(named: lost.fileName) == nil)
    }

    @Test func oneFailureDoesNotStopTheBatch() async throws {
        let registry = InMemoryCertificateRegistry()
        let output = MemoryOutput()
        let summary = try await runner(registry, output, renderer: { FailingRenderer(failFor: "王秀英") })
            .run(event: event, template: template, report: report())
        #expect(summary.failed.map(\.name) == ["王秀英"])
        #expect(summary.failed[0].reason.contains("U+E000"))
        #expect(summary.issuedCount == eligibleCount - 1)
        #expect(!summary.isClean)
    }

    @Test func manifestListsEveryCertificateWithFormulasNeutralised() async throws {
        let registry = InMemoryCertificateRegistry()
        let output = MemoryOutput()
        let summary = try await runner(registry, output).run(event: event, template: template, report: report())
        let manifest = String(decoding: try #require(try output.read(named: "manifest.csv")), as: UTF8.self)
        let lines = manifest.split(separator: "\r\n")
        #expect(lines.first == "email,name,certificate_id,file,status,verification_url")
        #expect(lines.count == summary.issuedCount + 1)
        #expect(manifest.contains(",'=cmd|' /C calc'!A0,"))
        for certificate in try await all(registry) {
            #expect(manifest.contains("\(certificate.id).pdf"))
        }
    }

    @Test func renderingRunsOnSeveralDedicatedThreads() async throws {
        ThreadRecordingRenderer.lock.withLock { ThreadRecordingRenderer.threads = [] }
        let registry = InMemoryCertificateRegistry()
        let summary = try await runner(registry, MemoryOutput(), jobs: 3, renderer: { ThreadRecordingRenderer() })
            .run(event: event, template: template, report: report(extra: 200))
        #expect(summary.issuedCount == eligibleCount + 200)
        let threads = ThreadRecordingRenderer.lock.withLock { ThreadRecordingRenderer.threads }
        // Three distinct threads on a 2-core machine: more than Swift's cooperative pool has,
        // so these are the pool's own threads, each taking work from the shared queue.
        #expect(threads.count == 3)
        #expect(!threads.contains(UInt(pthread_self())))
    }

    @Test func progressIsReportedUpToTheTotal() async throws {
        let seen = ProgressLog()
        var runner = runner(InMemoryCertificateRegistry(), MemoryOutput())
        runner.progress = { seen.append($0) }
        let summary = try await runner.run(event: event, template: template, report: report(extra: 20))
        let last = try #require(seen.values.last)
        #expect(last.total == summary.issuedCount)
        #expect(last.done == last.total)
        #expect(seen.values.map(\.done) == seen.values.map(\.done).sorted())
    }

    @Test func dryRunWritesNothing() async throws {
        let base = InMemoryCertificateRegistry()
        let files = MemoryOutput()
        let summary = try await runner(OverlayCertificateRegistry(over: base), DiscardingOutput(reading: files))
            .run(event: event, template: template, report: report())
        #expect(summary.issuedCount == eligibleCount)
        #expect(await base.count == 0)
        #expect(files.names.isEmpty)
    }
}

final class ProgressLog: @unchecked Sendable {
    // @unchecked: `values` is only touched while holding `lock`.
    private let lock = NSLock()
    private var log: [BatchProgress] = []
    func append(_ value: BatchProgress) { lock.withLock { log.append(value) } }
    var values: [BatchProgress] { lock.withLock { log } }
}

/// An output whose writes fail as a full disk does, counting what it was asked to write.
final class FullDiskOutput: CertificateOutput, @unchecked Sendable {
    // @unchecked: `attempts` is only touched while holding `lock`.
    private let lock = NSLock()
    private var attempts = 0
    var writes: Int { lock.withLock { attempts } }

    func write(_ files: [(name: String, data: Data)]) throws {
        lock.withLock { attempts += 1 }
        throw OutputError(code: ENOSPC, action: "write \(files.first?.name ?? "") in", folder: "/srv/cpd/out")
    }

    func read(named name: String) throws -> Data? { nil }
}

/// Renderers that count how many are alive, so a test can see every worker let its renderer go.
final class CountedRenderer: CertificateRenderer, @unchecked Sendable {
    // @unchecked: `alive` is only touched while holding `lock`.
    static let lock = NSLock()
    nonisolated(unsafe) static var alive = 0

    init() { Self.lock.withLock { Self.alive += 1 } }
    deinit { Self.lock.withLock { Self.alive -= 1 } }

    func render(_ content: CertificateContent) throws -> Data { try TextCertificateRenderer().render(content) }
}

@Suite(.serialized) struct BatchFailureTests {
    // Before, a batch whose last write failed ended in SIGILL: the render pool's semaphore was
    // freed while the writer still held slots it never gave back (libdispatch traps on that).
    @Test(arguments: [1, 2, 4], [1, 3, 64])
    func aFailedWriteEndsTheBatchWithItsErrorAndReleasesEveryWorker(jobs: Int, batchSize: Int) async throws {
        let registry = InMemoryCertificateRegistry()
        let output = FullDiskOutput()
        let people = Samples.names.enumerated().map { Samples.attendee($1, index: $0) }
        let report = AttendanceReport(
            evidence: people.map { Samples.evidence($0, minutes: 200) }, rejected: [], sourceSHA256: String(repeating: "0", count: 64))
        let runner = BatchRunner(
            registry: registry, output: output, makeRenderer: { CountedRenderer() }, random: SeededRandomSource(),
            clock: { FixedClock().now }, jobs: jobs, batchSize: batchSize)
        let template = TemplatePackage(
            template: CertificateTemplate(name: "classic", pageWidth: 297, pageHeight: 210, elements: [], subject: ""),
            source: Data("template".utf8), assets: [:])
        await #expect {
            _ = try await runner.run(event: Samples.event, template: template, report: report)
        } throws: { error in
            (error as? OutputError)?.description.hasPrefix("the output folder's disk is full (/srv/cpd/out)") == true
        }
        #expect(output.writes == 1)
        #expect(CountedRenderer.lock.withLock { CountedRenderer.alive } == 0)
    }
}
