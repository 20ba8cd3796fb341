/// Settings of the verification service, each with a default.
public struct ServerConfiguration: Sendable {
    /// Address to bind.
    public var host: String = "127.0.0.1"
    /// Port to bind; 0 picks a free one.
    public var port: Int = 8080
    /// Name shown in the page header.
    public var siteName: String = "cpdcert certificate verification"
    /// The transparency log's verifier key, served at /api/v1/log/public-key.
    public var verifierKey: String?

    /// The defaults.
    public init() {}

    /// Custom settings.
    public init(host: String, port: Int, siteName: String? = nil) {
        self.host = host
        self.port = port
        if let siteName { self.siteName = siteName }
    }
}
