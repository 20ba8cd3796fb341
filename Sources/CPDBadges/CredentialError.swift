/// Why a credential could not be made or checked.
public enum CredentialError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The certificate's verification URL has no origin to host the issuer's did:web.
    case badVerificationURL(String)
    /// The certificate's CPD hours are not a number.
    case badHours(String)
    /// Signing failed.
    case signing(String)
    /// The text is not a compact JWS of a credential.
    case malformed(String)
    /// The signature does not verify with the key.
    case badSignature(keyID: String)
    /// The header names a key the issuer does not publish.
    case unknownKey(String)
    /// A claim disagrees with the credential, or a date is out of range.
    case invalid(String)

    public var description: String {
        switch self {
        case .badVerificationURL(let url):
            "the verification URL '\(url)' has no scheme and host, so it cannot name the issuer's did:web; set the event's "
                + "verification base to an https URL"
        case .badHours(let hours):
            "the CPD hours '\(hours)' are not a number such as 3.5, which Open Badges' creditsAvailable needs"
        case .signing(let reason): "the credential could not be signed: \(reason)"
        case .malformed(let reason): "not a compact JWS credential: \(reason)"
        case .badSignature(let keyID):
            "the signature does not verify with the key '\(keyID)': the credential was altered or signed by another key"
        case .unknownKey(let keyID): "the issuer publishes no key '\(keyID)'; check the issuer's did.json or the key file given"
        case .invalid(let reason): "the credential is not valid: \(reason)"
        }
    }
}
