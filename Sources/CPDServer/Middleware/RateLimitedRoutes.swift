import Hummingbird
import Logging

/// Routes that share one rate limit, keyed by client address: each request first takes a token
/// (429 with Retry-After when there is none), then its handler runs.
///
/// Register every limited route through this type. The check is made at the start of the route's
/// own handler rather than by a middleware on a route group: in Hummingbird each middleware layer
/// costs every request about seven executor hops (its responder, its closures and its `handle`,
/// counted with a uprobe on `swift_task_switch`), some 3 µs, a sixth of what a JSON lookup costs
/// beyond `/healthz`; a call at the top of the handler costs nothing of the kind.
struct RateLimitedRoutes {
    /// What runs once the request has its token; runs on the caller's executor (no hop).
    typealias Handler = nonisolated(nonsending) @Sendable (Request, VerificationRequestContext) async throws -> Response

    private let router: Router<VerificationRequestContext>
    private let gate: RateLimitGate

    init(router: Router<VerificationRequestContext>, gate: RateLimitGate) {
        self.router = router
        self.gate = gate
    }

    func get(_ path: RouterPath, use handler: @escaping Handler) {
        router.get(path, use: limited(handler))
    }

    func post(_ path: RouterPath, use handler: @escaping Handler) {
        router.post(path, use: limited(handler))
    }

    /// `handler`, after the request has taken its token.
    private func limited(_ handler: @escaping Handler) -> @Sendable (Request, VerificationRequestContext) async throws -> Response {
        let gate = gate
        return { request, context in
            try gate.admit(request, context)
            return try await handler(request, context)
        }
    }
}

/// One rate limit and how it is reported: the `name` labels its metric and log line.
struct RateLimitGate: Sendable {
    let limiter: RateLimiter
    let name: String
    let trust: ForwardingTrust
    let metrics: ServerMetrics

    /// Takes a token for the request's client, or throws the 429 answer.
    func admit(_ request: Request, _ context: VerificationRequestContext) throws {
        let key = ClientAddress.key(for: request, context: context, trust: trust)
        if case .refused(let retryAfter) = limiter.take(key) {
            metrics.rateLimited(name)
            context.logger.notice("rate limited", metadata: ["rate_limit.bucket": "\(name)", "client.address": "\(key)"])
            throw ServiceError.rateLimited(retryAfter: retryAfter)
        }
    }
}
