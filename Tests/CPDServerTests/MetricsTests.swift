import CPDCore
import CPDServer
import CPDTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

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
