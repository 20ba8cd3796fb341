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
            Pages: / and /c?id= (lenient ID form), /c/<ID>, /c/<ID>/certificate.png, /c/<ID>/certificate.pdf, /check (PDF upload).

            API: GET /api/v1/certificates/<ID>, GET /api/v1/certificates/<ID>/pdf, POST /api/v1/verify-pdf (described at /openapi.yaml); the \
            transparency log at /api/v1/certificates/<ID>/proof, /api/v1/log/checkpoint, \
            /api/v1/log/consistency?from=N&to=M and /api/v1/log/public-key.

            Operations: GET /healthz (liveness), GET /readyz (the registry answers a read; 503 with a reason when not), \
            GET /metrics (Prometheus; on its own listener with --metrics-address). The registry is opened read-only.

            Logs go to standard error, as text or (--log-format json) one JSON object a line; each request's lines \
            carry its ID (the client's X-Request-ID or traceparent, else a new one), sent back as X-Request-ID.

            Settings: an option not given comes from $CPDCERT_SERVE_<OPTION> (--site-name: \
            CPDCERT_SERVE_SITE_NAME), else serve.<option> in the configuration file (serve.site_name), \
            else the default shown. cpdcert config check prints the settings in force.
            """)

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var keys: KeyOptions
    @OptionGroup var resources: TemplateOptions
    @OptionGroup var configFile: ConfigOptions

    // Each default below is the configuration's (serve.<name>, or $CPDCERT_SERVE_<NAME>), then the built-in one.
    @Option(help: "Address to bind (default: 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (0 picks a free one; the address in use is printed; default: 8080).")
    var port: String?

    @Option(help: ArgumentHelp("The organiser's name, shown in every page's header.", valueName: "name"))
    var siteName: String?

    @Option(help: ArgumentHelp("The organiser's colour for the header, as #rrggbb.", valueName: "colour"))
    var brandColour: String?

    @Option(help: ArgumentHelp("Lookups (pages, pictures, API) per minute per client address; 0 turns the limit off.", valueName: "n"))
    var lookupsPerMinute: String?

    @Option(help: ArgumentHelp("PDF uploads per minute per client address; 0 turns the limit off.", valueName: "n"))
    var uploadsPerMinute: String?

    @Option(
        help: ArgumentHelp(
            "The reverse proxy's address: from it, X-Forwarded-For names the client (for rate limits and logs) and "
                + "X-Forwarded-Proto says whether it came over HTTPS (for HSTS). Separate several with commas.",
            valueName: "address"))
    var trustForwardedFor: String?

    @Option(
        help: ArgumentHelp(
            "Serve /metrics on this address instead of the public one, e.g. 127.0.0.1:9090 (port 0 picks a free one).",
            valueName: "host:port"))
    var metricsAddress: String?

    @Option(help: ArgumentHelp("Log lines as text or json (one object a line; default: text).", valueName: "format"))
    var logFormat: String?

    @Option(help: ArgumentHelp("Close connections idle (or sending headers) this many seconds (default: 30).", valueName: "s"))
    var idleTimeout: String?

    @Option(help: ArgumentHelp("Answer 408 when a request body takes longer than this many seconds (default: 30).", valueName: "s"))
    var requestTimeout: String?

    @Option(
        help: ArgumentHelp(
            "Log level: trace, debug, info, notice, warning, error or critical (default: $CPDCERT_LOG_LEVEL, else log.level, else info).",
            valueName: "level"))
    var logLevel: String?

    @Option(
        help: ArgumentHelp(
            "Folder of the issued PDFs, served at /c/<ID>/certificate.pdf when they hash as issued (default: each drawn again).",
            valueName: "folder"))
    var pdfs: String?

    /// The settings in force: these flags over the environment, the configuration file and the defaults.
    func settings() throws(Settings.Problem) -> Settings {
        try Settings.current.overriding([
            "serve.host": host, "serve.port": port, "serve.site_name": siteName, "serve.brand_colour": brandColour,
            "serve.lookups_per_minute": lookupsPerMinute, "serve.uploads_per_minute": uploadsPerMinute,
            "serve.trust_forwarded_for": trustForwardedFor, "serve.metrics_address": metricsAddress,
            "serve.log_format": logFormat, "serve.idle_timeout": idleTimeout, "serve.request_timeout": requestTimeout,
            "log.level": logLevel, "serve.pdfs": pdfs,
        ])
    }

    func validate() throws {
        do {
            _ = try settings()
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        let settings = try settings()
        let logger = (settings.text("serve.log_format").flatMap(LogFormat.init(rawValue:)) ?? .text).logger(
            label: "cpdcert.server", level: settings.text("log.level").flatMap(Logger.Level.init(rawValue:)) ?? .info)
        // A lookup waits at most 5 s for PostgreSQL, then answers 503 with Retry-After.
        let opened = try await registry.opened(readOnly: true, deadline: .seconds(5), connections: 16)
        if opened.isSnapshot {
            Console.error(
                "warning: \(registry.display) is in a folder this process cannot write and has no -shm file beside it, so it is "
                    + "served as a snapshot: once a writing command opens it, lookups fail until serve is restarted. Run any "
                    + "writing cpdcert command on it once (writers keep the -wal and -shm files) to serve it live.")
        }
        let host = settings.text("serve.host") ?? "127.0.0.1"
        var configuration = ServerConfiguration(
            host: host, port: settings.integer("serve.port") ?? 8080, siteName: settings.text("serve.site_name"))
        configuration.brandColour = try BrandColour(parsing: settings.text("serve.brand_colour") ?? BrandColour.default.description)
        if let limit = settings.integer("serve.lookups_per_minute") { configuration.lookupLimit = RateLimit(perMinute: limit) }
        if let limit = settings.integer("serve.uploads_per_minute") { configuration.uploadLimit = RateLimit(perMinute: limit) }
        configuration.forwardingTrust = ForwardingTrust(proxies: Self.proxies(settings))
        configuration.metricsAddress = Self.metricsListener(settings)
        if let seconds = settings.integer("serve.idle_timeout") { configuration.idleTimeout = .seconds(seconds) }
        if let seconds = settings.integer("serve.request_timeout") { configuration.requestTimeout = .seconds(seconds) }
        configuration.verifierKey = try keys.verifier(nil)?.text
        let templates = try loadTemplates(logger: logger)
        let dpi = configuration.pictureDPI
        let pictures = drawings(
            templates: templates, cacheSize: configuration.pictureCacheSize, archive: opened.registry,
            draw: { renderer, content in try renderer.renderPNG(content, dpi: dpi) })
        let pdfs = StoredCertificatePDFs(
            folder: settings.text("serve.pdfs").map { URL(fileURLWithPath: $0, isDirectory: true) },
            drawing: drawings(
                templates: templates, cacheSize: 16, archive: opened.registry, draw: { renderer, content in try renderer.render(content) }))
        let registryPath = registry.display
        let metricsHost = configuration.metricsAddress?.host ?? ""
        let server = buildServer(
            registry: opened.registry, pdfHashes: opened.pdfHashes, pictures: pictures, pdfs: pdfs, configuration: configuration,
            logger: logger,
            readiness: registry.isPostgres
                ? Self.readiness(ofDatabase: opened.registry) : Self.readiness(of: opened.registry, at: registry.path),
            onServerRunning: { port in
                Console.print("cpdcert: serving http://\(host):\(port)/ from \(registryPath) (read-only)")
            },
            onMetricsRunning: { port in Console.print("cpdcert: metrics at http://\(metricsHost):\(port)/metrics") })
        try await server.run()
    }

    /// Drawings from the registry's archive of rendering inputs, and with every template in the
    /// templates folder for certificates issued before the archive: pictures with `draw` making
    /// PNGs, the PDFs to download again with it making PDFs.
    private func drawings(
        templates: [(name: String, package: TemplatePackage)], cacheSize: Int, archive: any RenderingArchive,
        draw: @escaping @Sendable (CairoCertificateRenderer, CertificateContent) throws -> Data
    ) -> RenderedCertificatePictures {
        let loader = ArchivedRenderingLoader(archive: archive)
        let archived = ArchivedPictures(
            rendering: { try await loader.rendering(of: $0) },
            makeRenderer: { rendering in
                let renderer = try ArchivedRenderers.inProcess(rendering)
                return { content in try draw(renderer, content) }
            })
        let loaded = templates.map { name, package in
            PictureTemplate(name: name, sha256: Hex.sha256(package.hashInput)) {
                let renderer = try CairoCertificateRenderer(package: package)
                return { content in try draw(renderer, content) }
            }
        }
        return RenderedCertificatePictures(templates: loaded, archive: archived, cacheSize: cacheSize)
    }

    /// Every template in the templates folder, each checked once (fonts and images) here rather
    /// than on the first picture; none when there is no folder.
    private func loadTemplates(logger: Logger) throws -> [(name: String, package: TemplatePackage)] {
        let directory = resources.directory
        let names = directory.names()
        if names.isEmpty {
            if resources.templates != nil {
                Console.error("\(directory.templates.path): no templates found; pass the folder holding <name>.yaml with --templates")
                throw ExitStatus.configError
            }
            logger.info(
                "no templates found: pictures only of certificates whose rendering inputs are archived",
                metadata: ["templates": "\(directory.templates.path)"])
            return []
        }
        var loaded: [(name: String, package: TemplatePackage)] = []
        for name in names {
            do {
                let package = try directory.load(name)
                _ = try CairoCertificateRenderer(package: package)
                loaded.append((name, package))
            } catch {
                Console.error("template \(name): \(error)")
                throw ExitStatus.configError
            }
        }
        logger.info("templates loaded for pictures", metadata: ["templates": "\(loaded.map(\.name).joined(separator: ","))"])
        return loaded
    }
}
