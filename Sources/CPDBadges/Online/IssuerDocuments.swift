public import CPDCore
public import Foundation

/// What `verify-credential` fetches online, as a wallet does: the issuer's DID document at the
/// URL its did:web names, and the status list credential the credential names. Only https is
/// fetched, or plain http to this machine (127.0.0.1, ::1, localhost); `origin` replaces the
/// scheme, host and port of both (a mirror, or a test server) and keeps their paths.
///
/// ```swift
/// let documents = IssuerDocuments(fetcher: CurlDocumentFetcher(timeout: 10))
/// let keys = try documents.keys(of: "did:web:verify.example.org")
/// ```
public struct IssuerDocuments: Sendable {
    /// How documents are read.
    public var fetcher: any DocumentFetcher
    /// Fetch from here in place of the origin each URL names.
    public var origin: URL?

    /// Documents read with `fetcher`, from `origin` when given.
    /// - Throws: `FetchError.refused` when `origin` is not https or http to this machine.
    public init(fetcher: any DocumentFetcher, origin: URL? = nil) throws(FetchError) {
        self.fetcher = fetcher
        self.origin = origin
        if let origin { try Self.check(origin) }
    }

    /// The URL fetched for `named` (a URL the DID or credential names).
    /// - Throws: `FetchError.refused` when it is not one to fetch.
    public func url(for named: URL) throws(FetchError) -> URL {
        var url = named
        if let origin {
            var components = URLComponents(url: origin, resolvingAgainstBaseURL: false) ?? URLComponents()
            let prefix = components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path
            components.path = prefix + named.path
            components.query = named.query
            guard let replaced = components.url else { throw .refused(url: named.absoluteString, reason: "cannot be put under \(origin)") }
            url = replaced
        }
        try Self.check(url)
        return url
    }

    /// The keys the DID document of `did` publishes for assertions, by verification method id.
    /// - Throws: `FetchError` when it cannot be fetched; `CredentialError.malformed` when the
    ///   answer is not that DID's document.
    public func keys(of did: String) throws -> [String: CredentialPublicKey] {
        let url = try url(for: try DIDWeb.documentURL(did))
        let data = try fetcher.get(url)
        guard let document = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CredentialError.malformed("\(url) did not answer a DID document (a JSON object)")
        }
        return try DIDDocument.assertionKeys(in: document, of: did)
    }

    /// The status list credential (a compact JWS) at `named`.
    /// - Throws: `FetchError`.
    public func statusList(_ named: String) throws -> String {
        guard let parsed = URL(string: named), parsed.scheme != nil else {
            throw FetchError.refused(url: named, reason: "the credential's statusListCredential is not a URL")
        }
        return String(decoding: try fetcher.get(try url(for: parsed)), as: UTF8.self)
    }

    /// Hosts plain http may reach: this machine only, so nothing travels the network unprotected.
    static let loopback: Set<String> = ["127.0.0.1", "::1", "[::1]", "localhost"]

    static func check(_ url: URL) throws(FetchError) {
        switch url.scheme?.lowercased() {
        case "https" where url.host?.isEmpty == false: return
        case "http" where loopback.contains(url.host?.lowercased() ?? ""): return
        case "http": throw .refused(url: url.absoluteString, reason: "plain http is fetched from this machine only; use https")
        default: throw .refused(url: url.absoluteString, reason: "only https URLs are fetched")
        }
    }
}
