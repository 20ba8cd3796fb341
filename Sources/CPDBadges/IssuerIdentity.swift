public import Foundation

/// The issuer's `did:web` on the verification host: the DID, where its document is served, and
/// the URLs credentials name under the same origin.
///
/// ```swift
/// let issuer = try IssuerIdentity(verificationURL: "https://verify.example.org/c/7M2Q-...")
/// issuer.did // "did:web:verify.example.org"
/// ```
public struct IssuerIdentity: Hashable, Sendable {
    /// `https://host[:port]`, without a path.
    public var origin: String
    /// `did:web:host` (a port is written `%3A`, as did:web requires).
    public var did: String

    /// The identity of the verification host `verificationURL` is on.
    /// - Throws: `CredentialError.badVerificationURL` when the URL has no scheme and host.
    public init(verificationURL: String) throws(CredentialError) {
        guard let components = URLComponents(string: verificationURL), let scheme = components.scheme, let host = components.host,
            !host.isEmpty
        else { throw .badVerificationURL(verificationURL) }
        let port = components.port.map { ":\($0)" } ?? ""
        origin = "\(scheme)://\(host)\(port)"
        did = "did:web:\(host)" + (components.port.map { "%3A\($0)" } ?? "")
    }

    /// The verification method naming `key` in the DID document: `did#<RFC 7638 thumbprint>`.
    public func keyID(_ key: CredentialPublicKey) -> String { "\(did)#\(key.thumbprint)" }

    /// Where the status list `number` is served.
    public func statusListURL(_ number: Int = 1) -> String { "\(origin)/status/\(number)" }

    /// Where a certificate's credential is served; also the credential's `id`.
    public func credentialURL(_ certificateID: String) -> String { "\(origin)/api/v1/certificates/\(certificateID)/credential" }

    /// The achievement of an event: what every certificate of the event recognises.
    public func achievementURL(eventID: String) -> String {
        "\(origin)/achievements/\(eventID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? eventID)"
    }
}
