public import CPDCore
import Hummingbird
public import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// The verification service and, when `ServerConfiguration.metricsAddress` is set, a second
/// listener that serves only `/metrics` (the public one then has none), run together until
/// SIGTERM or SIGINT. `cpdcert serve` runs it.
///
/// ```swift
/// var configuration = ServerConfiguration(host: "0.0.0.0", port: 8080)
/// configuration.metricsAddress = (host: "127.0.0.1", port: 9090)
/// let server = buildServer(registry: registry, pdfHashes: registry, configuration: configuration, logger: logger)
/// try await server.run()
/// ```
public struct VerificationServer: Sendable {
    let services: [any Service]
    let logger: Logger

    /// Runs every listener until a shutdown signal; the first to fail stops the rest.
    public func run() async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0, successTerminationBehavior: .gracefullyShutdownGroup) },
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// The service of `buildApplication`, with its metrics on a listener of their own when configured.
/// `onServerRunning` and `onMetricsRunning` receive the ports in use.
public func buildServer(
    registry: any CertificateRegistry, pdfHashes: any PDFHashLookup, pictures: any CertificatePictures = NoCertificatePictures(),
    pdfs: any CertificatePDFs = NoCertificatePDFs(), configuration: ServerConfiguration, logger: Logger, readiness: Readiness? = nil,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in },
    onMetricsRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> VerificationServer {
    let metrics = ServerMetrics(version: configuration.build.version, commit: configuration.build.commit)
    let app = buildApplication(
        registry: registry, pdfHashes: pdfHashes, pictures: pictures, pdfs: pdfs, configuration: configuration, logger: logger,
        readiness: readiness, metrics: metrics, onServerRunning: onServerRunning)
    var services: [any Service] = [app]
    if let address = configuration.metricsAddress {
        services.append(
            buildMetricsApplication(
                metrics: metrics, host: address.host, port: address.port, logger: logger, onServerRunning: onMetricsRunning))
    }
    return VerificationServer(services: services, logger: logger)
}

/// A listener with `/metrics` alone (anything else is 404), for a port only the scraper reaches.
func buildMetricsApplication(
    metrics: ServerMetrics, host: String, port: Int, logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void
) -> some ApplicationProtocol {
    let router = Router()
    MetricsRoutes(metrics: metrics).register(on: router)
    return Application(
        router: router, configuration: .init(address: .hostname(host, port: port), serverName: "cpdcert"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) }, logger: logger)
}
