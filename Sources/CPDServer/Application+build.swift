public import CPDCore
import Foundation
public import Hummingbird
public import Logging

/// Builds the verification service over `registry`; `cpdcert serve` and the tests both call it.
///
/// ```swift
/// let app = buildApplication(registry: registry, configuration: .init(host: "0.0.0.0", port: 8080), logger: logger)
/// try await app.runService()
/// ```
/// Routes: `GET /c/<ID>` (HTML), `GET /api/v1/certificates/<ID>` (JSON), `GET /healthz`.
public func buildApplication(
    registry: any CertificateRegistry, configuration: ServerConfiguration = ServerConfiguration(),
    logger: Logger = Logger(label: "cpdcert.server")
) -> some ApplicationProtocol {
    let router = Router()
    router.add(middleware: SecurityHeadersMiddleware())
    let routes = VerificationRoutes(registry: registry, siteName: configuration.siteName, logger: logger)
    routes.register(on: router)
    LogRoutes(registry: registry, verifierKey: configuration.verifierKey).register(on: router)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "cpdcert"),
        logger: logger)
}
