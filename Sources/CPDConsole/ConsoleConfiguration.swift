public import Foundation

/// How the organiser console listens and guards itself; every field has a default.
///
/// ```swift
/// var configuration = ConsoleConfiguration(host: "127.0.0.1", port: 8081)
/// configuration.secureCookies = false  // plain HTTP on this machine only
/// ```
public struct ConsoleConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The organisation's name in every page's header.
    public var siteName: String
    /// Whether the session cookie carries `Secure` (sent over HTTPS only). Turn off only for plain
    /// HTTP on the loopback interface.
    public var secureCookies: Bool
    /// How long a session lasts after sign-in.
    public var sessionLifetime: TimeInterval
    /// How long a set-password link works.
    public var setPasswordLifetime: TimeInterval
    /// Wrong passwords in a row an account may have; the next one locks it.
    public var allowedFailures: Int
    /// How long a locked account stays locked.
    public var lockout: TimeInterval
    /// Failed sign-ins one address may make in `addressWindow` before it is refused.
    public var addressFailures: Int
    public var addressWindow: TimeInterval
    /// The largest form (uploads included) the console reads, in bytes.
    public var maxUploadBytes: Int
    /// bcrypt's cost (2^cost rounds); 12 takes about a quarter of a second here.
    public var bcryptCost: UInt8
    /// The shortest password accepted.
    public var minimumPasswordLength: Int
    /// Where the console writes the PDFs and manifest of each event it issues (`<folder>/<event id>/`).
    public var outputFolder: URL

    /// A configuration with the defaults.
    public init(
        host: String = "127.0.0.1", port: Int = 8081, siteName: String = "cpdcert",
        outputFolder: URL = URL(fileURLWithPath: "console-output", isDirectory: true)
    ) {
        self.host = host
        self.port = port
        self.siteName = siteName
        self.outputFolder = outputFolder
        secureCookies = true
        sessionLifetime = 8 * 3600
        setPasswordLifetime = 72 * 3600
        allowedFailures = 5
        lockout = 15 * 60
        addressFailures = 20
        addressWindow = 15 * 60
        maxUploadBytes = 20 * 1024 * 1024
        bcryptCost = 12
        minimumPasswordLength = 12
    }
}
