import CPDCore
import CPDServer
import CPDTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CPDServer

@Suite struct MetricsTests {
    @Test func metricsCountRequestsByRouteAndStatusAndTimeLookups() async throws {
        let certificate = Samples.certificate("Siân Llywelyn")
        try await TestApp.make([certificate]).test(.router) { client in
            for _ in 0..<3 { try await client.execute(uri: "/api/v1/certificates/\(certificate.id)", method: .get) { _ in } }
            try await client.execute(uri: "/c/\(SeededRandomSource(seed: 8).certificateID())", method: .get) { _ in }
            try await client.execute(uri: "/nowhere", method: .get) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                let text = String(response)
                #expect(text.contains("cpdcert_http_requests_total{route=\"/api/v1/certificates/{id}\",method=\"GET\",status=\"200\"} 3"))
                #expect(text.contains("cpdcert_http_requests_total{route=\"/c/{id}\",method=\"GET\",status=\"404\"} 1"))
                #expect(text.contains("cpdcert_http_requests_total{route=\"NotFound\",method=\"GET\",status=\"404\"} 1"))
                #expect(text.contains("# TYPE cpdcert_lookup_duration_seconds histogram"))
                #expect(text.contains("cpdcert_lookup_duration_seconds_count 4"))
            }
        }
    }
}

@Suite struct OperatorMetricsTests {
    @Test func buildInfoProcessMetricsDurationsAndZeroRefusalsAreExported() async throws {
        let app = TestApp.make([]) { $0.build = (version: "9.8.7", commit: "abc1234") }
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(response)
                #expect(text.contains("cpdcert_build_info{version=\"9.8.7\",commit=\"abc1234\"} 1"))
                // Before any refusal, both limits' counters are there at 0.
                #expect(text.contains("cpdcert_rate_limited_total{bucket=\"lookup\"} 0"))
                #expect(text.contains("cpdcert_rate_limited_total{bucket=\"upload\"} 0"))
                #expect(text.contains("# TYPE cpdcert_http_request_duration_seconds histogram"))
                #expect(text.contains("cpdcert_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"0.001\"}"))
                #expect(text.contains("cpdcert_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"} 1"))
                #expect(text.contains("cpdcert_http_request_duration_seconds_count{route=\"/healthz\"} 1"))
                func value(_ name: String) -> Double? {
                    text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ")[1]) }
                }
                #expect((value("process_cpu_seconds_total") ?? 0) > 0)
                #expect((value("process_resident_memory_bytes") ?? 0) > 1_000_000)
                #expect((value("process_open_fds") ?? 0) >= 3)
                let start = try #require(value("process_start_time_seconds"))
                #expect(start <= Date().timeIntervalSince1970 && start > Date().timeIntervalSince1970 - 86400)
                #expect(text.contains("# TYPE process_cpu_seconds_total counter"))
            }
        }
    }

    @Test func procStatIsReadPastACommandNameWithSpacesAndParentheses() throws {
        let stat =
            "4242 (cpd cert) (x)) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 150 0 0 20 0 9 0 5000 123456789 2560 "
            + "18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0"
        let metrics = try #require(
            ProcessMetrics.parse(
                stat: stat, systemStat: "cpu  1 2 3\nbtime 1790000000\n", openFDs: 7,
                limits: "Max open files            1024  4096  files\n",
                ticksPerSecond: 100, pageSize: 4096))
        #expect(metrics.cpuSeconds == 4)
        #expect(metrics.residentBytes == 2560 * 4096)
        #expect(metrics.virtualBytes == 123_456_789)
        #expect(metrics.startTime == 1_790_000_050)
        #expect(metrics.maxFDs == 1024)
        #expect(metrics.exposition.contains("process_open_fds 7\n"))
    }

    @Test func readyzSaysReadyAnd503WithTheReasonWhenTheCheckFails() async throws {
        let registry = InMemoryCertificateRegistry()
        let ready = buildApplication(registry: registry, pdfHashes: registry, logger: TestApp.quietLogger)
        try await ready.test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(response).contains("\"status\" : \"ready\""))
            }
        }
        let failing = buildApplication(
            registry: registry, pdfHashes: registry, logger: TestApp.quietLogger,
            readiness: Readiness { throw ReadinessFailure(reason: "the registry file is missing", detail: "no file at /srv/x.sqlite") })
        try await failing.test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let body = try #require(try JSONSerialization.jsonObject(with: Data(String(response).utf8)) as? [String: String])
                #expect(body == ["status": "unavailable", "reason": "the registry file is missing"])
                #expect(response.headers[.retryAfter] == "5")
            }
            // Liveness is unaffected.
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func withAMetricsAddressThePublicListenerHasNoMetrics() async throws {
        let app = TestApp.make([]) { $0.metricsAddress = (host: "127.0.0.1", port: 0) }
        try await app.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .notFound) }
        }
    }
}
