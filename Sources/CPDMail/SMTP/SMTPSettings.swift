/// How to reach the SMTP relay: `smtp://host:587` (STARTTLS when offered, or required with
/// `tls: .required`) or `smtps://host:465` (TLS from the start), and who to log in as.
public struct SMTPSettings: Sendable, Equatable {
    /// Whether `smtp://` may send without STARTTLS.
    public enum TLS: String, Sendable, CaseIterable {
        /// STARTTLS when the server offers it, plain otherwise.
        case opportunistic
        /// Refuse to send unless the connection is encrypted.
        case required
    }

    public var url: String
    public var tls: TLS = .opportunistic
    /// Log in (AUTH PLAIN or LOGIN, as the server offers) when both are given.
    public var user: String?
    public var password: String?
    /// A PEM file of the CA that signed the server's certificate (a private relay).
    public var caFile: String?
    /// Seconds for connecting and for each message.
    public var timeout: Int = 60

    /// Creates settings for `url`.
    public init(url: String, tls: TLS = .opportunistic, user: String? = nil, password: String? = nil, caFile: String? = nil) {
        self.url = url
        self.tls = tls
        self.user = user
        self.password = password
        self.caFile = caFile
    }
}
