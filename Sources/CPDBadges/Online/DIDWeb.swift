public import Foundation

/// did:web resolution (W3C CCG "did:web Method Specification" §3.2, Read): the DID's
/// method-specific id is a host (a port percent-encoded as `%3A`) and optional `:`-separated
/// path; its document is `https://host/.well-known/did.json`, or `https://host/path/did.json`.
public enum DIDWeb {
    /// The URL of `did`'s document.
    /// - Throws: `CredentialError.invalid` when `did` is not a did:web with a host.
    public static func documentURL(_ did: String) throws(CredentialError) -> URL {
        guard did.hasPrefix("did:web:") else { throw .invalid("the issuer '\(did)' is not a did:web, which cpdcert resolves") }
        let parts = did.dropFirst("did:web:".count).split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard let host = parts.first?.removingPercentEncoding, !host.isEmpty, !host.contains("/"), !host.contains("@"),
            parts.dropFirst().allSatisfy({ !$0.isEmpty && !$0.contains("/") })
        else { throw .invalid("the issuer '\(did)' is not a did:web of a host") }
        let path = parts.count == 1 ? "/.well-known" : "/" + parts.dropFirst().joined(separator: "/")
        guard let url = URL(string: "https://\(host)\(path)/did.json"), url.host != nil else {
            throw .invalid("the issuer '\(did)' names no host that can be fetched")
        }
        return url
    }
}
