import HTTPTypes
import Hummingbird

/// Adds the usual security headers to every response: scripts, styles and images from this
/// origin only (nothing inline), no framing, no sniffing, no referrer, no powerful features;
/// and HSTS when the request came over HTTPS, which only a trusted proxy can say (a browser
/// ignores HSTS over plain HTTP, and sending it there would promise what the server cannot keep).
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = VerificationRequestContext
    let trust: ForwardingTrust

    static var contentSecurityPolicy: String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    }

    @concurrent
    func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.crossOriginOpenerPolicy] = "same-origin"
        response.headers[.crossOriginResourcePolicy] = "same-origin"
        response.headers[.permissionsPolicy] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        if ClientAddress.isHTTPS(request, context: context, trust: trust) {
            response.headers[.strictTransportSecurity] = "max-age=31536000"
        }
        if response.headers[.cacheControl] == nil {
            // Status can change (a revocation), so answers are checked again each time.
            response.headers[.cacheControl] = "no-cache"
        }
        return response
    }
}

extension HTTPField.Name {
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let crossOriginOpenerPolicy = HTTPField.Name("Cross-Origin-Opener-Policy")!
    static let crossOriginResourcePolicy = HTTPField.Name("Cross-Origin-Resource-Policy")!
    static let permissionsPolicy = HTTPField.Name("Permissions-Policy")!
}
