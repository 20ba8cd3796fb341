import CPDCore
import CPDTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// docs/deployment.md's nginx configuration, run: Debian's nginx with TLS (a self-signed
/// certificate openssl makes here) in front of `cpdcert serve --trust-forwarded-for 127.0.0.1`.
/// Clients reach nginx from 127.0.0.2 and 127.0.0.3 (loopback addresses of their own), nginx reaches
/// the service from 127.0.0.1.
@Suite(.serialized) struct ProxyEndToEndTests {
    static let nginx = "/usr/sbin/nginx"

    /// A TCP port free just now on 127.0.0.1.
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        try #require(bound, "no free port")
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The fenced nginx block of docs/deployment.md, made to listen on `https` and `http`, with
    /// the test's certificate, in front of the service on `upstream`, wrapped in a whole nginx.conf.
    static func configuration(https: Int, http: Int, upstream: Int, certificate: String, key: String, folder: URL) throws -> String {
        let doc = try String(contentsOf: Samples.packageRoot.appendingPathComponent("docs/deployment.md"), encoding: .utf8)
        let start = try #require(doc.range(of: "```nginx\n"))
        let end = try #require(doc.range(of: "```", range: start.upperBound..<doc.endIndex))
        var server = String(doc[start.upperBound..<end.lowerBound])
        for (from, to) in [
            ("listen 443 ssl;", "listen 127.0.0.1:\(https) ssl;"), ("listen 80;", "listen 127.0.0.1:\(http);"),
            ("/etc/ssl/certs/verify.example.org.pem", certificate), ("/etc/ssl/private/verify.example.org.key", key),
            ("http://127.0.0.1:8080", "http://127.0.0.1:\(upstream)"),
        ] {
            #expect(server.contains(from), "docs/deployment.md's nginx block no longer has '\(from)'")
            server = server.replacingOccurrences(of: from, with: to)
        }
        let temp = folder.appendingPathComponent("nginx-temp").path
        return """
            worker_processes 1;
            pid \(folder.appendingPathComponent("nginx.pid").path);
            error_log stderr warn;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path \(temp)/body;
                proxy_temp_path \(temp)/proxy;
                fastcgi_temp_path \(temp)/fastcgi;
                uwsgi_temp_path \(temp)/uwsgi;
                scgi_temp_path \(temp)/scgi;
            \(server)
            }
            """
    }

    /// Status and headers of a GET by curl from the loopback address `address`.
    static func get(_ url: String, from address: String, cacert: String? = nil, headers: [String] = []) throws -> (
        status: Int, headers: [String: String]
    ) {
        let answer = try ServeFixtures.get(
            url, ["-o", "/dev/null", "--interface", address] + (cacert.map { ["--cacert", $0] } ?? []) + headers.flatMap { ["-H", $0] })
        return (answer.status, answer.headers)
    }

    // The one skip: without nginx (CI installs nginx-light with make deps).
    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: ProxyEndToEndTests.nginx),
            "/usr/sbin/nginx is absent: install nginx-light (make deps does) to run the proxy test"))
    func throughNginxOverHTTPSTheVerificationPageHasHSTSAndTheLimiterSeesTheClient() throws {
        let folder = try ExternalTool.temporaryDirectory("e2e-proxy")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("nginx-temp"), withIntermediateDirectories: true)
        let certificate = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let openssl = try ExternalTool.run(
            "openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "2", "-subj",
                "/CN=verify.example.org", "-addext", "subjectAltName=DNS:verify.example.org,IP:127.0.0.1",
            ])
        try #require(openssl.status == 0, "openssl: \(openssl.stderr)")

        let (registry, id) = try ServeFixtures.issuedExample(in: folder)

        // One lookup per client, so the second from one client is refused.
        let server = try BackgroundProcess(
            EndToEndTests.binary,
            [
                "serve", "--registry", registry, "--host", "127.0.0.1", "--port", "0", "--trust-forwarded-for", "127.0.0.1",
                "--lookups-per-minute", "1", "--log-format", "json",
            ], environment: ["CPDCERT_REGISTRY": "", "CPDCERT_KEYS": EndToEndTests.noKeys], directory: folder)
        defer { server.stop() }
        let base = try #require(server.servingBase(), "serve did not start: \(server.printed.stderr)")
        let upstream = try #require(Int(base.split(separator: ":").last ?? ""))

        let https = try Self.freePort(), http = try Self.freePort()
        let conf = folder.appendingPathComponent("nginx.conf")
        try Self.configuration(https: https, http: http, upstream: upstream, certificate: certificate, key: key, folder: folder)
            .write(to: conf, atomically: true, encoding: .utf8)
        let test = try ExternalTool.run(Self.nginx, ["-t", "-q", "-e", "stderr", "-c", conf.path, "-p", folder.path])
        try #require(test.status == 0, "nginx -t: \(test.stderr)")
        let proxy = try BackgroundProcess(Self.nginx, ["-e", "stderr", "-c", conf.path, "-p", folder.path, "-g", "daemon off;"])
        defer { proxy.stop() }
        // Wait until nginx accepts connections.
        var up = false
        for _ in 0..<100 where !up {
            up =
                (try? ExternalTool.run("curl", ["-s", "-o", "/dev/null", "--cacert", certificate, "https://127.0.0.1:\(https)/healthz"]))?
                .status == 0
            if !up { Thread.sleep(forTimeInterval: 0.1) }
        }
        try #require(up, "nginx did not start: \(proxy.printed.stderr)")

        // The verification page through HTTPS, checked against the test's own CA: HSTS is there.
        let page = try Self.get("https://127.0.0.1:\(https)/c/\(id)", from: "127.0.0.2", cacert: certificate)
        #expect(page.status == 200)
        #expect(page.headers["strict-transport-security"] == "max-age=31536000")
        #expect(page.headers["content-security-policy"]?.contains("default-src 'none'") == true)
        let requestID = try #require(page.headers["x-request-id"])
        #expect(requestID.count == 32, "nginx's $request_id is carried: \(requestID)")

        // Plain HTTP straight to the service: no HSTS, even when the client claims HTTPS.
        let direct = try Self.get("\(base)/healthz", from: "127.0.0.1")
        #expect(direct.status == 200)
        #expect(direct.headers["strict-transport-security"] == nil)
        let claimed = try Self.get("http://127.0.0.1:\(upstream)/healthz", from: "127.0.0.2", headers: ["X-Forwarded-Proto: https"])
        #expect(claimed.headers["strict-transport-security"] == nil)
        // nginx's plain HTTP port redirects to HTTPS.
        let redirect = try Self.get("http://127.0.0.1:\(http)/c/\(id)", from: "127.0.0.2")
        #expect(redirect.status == 301)
        #expect(redirect.headers["location"]?.hasPrefix("https://") == true)

        // The limiter counts the client behind nginx, not nginx: 127.0.0.2 has spent its lookup
        // (a forged X-Forwarded-For does not help it), 127.0.0.3 has its own.
        let again = try Self.get(
            "https://127.0.0.1:\(https)/c/\(id)", from: "127.0.0.2", cacert: certificate, headers: ["X-Forwarded-For: 198.51.100.99"])
        #expect(again.status == 429)
        let other = try Self.get("https://127.0.0.1:\(https)/c/\(id)", from: "127.0.0.3", cacert: certificate)
        #expect(other.status == 200)

        Thread.sleep(forTimeInterval: 0.3)
        let lines = server.printed.stderr.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let clients = lines.filter { $0["message"] as? String == "request answered" && $0["url.path"] as? String == "/c/\(id)" }
            .compactMap { $0["client.address"] as? String }
        #expect(clients == ["127.0.0.2", "127.0.0.2", "127.0.0.3"], "\(server.printed.stderr.suffix(3000))")
        #expect(lines.contains { $0["hb.request.id"] as? String == requestID })
    }
}
