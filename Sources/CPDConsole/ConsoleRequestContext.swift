public import CPDCore
import Foundation
public import Hummingbird
public import NIOCore

/// A console request: who is signed in (when anyone is), the secret their forms' CSRF token
/// comes from, and the form the request posted (read and checked by `FormMiddleware`).
public struct ConsoleRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// The signed-in account.
    public var account: ConsoleAccount?
    /// The session cookie's value, or the pre-sign-in cookie's (the seed of the CSRF token).
    var csrfSeed: String?
    /// Whether the pre-sign-in cookie must be set on the response.
    var newFormCookie: String?
    /// The session cookie's hash, when signed in.
    var sessionHash: String?
    /// The fields of a POSTed form, checked for its CSRF token.
    var form = FormFields()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The CSRF token every form of this page carries.
    var csrfToken: String { csrfSeed.map(ConsoleSecrets.csrfToken) ?? "" }

    /// The client's address (the peer; the console does not read X-Forwarded-For).
    var clientAddress: String {
        remoteAddress?.ipAddress ?? "unknown"
    }
}

/// A form's fields and files.
struct FormFields: Sendable {
    var values: [String: String] = [:]
    var files: [String: (name: String, bytes: [UInt8])] = [:]

    subscript(_ name: String) -> String? { values[name] }

    /// A field's value with surrounding white space trimmed; nil when missing or empty.
    func text(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }
}
