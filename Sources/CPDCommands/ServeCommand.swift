import ArgumentParser
import CPDLedger
import CPDServer
import Hummingbird
import Logging

/// `cpdcert serve`: the verification web page and JSON API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve certificate verification pages and the JSON API.",
        discussion: "Routes: GET /c/<ID> (HTML), GET /api/v1/certificates/<ID> (JSON), GET /healthz.")

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var keys: KeyOptions

    @Option(help: "Address to bind.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8080

    func run() async throws {
        let store = try registry.open(readOnly: true)
        var logger = Logger(label: "cpdcert.server")
        logger.logLevel = .info
        var configuration = ServerConfiguration(host: host, port: port)
        configuration.verifierKey = try keys.verifier(nil)?.text
        let app = buildApplication(registry: store, configuration: configuration, logger: logger)
        try await app.runService()
    }
}
