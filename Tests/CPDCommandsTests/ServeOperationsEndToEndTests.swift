import CPDCore
import CPDTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The built `cpdcert serve` as an operator runs it: JSON log lines, request IDs, `/readyz`, and
/// `/metrics` on a listener of its own; `CPDCERT_LOG_LEVEL` and wrong values of the new flags.
@Suite(.serialized) struct ServeOperationsEndToEndTests {
    static let environment = ["CPDCERT_REGISTRY": "", "CPDCERT_KEYS": EndToEndTests.noKeys]

    func issued(in folder: URL) throws -> (registry: String, id: String) { try ServeFixtures.issuedExample(in: folder) }

    static func get(_ url: String, headers: [String] = []) throws -> (status: Int, headers: [String: String], body: String) {
        try ServeFixtures.get(url, headers.flatMap { ["-H", $0] })
    }

    @Test func jsonLogsCarryTheRequestIDAndMetricsHaveTheirOwnListener() throws {
        let folder = try ExternalTool.temporaryDirectory("e2e-serve-ops")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (registry, id) = try issued(in: folder)
        let server = try BackgroundProcess(
            EndToEndTests.binary,
            ["serve", "--registry", registry, "--port", "0", "--log-format", "json", "--metrics-address", "127.0.0.1:0"],
            environment: Self.environment.merging(["CPDCERT_LOG_LEVEL": "info"]) { $1 }, directory: folder)
        defer { server.stop() }
        let base = try #require(server.servingBase(), "serve did not start: \(server.printed.stderr)")
        let metricsBase = try #require(
            server.waitForLine(timeout: 30) { line -> String? in
                guard let range = line.range(of: "metrics at ") else { return nil }
                return String(line[range.upperBound...].dropLast("/metrics".count))
            }, "no metrics listener: \(server.printed)")

        let page = try Self.get("\(base)/c/\(id)", headers: ["X-Request-ID: e2e-7f3a-omega"])
        #expect(page.status == 200)
        #expect(page.headers["x-request-id"] == "e2e-7f3a-omega")
        let traced = try Self.get(
            "\(base)/api/v1/certificates/\(id)", headers: ["traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"])
        #expect(traced.headers["x-request-id"] == "4bf92f3577b34da6a3ce929d0e0e4736")
        let fresh = try Self.get("\(base)/healthz", headers: ["X-Request-ID: has space"])
        #expect(fresh.headers["x-request-id"].map { !$0.isEmpty && $0 != "has space" } == true)
        // HSTS only over HTTPS: this is plain HTTP with no trusted proxy.
        #expect(page.headers["strict-transport-security"] == nil)

        // /metrics is on its own listener only.
        #expect(try Self.get("\(base)/metrics").status == 404)
        let metrics = try Self.get("\(metricsBase)/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.body.contains("cpdcert_build_info{version=\"\(BuildInfo.version)\",commit=\""))
        #expect(metrics.body.contains("cpdcert_http_request_duration_seconds_count{route=\"/c/{id}\"} 1"))
        #expect(metrics.body.contains("cpdcert_rate_limited_total{bucket=\"lookup\"} 0"))
        for name in ["process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds", "process_start_time_seconds"] {
            #expect(metrics.body.contains("\n\(name) "), "\(name)")
        }
        #expect(try Self.get("\(metricsBase)/c/\(id)").status == 404)

        // Every line on standard error is one JSON object; the page's line has the client's ID.
        Thread.sleep(forTimeInterval: 0.3)
        let lines = server.printed.stderr.split(separator: "\n").map(String.init)
        let objects = try lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
        }
        let ofThePage = objects.filter { $0["hb.request.id"] as? String == "e2e-7f3a-omega" }
        // The page's own line and the request's line both carry it.
        #expect(ofThePage.compactMap { $0["message"] as? String } == ["certificate page served", "request answered"], "\(lines)")
        let answered = try #require(ofThePage.last)
        #expect(answered["url.path"] as? String == "/c/\(id)")
        #expect(answered["http.request.method"] as? String == "GET")
        #expect(answered["http.response.status_code"] as? Int == 200)
        #expect(answered["client.address"] as? String == "127.0.0.1")
        #expect(answered["http.server.request.duration"] is Double)
        #expect((answered["timestamp"] as? String)?.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil)
        #expect(objects.contains { $0["trace.id"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736" })
        #expect(!server.printed.stderr.contains("@example.org"))
    }

    @Test func readyzIs503WhileTheRegistryFileIsMissingOrReplaced() throws {
        let folder = try ExternalTool.temporaryDirectory("e2e-readyz")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (registry, _) = try issued(in: folder)
        let server = try BackgroundProcess(
            EndToEndTests.binary, ["serve", "--registry", registry, "--port", "0"], environment: Self.environment, directory: folder)
        defer { server.stop() }
        let base = try #require(server.servingBase(), "serve did not start: \(server.printed.stderr)")
        #expect(try Self.get("\(base)/readyz").body.contains("\"ready\""))

        let aside = registry + ".aside"
        try FileManager.default.moveItem(atPath: registry, toPath: aside)
        let missing = try Self.get("\(base)/readyz")
        #expect(missing.status == 503)
        let reason = try #require(try JSONSerialization.jsonObject(with: Data(missing.body.utf8)) as? [String: String])
        #expect(reason == ["status": "unavailable", "reason": "the registry file is missing"])
        #expect(!missing.body.contains(folder.path), "no path in the answer")
        #expect(try Self.get("\(base)/healthz").status == 200)

        try FileManager.default.moveItem(atPath: aside, toPath: registry)
        #expect(try Self.get("\(base)/readyz").status == 200)

        // Another file at the same path: the open connection would answer from the old one.
        try FileManager.default.copyItem(atPath: registry, toPath: aside)
        #expect(rename(aside, registry) == 0)
        let replaced = try Self.get("\(base)/readyz")
        #expect(replaced.status == 503)
        #expect(replaced.body.contains("the registry file was replaced"))
    }

    @Test func cpdcertLogLevelIsHonouredByServeAndAWrongLogFormatIsAUsageError() throws {
        let folder = try ExternalTool.temporaryDirectory("e2e-log-level")
        defer { try? FileManager.default.removeItem(at: folder) }
        let format = try ExternalTool.run(EndToEndTests.binary, ["serve", "--log-format", "xml"], environment: Self.environment)
        #expect(format.status == 64, "\(format.stderr)")
        #expect(format.stderr.contains("--log-format: must be one of text, json; found 'xml'"), "\(format.stderr)")
        let proxy = try ExternalTool.run(EndToEndTests.binary, ["serve", "--trust-forwarded-for", "nginx"], environment: Self.environment)
        #expect(proxy.status == 64)
        #expect(proxy.stderr.contains("must be IP addresses (e.g. 127.0.0.1 or ::1) separated by commas, found 'nginx'"), "\(proxy.stderr)")

        // At warning, serve writes no line per request.
        let (registry, id) = try issued(in: folder)
        let server = try BackgroundProcess(
            EndToEndTests.binary, ["serve", "--registry", registry, "--port", "0", "--log-format", "json"],
            environment: Self.environment.merging(["CPDCERT_LOG_LEVEL": "warning"]) { $1 }, directory: folder)
        defer { server.stop() }
        let base = try #require(server.servingBase(), "serve did not start: \(server.printed.stderr)")
        #expect(try Self.get("\(base)/c/\(id)").status == 200)
        Thread.sleep(forTimeInterval: 0.3)
        #expect(!server.printed.stderr.contains("request answered"), "\(server.printed.stderr)")
    }
}
