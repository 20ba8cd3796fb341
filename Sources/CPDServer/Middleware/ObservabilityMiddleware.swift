import Hummingbird
import Logging

/// The outermost layer: gives every request its ID (the client's valid `X-Request-ID`, else a
/// valid `traceparent`'s trace ID, else Hummingbird's own), which goes into every log line of the
/// request as `hb.request.id` (with `trace.id` and `span.parent_id` from a `traceparent`) and back
/// in the response's `X-Request-ID`; counts and times the request by route pattern and status, and
/// logs one line per request with OpenTelemetry's field names. The query is never logged; the path
/// is, cut to 256 bytes (a certificate ID, never a name or an email).
struct ObservabilityMiddleware: RouterMiddleware {
    typealias Context = VerificationRequestContext
    let metrics: ServerMetrics
    let trust: ForwardingTrust

    @concurrent
    func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        var context = context
        let correlation = RequestCorrelation(headers: request.headers)
        if let id = correlation.requestID { context.logger[metadataKey: "hb.request.id"] = .string(id) }
        if let trace = correlation.traceID, let span = correlation.parentSpanID {
            context.logger[metadataKey: "trace.id"] = .string(trace)
            context.logger[metadataKey: "span.parent_id"] = .string(span)
        }
        var response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        response.headers[.xRequestID] = context.id
        // The pattern keeps the label set small: "/c/{id}", not every ID.
        let route = context.endpointPath ?? "unmatched"
        metrics.requestFinished(route: route, method: request.method.rawValue, status: response.status.code)
        metrics.recordRequest(route: route, duration: elapsed)
        if context.logger.logLevel <= .info {
            context.logger.info(
                "request answered",
                metadata: [
                    "http.request.method": "\(request.method.rawValue)", "http.route": "\(route)",
                    "url.path": .string(String(decoding: request.uri.path.utf8.prefix(256), as: UTF8.self)),
                    "http.response.status_code": .stringConvertible(response.status.code),
                    "http.server.request.duration": .stringConvertible(elapsed.seconds),
                    "client.address": .string(ClientAddress.address(for: request, context: context, trust: trust)),
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
    /// Seconds, to the microsecond.
    var seconds: Double { milliseconds / 1000 }

    /// Milliseconds, to the microsecond.
    var milliseconds: Double {
        (Double(components.seconds) * 1e6 + (Double(components.attoseconds) / 1e12).rounded()) / 1000
    }
}
