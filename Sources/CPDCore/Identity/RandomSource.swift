/// The randomness an operation draws on: new certificate IDs and identity salts. Production uses
/// the system CSPRNG (`SystemRandomSource`); tests a seeded one, so a run can be repeated exactly.
public protocol RandomSource: Sendable {
    /// A fresh certificate ID.
    func certificateID() -> CertificateID
    /// A fresh salt for a certificate's identity commitment: 32 lower-case hex digits.
    func identitySalt() -> String
}

/// Randomness from `SystemRandomNumberGenerator` (getrandom(2) on Linux).
public struct SystemRandomSource: RandomSource {
    /// Creates the source.
    public init() {}

    public func certificateID() -> CertificateID {
        var generator = SystemRandomNumberGenerator()
        return CertificateID.random(using: &generator)
    }

    public func identitySalt() -> String {
        var generator = SystemRandomNumberGenerator()
        return Certificate.identitySalt(using: &generator)
    }
}
