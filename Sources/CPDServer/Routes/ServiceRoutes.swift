import Crypto
import Hummingbird
import Logging
import NIOCore

/// Routes for operators and browsers, never rate-limited: liveness, readiness, metrics (unless
/// they have a listener of their own), the OpenAPI document, and the stylesheet and script the pages load.
struct ServiceRoutes {
    let service: VerificationService
    let stylesheet: StaticFile
    let readiness: Readiness
    let script = StaticFile(text: CheckScript.javascript, contentType: "text/javascript; charset=utf-8")
    let openAPI = StaticFile(text: OpenAPIDocument.yaml, contentType: "application/yaml")

    init(service: VerificationService, stylesheet: StaticFile, readiness: Readiness) {
        self.service = service
        self.stylesheet = stylesheet
        self.readiness = readiness
    }

    func register(on router: Router<VerificationRequestContext>) {
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        router.get("/readyz") { _, context in try await readiness.response(logger: context.logger) }
        if service.configuration.metricsAddress == nil {
            MetricsRoutes(metrics: service.metrics).register(on: router)
        }
        router.get("/openapi.yaml") { request, _ in openAPI.response(to: request) }
        router.get("/static/site.css") { request, _ in stylesheet.response(to: request) }
        router.get("/static/check.js") { request, _ in script.response(to: request) }
    }
}

/// A file served from memory with a strong ETag.
struct StaticFile: Sendable {
    let bytes: ByteBuffer
    let contentType: String
    let etag: String

    init(text: String, contentType: String) {
        bytes = ByteBuffer(string: text)
        self.contentType = contentType
        etag =
            "\"" + Crypto.SHA256.hash(data: Array(text.utf8)).prefix(8).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() + "\""
    }

    /// The URL path with the ETag as a version, so pages can ask browsers to cache it for long.
    func versioned(_ path: String) -> String { "\(path)?v=\(etag.dropFirst().dropLast())" }

    func response(to request: Request) -> Response {
        var headers: HTTPFields = [.contentType: contentType, .eTag: etag, .cacheControl: "public, max-age=86400"]
        if request.headers[.ifNoneMatch] == etag {
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: bytes))
    }
}
