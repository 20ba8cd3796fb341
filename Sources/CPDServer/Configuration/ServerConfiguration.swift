import CPDCore

/// Settings of the verification service, each with a default.
///
/// ```swift
/// var configuration = ServerConfiguration(host: "0.0.0.0", port: 8080, siteName: "Policy Foresight")
/// configuration.brandColour = try BrandColour(parsing: "#0b5394")
/// configuration.lookupLimit = RateLimit(perMinute: 300)
/// ```
public struct ServerConfiguration: Sendable {
    /// Address to bind.
    public var host: String = "127.0.0.1"
    /// Port to bind; 0 picks a free one.
    public var port: Int = 8080
    /// The organiser's name, shown in every page's header.
    public var siteName: String = "cpdcert certificate verification"
    /// The organiser's colour: the header's background and the headings' colour where it is dark enough.
    public var brandColour: BrandColour = .default
    /// Lookups (pages, pictures, the JSON API) per client address.
    public var lookupLimit = RateLimit(perMinute: 120)
    /// PDF uploads per client address.
    public var uploadLimit = RateLimit(perMinute: 12)
    /// Where the rate limits read the time (seconds, monotonic): the process's clock, or a
    /// test's, so that a slow run cannot earn tokens the test does not expect.
    public var rateLimitClock: @Sendable () -> Double = RateLimiter.monotonicSeconds
    /// Take the client's address from the last `X-Forwarded-For` entry, and the scheme from
    /// `X-Forwarded-Proto`, when the request comes from a reverse proxy trusted here, instead of
    /// from the connection.
    public var forwardingTrust = ForwardingTrust.none
    /// Believe `X-Forwarded-For` from any peer (only when nothing but the proxy can reach the port).
    public var trustForwardedFor: Bool {
        get { forwardingTrust.anyPeer }
        set { forwardingTrust.anyPeer = newValue }
    }
    /// Serve `/metrics` on a listener of its own (see `buildServer`) instead of the public one.
    public var metricsAddress: (host: String, port: Int)?
    /// The build's version and commit, for `cpdcert_build_info`.
    public var build = (version: BuildInfo.version, commit: BuildInfo.commit)
    /// The largest PDF accepted for checking, in bytes; larger uploads get 413.
    public var maxUploadBytes = 5 * 1024 * 1024
    /// A connection that sends nothing for this long (mid-header, or between requests) is closed.
    public var idleTimeout: Duration = .seconds(30)
    /// A request's body must arrive in full within this long of its headers, else 408.
    public var requestTimeout: Duration = .seconds(30)
    /// Longest path, and longest query, accepted; longer gets 414.
    public var maxPathLength = 512
    /// Resolution of the certificate pictures.
    public var pictureDPI: Double = 96
    /// Pictures kept in memory once rendered.
    public var pictureCacheSize = 64
    /// The transparency log's verifier key, served at /api/v1/log/public-key.
    public var verifierKey: String?

    /// The defaults.
    public init() {}

    /// Custom address and name.
    public init(host: String, port: Int, siteName: String? = nil) {
        self.host = host
        self.port = port
        if let siteName { self.siteName = siteName }
    }
}

/// A per-client request budget: a token bucket refilled at `perMinute`, holding at most `burst`.
public struct RateLimit: Sendable, Equatable {
    /// Sustained requests per minute; 0 turns the limit off.
    public var perMinute: Int
    /// Requests allowed at once after a quiet spell.
    public var burst: Int

    /// A limit of `perMinute`, with a burst of half a minute's worth (at least 1) unless given.
    public init(perMinute: Int, burst: Int? = nil) {
        self.perMinute = max(0, perMinute)
        self.burst = max(1, burst ?? max(1, perMinute / 2))
    }

    /// No limit.
    public static let off = RateLimit(perMinute: 0)

    /// Whether the limit applies at all.
    public var isOn: Bool { perMinute > 0 }
}
