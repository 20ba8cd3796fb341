import CPDCore
import CPDImport
import CPDRender
import CPDTestSupport
import Foundation
import Testing

@testable import CPDCommands

/// `issue --jobs N` renders in worker processes: the same bytes, the same errors, and a worker
/// that dies costs one certificate, not the batch.
@Suite struct WorkerRendererTests {
    let directory = TemplateDirectory(
        templates: Samples.packageRoot.appendingPathComponent("Templates"),
        assets: Samples.packageRoot.appendingPathComponent("Assets"))
    let executable = URL(fileURLWithPath: EndToEndTests.binary)

    @Test(arguments: ["classic", "modern", "bilingual"])
    func aWorkerDrawsTheSameBytesAsTheRendererInThisProcess(template: String) throws {
        let package = try directory.load(template)
        let worker = try WorkerRenderer(package: package, executable: executable)
        let local = try CairoCertificateRenderer(package: package)
        for (index, name) in ["Siân Llywelyn", "فاطمة الزهراء", "王秀英"].enumerated() {
            let content = Samples.certificate(
                name, index: index, ids: SeededRandomSource(seed: UInt64(index)), locales: package.template.dateLocales
            ).content
            #expect(try worker.render(content) == local.render(content), "\(template): \(name)")
        }
    }

    @Test func aCertificateTheWorkerCannotDrawFailsWithTheSameMessage() throws {
        let package = try directory.load("classic")
        let worker = try WorkerRenderer(package: package, executable: executable)
        let content = Samples.certificate("Siân \u{F0041}").content
        var expected = ""
        do { _ = try CairoCertificateRenderer(package: package).render(content) } catch { expected = "\(error)" }
        #expect(expected.contains("U+F0041"))
        do {
            _ = try worker.render(content)
            Issue.record("expected a failure")
        } catch {
            #expect("\(error)" == expected)
        }
        #expect(throws: Never.self) { try worker.render(Samples.certificate("Siân Llywelyn").content) }
    }

    @Test func aTemplateTheWorkerCannotUseFailsAtOnce() throws {
        var package = try directory.load("classic")
        package.source = Data(String(decoding: package.source, as: UTF8.self).replacingOccurrences("Noto Serif,", "Imaginary Serif,").utf8)
        #expect(throws: (any Error).self) { try WorkerRenderer(package: package, executable: executable) }
    }

    @Test func aWorkerThatDiesCostsOneCertificateAndTheNextStartsAnother() throws {
        let worker = try WorkerRenderer(package: try directory.load("classic"), executable: executable)
        let first = try #require(worker.processIdentifier)
        kill(first, SIGKILL)
        do {
            _ = try worker.render(Samples.certificate("Siân Llywelyn").content)
            Issue.record("expected the dead worker to fail this certificate")
        } catch {
            #expect("\(error)".hasPrefix("the rendering process stopped"))
        }
        #expect(throws: Never.self) { try worker.render(Samples.certificate("Aoife Ní Bhriain").content) }
        #expect(worker.processIdentifier != nil && worker.processIdentifier != first)
    }
}
