public import CPDCore
import Foundation
public import Hummingbird
import HummingbirdCore
public import Logging
import NIOCore

/// Builds the verification service; `cpdcert serve` and the tests both call it.
///
/// ```swift
/// let registry = try SQLiteCertificateRegistry(path: "cpdcert.sqlite", readOnly: true)
/// let app = buildApplication(
///     registry: registry, pdfHashes: registry, pictures: RenderedCertificatePictures(templates: templates),
///     configuration: ServerConfiguration(host: "0.0.0.0", port: 8080, siteName: "Policy Foresight"), logger: logger)
/// try await app.runService()
/// ```
/// Pages: `/`, `/c?id=`, `/c/<ID>`, `/c/<ID>/certificate.png`, `/c/<ID>/certificate.pdf`, `/check`. API:
/// `GET /api/v1/certificates/<ID>`, `.../<ID>/pdf` and `.../<ID>/credential`, `/.well-known/did.json`, `/status/1`,
/// `POST /api/v1/verify-pdf`, the transparency log under `/api/v1/log/` and `.../<ID>/proof`. Operations:
/// `/healthz`, `/readyz`, `/metrics`, `/openapi.yaml`. The routes are exactly the paths of `/openapi.yaml`.
public func buildApplication(
    registry: any CertificateRegistry, pdfHashes: any PDFHashLookup, pictures: any CertificatePictures = NoCertificatePictures(),
    pdfs: any CertificatePDFs = NoCertificatePDFs(), configuration: ServerConfiguration = ServerConfiguration(),
    logger: Logger = Logger(label: "cpdcert.server"),
    readiness: Readiness? = nil, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    buildApplication(
        registry: registry, pdfHashes: pdfHashes, pictures: pictures, pdfs: pdfs, configuration: configuration, logger: logger,
        readiness: readiness, metrics: ServerMetrics(version: configuration.build.version, commit: configuration.build.commit),
        onServerRunning: onServerRunning)
}

func buildApplication(
    registry: any CertificateRegistry, pdfHashes: any PDFHashLookup, pictures: any CertificatePictures,
    pdfs: any CertificatePDFs = NoCertificatePDFs(), configuration: ServerConfiguration, logger: Logger, readiness: Readiness?,
    metrics: ServerMetrics,
    onServerRunning: @escaping @Sendable (Int) async -> Void
) -> some ApplicationProtocol {
    let router = buildRouter(
        registry: registry, pdfHashes: pdfHashes, pictures: pictures, pdfs: pdfs, configuration: configuration,
        readiness: readiness, metrics: metrics)
    let idle = configuration.idleTimeout
    let requestTimeout = configuration.requestTimeout
    return Application(
        router: router,
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [RequestDeadlineHandler(timeout: TimeAmount(requestTimeout))],
                idleTimeout: TimeAmount(idle))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "cpdcert"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
        logger: logger)
}

/// The service's router: middleware and every route (the tests compare its routes with the
/// OpenAPI document, so neither can drift from the other).
func buildRouter(
    registry: any CertificateRegistry, pdfHashes: any PDFHashLookup, pictures: any CertificatePictures,
    pdfs: any CertificatePDFs = NoCertificatePDFs(), configuration: ServerConfiguration, readiness: Readiness? = nil,
    metrics: ServerMetrics = ServerMetrics()
) -> Router<VerificationRequestContext> {
    let router = Router(context: VerificationRequestContext.self, options: .autoGenerateHeadEndpoints)
    let stylesheet = StaticFile(text: Stylesheet.css(brand: configuration.brandColour), contentType: "text/css; charset=utf-8")
    let layout = Layout(siteName: configuration.siteName, stylesheetURL: stylesheet.versioned("/static/site.css"))
    let service = VerificationService(
        registry: registry, pdfHashes: pdfHashes, pictures: pictures, pdfs: pdfs, configuration: configuration, layout: layout,
        metrics: metrics)

    // Outermost first: count and log everything, then headers, then errors into responses.
    router.add(middleware: ObservabilityMiddleware(metrics: metrics, trust: configuration.forwardingTrust))
    router.add(middleware: SecurityHeadersMiddleware(trust: configuration.forwardingTrust))
    let routes = RoutePatterns()
    router.add(middleware: ErrorMiddleware(layout: layout, routes: routes))
    router.add(middleware: RequestLimitsMiddleware(maxLength: configuration.maxPathLength))

    let readiness = readiness ?? Readiness { _ = try await registry.logSize() }
    ServiceRoutes(service: service, stylesheet: stylesheet, readiness: readiness).register(on: router)
    func limited(_ limit: RateLimit, name: String) -> RateLimitedRoutes {
        metrics.registerRateLimit(name)
        return RateLimitedRoutes(
            router: router,
            gate: RateLimitGate(
                limiter: RateLimiter(limit: limit, now: configuration.rateLimitClock), name: name, trust: configuration.forwardingTrust,
                metrics: metrics))
    }
    let lookups = limited(configuration.lookupLimit, name: "lookup")
    PageRoutes(service: service).register(on: lookups)
    APIRoutes(service: service).register(on: lookups)
    CredentialRoutes(service: service).register(on: lookups)
    PDFCheckRoutes(service: service).registerLookups(on: lookups)
    LogRoutes(service: service, verifierKey: configuration.verifierKey).register(on: lookups)
    let uploads = limited(configuration.uploadLimit, name: "upload")
    PDFCheckRoutes(service: service).registerUploads(on: uploads)
    routes.load(from: router)
    return router
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
