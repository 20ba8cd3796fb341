import Hummingbird
import Logging

/// The outermost layer: gives every response its request ID (`X-Request-ID`, also in every log
/// line of the request as `hb.request.id`), counts it by route pattern and status, and logs one
/// line per request. Only the route pattern, never the query, is logged; no name, no email.
struct ObservabilityMiddleware: RouterMiddleware {
    typealias Context = VerificationRequestContext
    let metrics: ServerMetrics

    @concurrent
    func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        var response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        response.headers[.xRequestID] = context.id
        // The pattern keeps the label set small: "/c/{id}", not every ID.
        let route = context.endpointPath ?? "unmatched"
        metrics.requestFinished(route: route, method: request.method.rawValue, status: response.status.code)
        if context.logger.logLevel <= .info {
            context.logger.info(
                "request answered",
                metadata: [
                    "http.method": "\(request.method.rawValue)", "http.route": "\(route)", "http.status": "\(response.status.code)",
                    "http.duration_ms": "\(elapsed.milliseconds)",
                ])
        }
        return response
    }
}

/// Refuses over-long paths and queries with 414 before any route sees them.
struct RequestLimitsMiddleware: RouterMiddleware {
    typealias Context = VerificationRequestContext
    let maxLength: Int

    @concurrent
    func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let uri = request.uri
        guard uri.path.utf8.count <= maxLength, (uri.query?.utf8.count ?? 0) <= maxLength * 2 else {
            throw ServiceError(
                .uriTooLong, .uriTooLong, title: "The address is too long", message: "the address is longer than any page here")
        }
        return try await next(request, context)
    }
}

extension Duration {
    /// Milliseconds, to the microsecond.
    var milliseconds: Double {
        (Double(components.seconds) * 1e6 + (Double(components.attoseconds) / 1e12).rounded()) / 1000
    }
}
