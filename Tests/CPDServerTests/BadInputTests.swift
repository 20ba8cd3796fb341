import CPDCore
import CPDServer
import CPDTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Bad input over a real socket: every one gets a 4xx (or, where the HTTP parser refuses the
/// bytes, a 400 and a closed connection), never a 5xx; slow clients are cut off.
@Suite(.serialized) struct BadInputTests {
    static let certificate = TestApp.withPDF(Samples.certificate("Nguyễn Thị Hằng"))

    /// (what it is, the raw request, the status expected).
    static var badRequests: [(String, String, Int)] {
        let id = certificate.id
        let pdfRequest = { (type: String, body: String) in
            "POST /api/v1/verify-pdf HTTP/1.1\r\nHost: t\r\nContent-Type: \(type)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        }
        let multipart = { (type: String, body: String) in
            "POST /check HTTP/1.1\r\nHost: t\r\nContent-Type: \(type)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        }
        return [
            ("path of 600 characters", get("/c/" + String(repeating: "A", count: 600)), 414),
            ("path of 10 KB", get("/c/" + String(repeating: "7", count: 10_000)), 414),
            ("path of 100 KB (over the header limit)", get("/c/" + String(repeating: "A", count: 100_000)), 400),
            ("query of 5 KB", get("/c?id=" + String(repeating: "B", count: 5_000)), 414),
            ("invalid UTF-8 in the ID", get("/c/%FF%FE%FD"), 400),
            ("invalid percent-encoding", get("/c/%zz%"), 400),
            ("NUL bytes, encoded", get("/c/%00%00"), 400),
            ("overlong UTF-8 slash", get("/c/%C0%AF"), 400),
            ("encoded slash inside the ID", get("/c/ABCD%2FEFGH"), 400),
            ("right-to-left override", get("/c/%E2%80%AE\(id.compact)"), 400),
            ("full-width digits", get("/api/v1/certificates/%EF%BC%A1%EF%BC%A2"), 400),
            ("markup after a valid ID", get("/c/\(id.compact)%3Cscript%3E"), 400),
            ("path traversal", get("/c/../../etc/passwd"), 404),
            ("path traversal into static", get("/static/../Package.swift"), 404),
            ("ID with only a percent sign", get("/c?id=%"), 400),
            ("mistyped ID in the API", get("/api/v1/certificates/\(TestApp.typo(of: id))"), 400),
            ("raw byte 0xFF in the request line", "GET /c/\u{FF} HTTP/1.1\r\nHost: t\r\n\r\n", 400),
            ("header line of 100 KB", "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: \(String(repeating: "x", count: 100_000))\r\n\r\n", 400),
            ("not HTTP at all", "GARBAGE\r\n\r\n", 400),
            ("negative Content-Length", "POST /api/v1/verify-pdf HTTP/1.1\r\nHost: t\r\nContent-Length: -1\r\n\r\n", 400),
            (
                "Content-Length and chunked together",
                "POST /api/v1/verify-pdf HTTP/1.1\r\nHost: t\r\nContent-Type: application/pdf\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                400
            ),
            (
                "malformed chunk size",
                "POST /api/v1/verify-pdf HTTP/1.1\r\nHost: t\r\nContent-Type: application/pdf\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n%PDF-\r\n0\r\n\r\n",
                400
            ),
            ("unknown method", "FOO /c/\(id) HTTP/1.1\r\nHost: t\r\n\r\n", 400),
            // A known path with a method it does not take: 405 with Allow (these rows pinned 404 before).
            ("POST to a page", "POST /c/\(id) HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n", 405),
            ("DELETE in the API", "DELETE /api/v1/certificates/\(id) HTTP/1.1\r\nHost: t\r\n\r\n", 405),
            ("API upload sent as text/plain", pdfRequest("text/plain", "%PDF-1.5"), 415),
            ("API upload with no content type", "POST /api/v1/verify-pdf HTTP/1.1\r\nHost: t\r\nContent-Length: 8\r\n\r\n%PDF-1.5", 415),
            ("API upload of a PNG", pdfRequest("application/pdf", "\u{89}PNG\r\n\u{1A}\n...."), 422),
            ("HTML with %PDF- inside (checked: no match)", pdfRequest("application/pdf", "<html><body>%PDF-</body>"), 200),
            ("API upload, empty", pdfRequest("application/pdf", ""), 400),
            ("form upload without a boundary", multipart("multipart/form-data", "x"), 415),
            ("form upload, malformed", multipart("multipart/form-data; boundary=zz", "--zz\r\nContent-Disposition: x\r\n\r\nno end"), 400),
            (
                "form upload of a zip file",
                multipart(
                    "multipart/form-data; boundary=zz",
                    "--zz\r\nContent-Disposition: form-data; name=\"pdf\"; filename=\"a.zip\"\r\n\r\nPK\u{3}\u{4}zip\r\n--zz--\r\n"), 422
            ),
            ("form upload, URL-encoded", multipart("application/x-www-form-urlencoded", "pdf=%25PDF-"), 415),
            ("fingerprint with a NUL", get("/check?sha256=%00"), 400),
            ("fingerprint of 65 digits", get("/check?sha256=" + String(repeating: "a", count: 65)), 400),
        ]
    }

    static func get(_ path: String) -> String { "GET \(path) HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n" }

    @Test func everyBadInputGetsA4xxNeverA5xx() async throws {
        let app = TestApp.make([Self.certificate]) { configuration in
            configuration.lookupLimit = .off
            configuration.uploadLimit = .off
        }
        try await app.test(.live) { client in
            let port = try #require(client.port)
            var report: [String] = []
            for (name, request, expected) in Self.badRequests {
                let status = try await offPool {
                    let connection = try RawHTTP(port: port)
                    connection.send(request)
                    return connection.status()
                }
                report.append("\(status.map(String.init) ?? "closed")  \(name)")
                #expect(status == expected, "\(name): got \(status.map(String.init) ?? "no answer"), expected \(expected)")
                #expect(status.map { $0 < 500 } ?? true, "\(name) answered with a server error")
            }
            // The list, for the record: what each bad input got.
            print("Bad inputs and their answers:\n" + report.map { "  " + $0 }.joined(separator: "\n"))
            // The server still answers afterwards.
            let after = try await offPool {
                let connection = try RawHTTP(port: port)
                connection.send(Self.get("/healthz"))
                return connection.status()
            }
            #expect(after == 200)
        }
    }

    @Test func anOversizedUploadIsRefusedBeforeItIsSent() async throws {
        try await TestApp.make([Self.certificate]).test(.live) { client in
            let port = try #require(client.port)
            let (bytes, closed) = try await offPool {
                let connection = try RawHTTP(port: port)
                connection.send(
                    "POST /api/v1/verify-pdf HTTP/1.1\r\nHost: t\r\nContent-Type: application/pdf\r\nContent-Length: 50000000\r\n\r\n%PDF-1.5\n"
                )
                return connection.readAll()
            }
            #expect(RawHTTP.status(of: bytes) == 413)
            #expect(String(decoding: bytes, as: UTF8.self).contains("\"code\" : \"payload_too_large\""))
            #expect(closed, "the connection is closed rather than the 50 MB read")
        }
    }

    @Test func aChunkedUploadOverTheLimitIs413() async throws {
        try await TestApp.make([Self.certificate]).test(.live) { client in
            let port = try #require(client.port)
            let status = try await offPool {
                let connection = try RawHTTP(port: port)
                connection.send(
                    "POST /api/v1/verify-pdf HTTP/1.1\r\nHost: t\r\nContent-Type: application/pdf\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n%PDF-\r\n"
                )
                let chunk = String(repeating: "x", count: 1 << 20)
                var sent = 0
                while sent < 6, connection.send("100000\r\n\(chunk)\r\n") { sent += 1 }
                connection.send("0\r\n\r\n")
                return connection.status()
            }
            #expect(status == 413)
        }
    }

    @Test func slowHeadersAndIdleConnectionsAreClosed() async throws {
        let app = TestApp.make([Self.certificate]) { configuration in
            configuration.idleTimeout = .milliseconds(500)
        }
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let start = ContinuousClock.now
            let (bytes, closed) = try await offPool {
                let slow = try RawHTTP(port: port, timeout: 5)
                slow.send("GET /healthz HTTP/1.1\r\nHost: t\r\n")
                return slow.readAll()
            }
            #expect(closed && bytes.isEmpty, "a client that never finishes its headers is dropped")
            #expect(ContinuousClock.now - start < .seconds(4))

            let (answer, idleClosed) = try await offPool {
                let idle = try RawHTTP(port: port, timeout: 5)
                idle.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
                return idle.readAll()
            }
            #expect(RawHTTP.status(of: answer) == 200)
            #expect(idleClosed, "a kept-alive connection left idle is closed")
        }
    }

    @Test func aBodyThatDoesNotArriveGets408() async throws {
        let app = TestApp.make([Self.certificate]) { configuration in
            configuration.requestTimeout = .milliseconds(500)
        }
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let start = ContinuousClock.now
            let (bytes, closed) = try await offPool {
                let connection = try RawHTTP(port: port, timeout: 5)
                connection.send(
                    "POST /api/v1/verify-pdf HTTP/1.1\r\nHost: t\r\nContent-Type: application/pdf\r\nContent-Length: 1000\r\n\r\n%PDF-1.5")
                return connection.readAll()
            }
            #expect(RawHTTP.status(of: bytes) == 408)
            #expect(closed)
            #expect(ContinuousClock.now - start < .seconds(4))
        }
    }

    @Test func thePeersAddressIsRateLimited() async throws {
        let app = TestApp.make([Self.certificate]) { configuration in
            configuration.lookupLimit = RateLimit(perMinute: 2, burst: 2)
        }
        try await app.test(.live) { client in
            let port = try #require(client.port)
            var statuses: [Int?] = []
            for index in 0..<3 {
                let status = try await offPool {
                    let connection = try RawHTTP(port: port)
                    // Claims of another address are not believed unless configured.
                    connection.send(
                        "GET /api/v1/certificates/\(Self.certificate.id) HTTP/1.1\r\nHost: t\r\nX-Forwarded-For: 192.0.2.\(index)\r\nConnection: close\r\n\r\n"
                    )
                    return connection.status()
                }
                statuses.append(status)
            }
            #expect(statuses == [200, 200, 429])
        }
    }
}

@Suite struct MethodNotAllowedTests {
    // Before, TRACE or DELETE on a known path answered 404 "there is no page at this address".
    @Test(arguments: [
        ("TRACE", "/healthz", "GET, HEAD"), ("DELETE", "/api/v1/certificates/\(RequestCatalogue.valid.id)", "GET, HEAD"),
        ("PUT", "/check", "GET, HEAD, POST"), ("PATCH", "/api/v1/verify-pdf", "POST"), ("OPTIONS", "/c/anything", "GET, HEAD"),
    ])
    func anUnknownMethodOnAKnownPathIs405WithAllow(method: String, uri: String, allow: String) async throws {
        let app = TestApp.make([RequestCatalogue.valid])
        try await app.test(.router) { client in
            try await client.execute(uri: uri, method: try #require(HTTPRequest.Method(method))) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == allow)
                #expect(String(response).contains("method_not_allowed") || !uri.hasPrefix("/api/"))
            }
            try await client.execute(uri: "/no/such/page", method: try #require(HTTPRequest.Method(method))) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
