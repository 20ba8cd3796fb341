/// A source of new certificate IDs; production uses the system CSPRNG, tests a seeded one.
public protocol CertificateIDGenerator: Sendable {
    /// Returns a fresh identifier.
    func next() -> CertificateID
}

/// IDs from `SystemRandomNumberGenerator` (getrandom(2) on Linux).
public struct SystemCertificateIDGenerator: CertificateIDGenerator {
    /// Creates the generator.
    public init() {}

    public func next() -> CertificateID {
        var generator = SystemRandomNumberGenerator()
        return CertificateID.random(using: &generator)
    }
}
