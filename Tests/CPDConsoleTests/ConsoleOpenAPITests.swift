import CPDConsole
import CPDCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Yams

/// The console API's routes are exactly the operations its OpenAPI document describes.
@Suite struct ConsoleOpenAPITests {
    @Test func theAPIRoutesAreExactlyTheDocumentsOperations() async throws {
        let harness = try ConsoleHarness()
        defer { harness.cleanUp() }
        let router = try buildConsoleRouter(store: harness.registry, jobs: harness.jobs, configuration: harness.configuration)
        let routes = Set(
            router.routes.filter { $0.method != .head && "\($0.path)".hasPrefix("/api/") }.map { route in
                let path = "\(route.path)".split(separator: "/", omittingEmptySubsequences: false).map { part in
                    part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
                }
                return "\(route.method.rawValue.lowercased()) \(path.joined(separator: "/"))"
            })
        let served = try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/api/v1/admin/openapi.yaml", method: .get) { String(buffer: $0.body) }
        }
        let root = try #require(try Yams.compose(yaml: served))
        let documented = Set(
            (root["paths"]?.mapping ?? [:]).flatMap { path, item in
                (item.mapping ?? [:]).compactMap { method, _ in method.string.map { "\($0) \(path.string ?? "")" } }
            })
        #expect(routes.subtracting(documented).isEmpty, "routes missing from the document: \(routes.subtracting(documented).sorted())")
        #expect(documented.subtracting(routes).isEmpty, "documented but not routed: \(documented.subtracting(routes).sorted())")
        #expect(routes.count == 17)
    }
}
