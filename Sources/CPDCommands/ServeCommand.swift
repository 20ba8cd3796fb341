import ArgumentParser
import CPDCore
import CPDImport
import CPDLedger
import CPDOperations
import CPDRegistry
import CPDRender
import CPDServer
import Foundation
import Hummingbird
import Logging

/// `cpdcert serve`: the verification pages, the JSON API, health and metrics.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve certificate verification pages and the JSON API.",
        discussion: """
            Pages: / and /c?id= (lenient ID form), /c/<ID>, /c/<ID>/certificate.png, /check (PDF upload).

            API: GET /api/v1/certificates/<ID>, POST /api/v1/verify-pdf (described at /openapi.yaml); the \
            transparency log at /api/v1/certificates/<ID>/proof, /api/v1/log/checkpoint, \
            /api/v1/log/consistency?from=N&to=M and /api/v1/log/public-key.

            Operations: GET /healthz (liveness), GET /readyz (the registry answers a read; 503 with a reason when not), \
            GET /metrics (Prometheus; on its own listener with --metrics-address). The registry is opened read-only.

            Logs go to standard error, as text or (--log-format json) one JSON object a line; each request's lines \
            carry its ID (the client's X-Request-ID or traceparent, else a new one), sent back as X-Request-ID.
            """)

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var keys: KeyOptions

    @Option(help: "Address to bind.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one; the address in use is printed).")
    var port = 8080

    @Option(help: ArgumentHelp("The organiser's name, shown in every page's header.", valueName: "name"))
    var siteName = ServerConfiguration().siteName

    @Option(help: ArgumentHelp("The organiser's colour for the header, as #rrggbb.", valueName: "colour"))
    var brandColour = BrandColour.default.description

    @Option(
        help: ArgumentHelp("Templates folder, for certificate pictures (default: $CPDCERT_TEMPLATES, else ./Templates).", valueName: "dir"))
    var templates: String?

    @Option(help: ArgumentHelp("Assets folder (default: $CPDCERT_ASSETS, else ./Assets).", valueName: "dir"))
    var assets: String?

    @Option(help: ArgumentHelp("Lookups (pages, pictures, API) per minute per client address; 0 turns the limit off.", valueName: "n"))
    var lookupsPerMinute = ServerConfiguration().lookupLimit.perMinute

    @Option(help: ArgumentHelp("PDF uploads per minute per client address; 0 turns the limit off.", valueName: "n"))
    var uploadsPerMinute = ServerConfiguration().uploadLimit.perMinute

    @Option(
        help: ArgumentHelp(
            "The reverse proxy's address: from it, X-Forwarded-For names the client (for rate limits and logs) and "
                + "X-Forwarded-Proto says whether it came over HTTPS (for HSTS). Repeat, or separate with commas, for several.",
            valueName: "address"))
    var trustForwardedFor: [String] = []

    @Option(
        help: ArgumentHelp(
            "Serve /metrics on this address instead of the public one, e.g. 127.0.0.1:9090 (port 0 picks a free one).",
            valueName: "host:port"))
    var metricsAddress: String?

    @Option(help: ArgumentHelp("Log lines as text or json (one object a line).", valueName: "format"))
    var logFormat = "text"

    @Option(help: ArgumentHelp("Close connections idle (or sending headers) this many seconds.", valueName: "s"))
    var idleTimeout = 30

    @Option(help: ArgumentHelp("Answer 408 when a request body takes longer than this many seconds.", valueName: "s"))
    var requestTimeout = 30

    @Option(
        help: ArgumentHelp(
            "Log level: trace, debug, info, notice, warning, error or critical (default: $CPDCERT_LOG_LEVEL, else info).",
            valueName: "level"))
    var logLevel: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, found \(port)") }
        guard (1...3600).contains(idleTimeout), (1...3600).contains(requestTimeout) else {
            throw ValidationError("--idle-timeout and --request-timeout must be between 1 and 3600 seconds")
        }
        guard lookupsPerMinute >= 0, uploadsPerMinute >= 0 else { throw ValidationError("rate limits must be 0 (off) or more") }
        if let logLevel, Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical; found '\(logLevel)'")
        }
        guard LogFormat(rawValue: logFormat) != nil else {
            throw ValidationError("--log-format must be text or json; found '\(logFormat)'")
        }
        _ = try proxies()
        _ = try metricsListener()
        do {
            _ = try BrandColour(parsing: brandColour)
        } catch {
            throw ValidationError("--brand-colour: \(error)")
        }
    }

    func run() async throws {
        let level = try logLevel.flatMap(Logger.Level.init(rawValue:)) ?? LogLevelSetting.fromEnvironment() ?? .info
        let logger = (LogFormat(rawValue: logFormat) ?? .text).logger(label: "cpdcert.server", level: level)
        let opened = try registry.opened(readOnly: true)
        if opened.isSnapshot {
            Console.error(
                "warning: \(registry.path) is in a folder this process cannot write and has no -shm file beside it, so it is "
                    + "served as a snapshot: once a writing command opens it, lookups fail until serve is restarted. Run any "
                    + "writing cpdcert command on it once (writers keep the -wal and -shm files) to serve it live.")
        }
        var configuration = ServerConfiguration(host: host, port: port, siteName: siteName)
        configuration.brandColour = try BrandColour(parsing: brandColour)
        configuration.lookupLimit = RateLimit(perMinute: lookupsPerMinute)
        configuration.uploadLimit = RateLimit(perMinute: uploadsPerMinute)
        configuration.forwardingTrust = ForwardingTrust(proxies: try proxies())
        configuration.metricsAddress = try metricsListener()
        configuration.idleTimeout = .seconds(idleTimeout)
        configuration.requestTimeout = .seconds(requestTimeout)
        configuration.verifierKey = try keys.verifier(nil)?.text
        let pictures = try loadPictures(
            dpi: configuration.pictureDPI, cacheSize: configuration.pictureCacheSize, archive: opened.registry, logger: logger)
        let registryPath = registry.path
        let metricsHost = configuration.metricsAddress?.host ?? ""
        let server = buildServer(
            registry: opened.registry, pdfHashes: opened.pdfHashes, pictures: pictures, configuration: configuration,
            logger: logger, readiness: Self.readiness(of: opened.registry, at: registryPath),
            onServerRunning: { port in
                Console.print("cpdcert: serving http://\(host):\(port)/ from \(registryPath) (read-only)")
            },
            onMetricsRunning: { port in Console.print("cpdcert: metrics at http://\(metricsHost):\(port)/metrics") })
        try await server.run()
    }

    /// Pictures from the registry's archive of rendering inputs, and every template in the
    /// templates folder, for drawing pictures of certificates issued before the archive with it.
    private func loadPictures(dpi: Double, cacheSize: Int, archive: any RenderingArchive, logger: Logger) throws
        -> any CertificatePictures
    {
        let loader = ArchivedRenderingLoader(archive: archive)
        let archived = ArchivedPictures(
            rendering: { try await loader.rendering(of: $0) },
            makeRenderer: { rendering in
                let renderer = try ArchivedRenderers.inProcess(rendering)
                return { content in try renderer.renderPNG(content, dpi: dpi) }
            })
        let directory = TemplateDirectory(
            templates: ResourceLocator.directory(flag: templates, environment: "CPDCERT_TEMPLATES", folder: "Templates"),
            assets: ResourceLocator.directory(flag: assets, environment: "CPDCERT_ASSETS", folder: "Assets"))
        let names = directory.names()
        if names.isEmpty {
            if templates != nil {
                Console.error("\(directory.templates.path): no templates found; pass the folder holding <name>.yaml with --templates")
                throw ExitStatus.configError
            }
            logger.info(
                "no templates found: pictures only of certificates whose rendering inputs are archived",
                metadata: ["templates": "\(directory.templates.path)"])
            return RenderedCertificatePictures(templates: [], archive: archived, cacheSize: cacheSize)
        }
        var loaded: [PictureTemplate] = []
        for name in names {
            do {
                let package = try directory.load(name)
                // Check fonts and images once, here, rather than on the first picture.
                _ = try CairoCertificateRenderer(package: package)
                loaded.append(
                    PictureTemplate(name: name, sha256: Hex.sha256(package.hashInput)) {
                        let renderer = try CairoCertificateRenderer(package: package)
                        return { content in try renderer.renderPNG(content, dpi: dpi) }
                    })
            } catch {
                Console.error("template \(name): \(error)")
                throw ExitStatus.configError
            }
        }
        logger.info("templates loaded for pictures", metadata: ["templates": "\(loaded.map(\.name).joined(separator: ","))"])
        return RenderedCertificatePictures(templates: loaded, archive: archived, cacheSize: cacheSize)
    }
}
