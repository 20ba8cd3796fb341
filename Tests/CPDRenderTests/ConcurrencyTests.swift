import CPDCore
import CPDRender
import CPDTestSupport
import Foundation
import Testing

/// Renderers on several threads at once, each with its own font map, over more font faces
/// than cairo keeps open (every shipped template, names in every script). Without the
/// process-wide font lock this crashed in FreeType or gave different bytes for the same record.
@Suite struct ConcurrencyTests {
    /// Counts mismatches across threads.
    final class Tally: @unchecked Sendable {
        // @unchecked: `count` is only touched while holding `lock`.
        private let lock = NSLock()
        private var failures: [String] = []
        func record(_ failure: String) { lock.withLock { failures.append(failure) } }
        var all: [String] { lock.withLock { failures } }
    }

    @Test func renderersOnFourThreadsGiveTheSameBytesAsOne() throws {
        let names = Samples.namesByScript.map(\.name)
        var expected: [String: Data] = [:]
        for template in Shipped.names {
            let package = try Shipped.package(template)
            let renderer = try CairoCertificateRenderer(package: package)
            for name in names { expected["\(template) \(name)"] = try renderer.render(Shipped.content(name, for: package.template)) }
        }
        let reference = expected
        let tally = Tally()
        let done = DispatchGroup()
        for thread in 0..<4 {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                for round in 0..<3 {
                    for template in Shipped.names.shuffled() {
                        do {
                            let package = try Shipped.package(template)
                            let renderer = try CairoCertificateRenderer(package: package)
                            for name in names.shuffled()
                            where try renderer.render(Shipped.content(name, for: package.template)) != reference["\(template) \(name)"] {
                                tally.record("thread \(thread), round \(round): \(template) \(name)")
                            }
                        } catch {
                            tally.record("thread \(thread): \(error)")
                        }
                    }
                }
            }
        }
        done.wait()
        #expect(tally.all.isEmpty, "\(tally.all)")
    }
}
