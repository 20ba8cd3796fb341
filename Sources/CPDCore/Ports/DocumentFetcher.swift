public import Foundation

/// Reads a document by URL (HTTP GET): how `verify-credential` fetches an issuer's did:web
/// document and status list. The libcurl client is in CPDHTTP; tests use the in-memory twin.
public protocol DocumentFetcher: Sendable {
    /// The body of a 200 answer to `GET url`.
    /// - Throws: `FetchError`: `.unreachable` when no answer came, `.status` for any other answer.
    func get(_ url: URL) throws(FetchError) -> Data
}

/// Why a document could not be fetched.
public enum FetchError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No HTTP answer: the name did not resolve, the connection was refused or timed out, TLS failed.
    case unreachable(url: String, reason: String)
    /// The server answered with `code`, not 200 (a redirect is not followed).
    case status(url: String, code: Int)
    /// The URL is not one to fetch (not https, or plain http to a host other than this machine).
    case refused(url: String, reason: String)

    public var description: String {
        switch self {
        case .unreachable(let url, let reason): "cannot reach \(url): \(reason)"
        case .status(let url, let code): "\(url) answered HTTP \(code), not the document"
        case .refused(let url, let reason): "will not fetch \(url): \(reason)"
        }
    }
}

/// Documents held in memory by URL: the twin of the HTTP client.
public struct InMemoryDocumentFetcher: DocumentFetcher {
    /// The documents, by absolute URL.
    public var documents: [String: Data]

    /// A fetcher answering `documents` with 200 and anything else with 404.
    public init(_ documents: [String: Data]) { self.documents = documents }

    public func get(_ url: URL) throws(FetchError) -> Data {
        guard let data = documents[url.absoluteString] else { throw .status(url: url.absoluteString, code: 404) }
        return data
    }
}
