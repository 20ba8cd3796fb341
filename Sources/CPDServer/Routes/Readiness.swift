import Foundation
import Hummingbird
public import Logging
import NIOCore

/// What `/readyz` checks before saying the service can answer lookups: by default that the
/// registry answers a read. `/healthz` only says the process is up.
public struct Readiness: Sendable {
    /// Throws when the service cannot answer; a `ReadinessFailure` says why in the answer.
    public let check: @Sendable () async throws -> Void

    /// Readiness as `check` decides it.
    public init(check: @escaping @Sendable () async throws -> Void) {
        self.check = check
    }

    /// 200 `{"status":"ready"}`, or 503 `{"status":"unavailable","reason":"..."}` (the cause
    /// itself is logged, not sent: it may hold a path).
    func response(logger: Logger) async throws -> Response {
        do {
            try await check()
            return Self.json(.ok, ["status": "ready"])
        } catch {
            logger.error("not ready", metadata: ["error": "\(error)"])
            let reason = (error as? ReadinessFailure)?.reason ?? "the registry cannot be read"
            var response = Self.json(.serviceUnavailable, ["status": "unavailable", "reason": reason])
            response.headers[.retryAfter] = "5"
            return response
        }
    }

    private static func json(_ status: HTTPResponse.Status, _ body: [String: String]) -> Response {
        let data = (try? APIEncoding.encoder.encode(body)) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Why the service is not ready, in words fit for anyone who asks `/readyz`.
public struct ReadinessFailure: Error, CustomStringConvertible {
    /// For the answer: no path, nothing internal.
    public var reason: String
    /// For the log line.
    public var detail: String

    /// A failure saying `reason`, with `detail` for the log.
    public init(reason: String, detail: String) {
        self.reason = reason
        self.detail = detail
    }

    public var description: String { "\(reason): \(detail)" }
}
