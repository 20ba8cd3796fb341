import CPDCore
import CPDServer
import CPDTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// No email anywhere, escaping, the security headers on every answer, rate limits, logs.
@Suite struct SafetyTests {
    static let pictures = RenderedCertificatePictures(templates: [CountingRenderer().template()])

    @Test func noResponseCarriesAnAtSignTheHeadersOrA5xx() async throws {
        let logs = LogCapture()
        let app = TestApp.make(RequestCatalogue.certificates, pictures: Self.pictures, logger: logs.logger(level: .trace))
        try await app.test(.router) { client in
            for request in RequestCatalogue.requests {
                try await client.execute(uri: request.uri, method: request.method, headers: request.headers, body: request.body) {
                    response in
                    #expect(response.status.code < 500, "\(request) answered \(response.status)")
                    for field in response.headers {
                        #expect(!field.value.contains("@"), "\(request): header \(field.name) has an @")
                    }
                    let type = response.headers[.contentType] ?? ""
                    if !type.hasPrefix("image/") {
                        #expect(!String(response).contains("@"), "\(request): the body has an @")
                    }
                    #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true, "\(request)")
                    #expect(response.headers[.contentSecurityPolicy]?.contains("unsafe-inline") == false, "\(request)")
                    #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(request)")
                    #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "\(request)")
                    #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", "\(request)")
                    #expect(response.headers[HTTPField.Name("X-Request-ID")!]?.isEmpty == false, "\(request)")
                }
            }
        }
        // Nothing the pages showed (names) or hid (emails) reached a log line at info or above.
        let lines = logs.lines(atLeast: .info)
        #expect(!lines.isEmpty)
        for line in lines {
            #expect(!line.contains("@"), "log line: \(line)")
            for certificate in RequestCatalogue.certificates {
                #expect(!line.contains(certificate.content.attendeeName), "log line: \(line)")
            }
        }
        #expect(lines.allSatisfy { $0.contains("hb.request.id=") })
    }

    @Test func pagesHaveNoInlineScriptOrStyle() async throws {
        try await TestApp.make(RequestCatalogue.certificates, pictures: Self.pictures).test(.router) { client in
            for uri in ["/", "/c/\(RequestCatalogue.valid.id)", "/check", "/c?id=hello"] {
                try await client.execute(uri: uri, method: .get) { response in
                    let body = String(response)
                    #expect(!body.contains("<style"))
                    #expect(!body.contains(" style="))
                    #expect(!body.contains("<script>"))
                    #expect(body.range(of: " on[a-z]+=", options: .regularExpression) == nil, "no inline event handlers in \(uri)")
                    #expect(body.contains("<script src=\"/static/check.js\" defer></script>"))
                }
            }
        }
    }

    @Test func lookupsAreRateLimitedPerClientWithRetryAfter() async throws {
        let certificate = RequestCatalogue.valid
        let app = TestApp.make([certificate]) { configuration in
            // Time stands still, so a slow run of these few requests cannot earn a new token
            // before the fourth (a loaded machine once took minutes over them).
            configuration.lookupLimit = RateLimit(perMinute: 1, burst: 3)
            configuration.rateLimitClock = { 1_000 }
            configuration.trustForwardedFor = true
        }
        try await app.test(.router) { client in
            for attempt in 1...4 {
                try await client.execute(
                    uri: "/api/v1/certificates/\(certificate.id)", method: .get, headers: [.xForwardedFor: "198.51.100.7"]
                ) { response in
                    if attempt <= 3 {
                        #expect(response.status == .ok)
                    } else {
                        #expect(response.status == .tooManyRequests)
                        // A token comes back every 60 s.
                        let retryAfter = try #require(response.headers[.retryAfter].flatMap { Int($0) })
                        #expect(retryAfter == 60)
                        #expect(String(response).contains("\"code\" : \"rate_limited\""))
                    }
                }
            }
            // Pages share the budget and answer in HTML.
            try await client.execute(uri: "/c/\(certificate.id)", method: .get, headers: [.xForwardedFor: "198.51.100.7"]) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(String(response).contains("Too many requests"))
            }
            // Another client is unaffected; health is never limited.
            try await client.execute(
                uri: "/api/v1/certificates/\(certificate.id)", method: .get, headers: [.xForwardedFor: "10.1.2.3, 203.0.113.9"]
            ) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/healthz", method: .get, headers: [.xForwardedFor: "198.51.100.7"]) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(String(response).contains("cpdcert_rate_limited_total{bucket=\"lookup\"} 2"))
            }
        }
    }

    /// Every route that reads the registry or takes an upload takes a token first (the limit is
    /// applied route by route, so a route registered outside `RateLimitedRoutes` would show here);
    /// the operational routes never do.
    @Test(arguments: [
        ("GET", "/"), ("GET", "/c?id=anything"), ("GET", "/c/\(RequestCatalogue.valid.id)"),
        ("GET", "/c/\(RequestCatalogue.valid.id)/certificate.png"), ("GET", "/check"), ("HEAD", "/c/\(RequestCatalogue.valid.id)"),
        ("GET", "/api/v1/certificates/\(RequestCatalogue.valid.id)"), ("GET", "/api/v1/certificates/\(RequestCatalogue.valid.id)/proof"),
        ("GET", "/api/v1/log/checkpoint"), ("GET", "/api/v1/log/consistency?from=1&to=1"), ("GET", "/api/v1/log/public-key"),
        ("POST", "/check"), ("POST", "/api/v1/verify-pdf"),
    ])
    func everyLookupAndUploadRouteIsLimited(method: String, uri: String) async throws {
        let app = TestApp.make([RequestCatalogue.valid], pictures: Self.pictures) { configuration in
            configuration.lookupLimit = RateLimit(perMinute: 1, burst: 1)
            configuration.uploadLimit = RateLimit(perMinute: 1, burst: 1)
        }
        let method = try #require(HTTPRequest.Method(method))
        try await app.test(.router) { client in
            try await client.execute(uri: uri, method: method) { response in
                #expect(response.status != .tooManyRequests, "the first \(method) \(uri) has its token")
            }
            try await client.execute(uri: uri, method: method) { response in
                #expect(response.status == .tooManyRequests, "\(method) \(uri)")
                #expect(response.headers[.retryAfter] != nil)
            }
            for free in ["/healthz", "/metrics", "/openapi.yaml"] {
                try await client.execute(uri: free, method: .get) { response in
                    #expect(response.status == .ok, "\(free) is never limited")
                }
            }
        }
    }

    @Test func uploadsHaveTheirOwnLimit() async throws {
        let certificate = RequestCatalogue.valid
        let app = TestApp.make([certificate]) { configuration in
            configuration.uploadLimit = RateLimit(perMinute: 1, burst: 1)
        }
        try await app.test(.router) { client in
            for attempt in 1...2 {
                try await client.execute(
                    uri: "/api/v1/verify-pdf", method: .post, headers: [.contentType: "application/pdf"],
                    body: ByteBuffer(bytes: TestApp.pdf(for: certificate))
                ) { response in
                    #expect(response.status == (attempt == 1 ? .ok : .tooManyRequests))
                    // At most a minute; less by however long the first request took on a loaded machine.
                    if attempt == 2 { #expect(response.headers[.retryAfter].flatMap { Int($0) }.map { (1...60).contains($0) } == true) }
                }
            }
            // Lookups are still allowed.
            try await client.execute(uri: "/api/v1/certificates/\(certificate.id)", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func forwardedForIsIgnoredUnlessTrusted() async throws {
        let certificate = RequestCatalogue.valid
        let app = TestApp.make([certificate]) { configuration in
            configuration.lookupLimit = RateLimit(perMinute: 1, burst: 1)
        }
        try await app.test(.router) { client in
            try await client.execute(uri: "/c/\(certificate.id)", method: .get, headers: [.xForwardedFor: "192.0.2.1"]) { response in
                #expect(response.status == .ok)
            }
            // A client cannot escape the limit by claiming another address.
            try await client.execute(uri: "/c/\(certificate.id)", method: .get, headers: [.xForwardedFor: "192.0.2.2"]) { response in
                #expect(response.status == .tooManyRequests)
            }
        }
    }
}

extension HTTPField.Name {
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}

/// Collects log lines as text (label, level, message, metadata), for checking what is logged.
final class LogCapture: Sendable {
    private let entries = Mutex<[(Logger.Level, String)]>([])

    func logger(level: Logger.Level) -> Logger {
        var logger = Logger(label: "test") { _ in Handler(capture: self) }
        logger.logLevel = level
        return logger
    }

    func lines(atLeast level: Logger.Level) -> [String] {
        entries.withLock { $0.filter { $0.0 >= level }.map(\.1) }
    }

    fileprivate func append(_ level: Logger.Level, _ line: String) {
        entries.withLock { $0.append((level, line)) }
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let text = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            capture.append(event.level, "\(event.level) \(event.message) \(text)")
        }
    }
}
