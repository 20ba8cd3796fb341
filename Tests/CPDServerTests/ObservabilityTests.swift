import CPDCore
import CPDTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import CPDServer

/// Request IDs from the client or its trace, carried into every log line and back; JSON log
/// lines that parse; HSTS only over HTTPS as a trusted proxy says.
@Suite struct ObservabilityTests {
    /// JSON lines a `JSONLogHandler` wrote, parsed.
    final class JSONLines: Sendable {
        private let lines = Mutex<[String]>([])

        func logger(level: Logger.Level = .info) -> Logger {
            var logger = Logger(label: "cpdcert.server") {
                JSONLogHandler(label: $0, sink: { line in self.lines.withLock { $0.append(line) } })
            }
            logger.logLevel = level
            return logger
        }

        var text: [String] { lines.withLock { $0 } }

        func objects() throws -> [[String: Any]] {
            try text.map { line in
                #expect(line.hasSuffix("\n") && line.dropLast().firstIndex(of: "\n") == nil, "one line: \(line)")
                return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            }
        }
    }

    @Test func aValidRequestIDIsEchoedAndLoggedAsTheJSONFieldsSay() async throws {
        let certificate = Samples.certificate("Ngozi Adébáyọ̀")
        let logs = JSONLines()
        try await TestApp.make([certificate], logger: logs.logger()).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/certificates/\(certificate.id)", method: .get, headers: [.xRequestID: "req-7f3a/2026.e"]
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.xRequestID] == "req-7f3a/2026.e")
            }
        }
        let line = try #require(try logs.objects().first { $0["message"] as? String == "request answered" })
        #expect(line["hb.request.id"] as? String == "req-7f3a/2026.e")
        #expect(line["http.request.method"] as? String == "GET")
        #expect(line["url.path"] as? String == "/api/v1/certificates/\(certificate.id)")
        #expect(line["http.route"] as? String == "/api/v1/certificates/{id}")
        #expect(line["http.response.status_code"] as? Int == 200)
        #expect((line["http.server.request.duration"] as? Double ?? -1) >= 0)
        #expect(line["level"] as? String == "info")
        #expect(line["logger"] as? String == "cpdcert.server")
        let timestamp = try #require(line["timestamp"] as? String)
        #expect(timestamp.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "\(timestamp)")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let date = try #require(formatter.date(from: timestamp))
        #expect(abs(date.timeIntervalSinceNow) < 60)
        // No name, no email in any line.
        #expect(!logs.text.joined().contains("Ngozi") && !logs.text.joined().contains("@"))
    }

    @Test(arguments: [
        "", String(repeating: "a", count: 129), "has space", "tab\there", "line\nbreak", "naïve", "\u{7F}",
    ])
    func anInvalidRequestIDIsReplacedNotEchoed(id: String) async throws {
        let logs = JSONLines()
        try await TestApp.make([], logger: logs.logger()).test(.router) { client in
            var headers = HTTPFields()
            headers.append(HTTPField(name: .xRequestID, value: id))
            try await client.execute(uri: "/healthz", method: .get, headers: headers) { response in
                let echoed = try #require(response.headers[.xRequestID])
                #expect(echoed != id)
                #expect(RequestCorrelation.isValidRequestID(echoed))
            }
        }
        let line = try #require(try logs.objects().first)
        #expect(line["hb.request.id"] as? String != id)
    }

    @Test func aTraceparentsTraceIDBecomesTheRequestIDInEveryLineOfTheRequest() async throws {
        let logs = JSONLines()
        let trace = "4bf92f3577b34da6a3ce929d0e0e4736", span = "00f067aa0ba902b7"
        let certificate = Samples.certificate("Aarav Iyer")
        let app = TestApp.make([certificate], logger: logs.logger()) { $0.lookupLimit = RateLimit(perMinute: 1, burst: 1) }
        try await app.test(.router) { client in
            for expected in [HTTPResponse.Status.ok, .tooManyRequests] {
                try await client.execute(
                    uri: "/api/v1/certificates/\(certificate.id)", method: .get, headers: [.traceparent: "00-\(trace)-\(span)-01"]
                ) { response in
                    #expect(response.status == expected)
                    #expect(response.headers[.xRequestID] == trace)
                }
            }
            // A request without either gets a fresh ID of its own.
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.headers[.xRequestID]?.isEmpty == false)
                #expect(response.headers[.xRequestID] != trace)
            }
        }
        let objects = try logs.objects()
        let traced = objects.filter { $0["trace.id"] as? String == trace }
        // The rate limiter's line inside the request and the request lines all carry it.
        #expect(traced.map { $0["message"] as? String } == ["request answered", "rate limited", "request answered"])
        #expect(traced.allSatisfy { $0["hb.request.id"] as? String == trace && $0["span.parent_id"] as? String == span })
        #expect(objects.count == 4)
    }

    @Test(arguments: [
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", true),
        ("00-00000000000000000000000000000000-00f067aa0ba902b7-01", false),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", false),
        ("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", false),
        ("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", false),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", false),
        ("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", true),
        ("00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01", false),
    ])
    func traceparentIsParsedAsW3CSays(header: String, valid: Bool) {
        #expect((RequestCorrelation.parseTraceparent(header) != nil) == valid, "\(header)")
    }

    @Test func jsonLogTextEscapesControlCharactersAndKeepsNumbers() throws {
        let logs = JSONLines()
        logs.logger().info(
            "line \"one\"\n\u{1B}[2J", metadata: ["count": .stringConvertible(3), "ratio": .stringConvertible(0.5), "list": ["a", "b"]])
        let object = try #require(try logs.objects().first)
        #expect(object["message"] as? String == "line \"one\"\n\u{1B}[2J")
        #expect(object["count"] as? Int == 3)
        #expect(object["ratio"] as? Double == 0.5)
        #expect(object["list"] as? [String] == ["a", "b"])
        #expect(!logs.text[0].contains("\u{1B}"))
    }

    @Test func hstsOnlyWhenATrustedProxySaysTheRequestCameOverHTTPS() async throws {
        // A long idle timeout: the test client keeps one connection, which a loaded machine's
        // pauses between requests must not see closed.
        let app = TestApp.make([]) { configuration in
            configuration.forwardingTrust = ForwardingTrust(proxies: ["127.0.0.1"])
            configuration.idleTimeout = .seconds(3600)
        }
        try await app.test(.live) { client in
            try await client.execute(uri: "/healthz", method: .get, headers: [.xForwardedProto: "https"]) { response in
                #expect(response.headers[.strictTransportSecurity] == "max-age=31536000")
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.headers[.strictTransportSecurity] == nil)
            }
            try await client.execute(uri: "/healthz", method: .get, headers: [.xForwardedProto: "http"]) { response in
                #expect(response.headers[.strictTransportSecurity] == nil)
            }
        }
        // From a peer that is not the proxy, the header is the client's own claim.
        let untrusted = TestApp.make([]) { configuration in
            configuration.forwardingTrust = ForwardingTrust(proxies: ["192.0.2.10"])
            configuration.idleTimeout = .seconds(3600)
        }
        try await untrusted.test(.live) { client in
            try await client.execute(uri: "/healthz", method: .get, headers: [.xForwardedProto: "https"]) { response in
                #expect(response.headers[.strictTransportSecurity] == nil)
            }
        }
    }

    @Test func forwardedForCountsOnlyFromTheTrustedProxysAddress() async throws {
        let certificate = Samples.certificate("Zhou Xiaoming 周晓明")
        for (proxies, limitedAfter) in [(["127.0.0.1"], false), (["192.0.2.10"], true)] {
            let app = TestApp.make([certificate]) { configuration in
                configuration.lookupLimit = RateLimit(perMinute: 1, burst: 1)
                configuration.forwardingTrust = ForwardingTrust(proxies: Set(proxies))
                configuration.idleTimeout = .seconds(3600)
            }
            try await app.test(.live) { client in
                for (index, address) in ["198.51.100.7", "203.0.113.9"].enumerated() {
                    try await client.execute(
                        uri: "/api/v1/certificates/\(certificate.id)", method: .get, headers: [.xForwardedFor: address]
                    ) { response in
                        // Two clients behind the trusted proxy each have a token; from an untrusted
                        // peer both requests are the peer's, and the second is refused.
                        #expect(response.status == (index == 1 && limitedAfter ? .tooManyRequests : .ok), "\(proxies) \(address)")
                    }
                }
            }
        }
    }
}
