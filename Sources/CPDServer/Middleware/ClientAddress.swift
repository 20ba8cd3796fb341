import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The request context of the verification service: Hummingbird's core plus the peer's address.
struct VerificationRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// Whose `X-Forwarded-For` and `X-Forwarded-Proto` to believe: every peer's (`anyPeer`, only
/// where nothing but the proxy can reach the server), or only those of the proxies' addresses.
public struct ForwardingTrust: Sendable, Equatable {
    /// Believe the headers from any peer.
    public var anyPeer: Bool
    /// Believe them from these peer addresses only (IPv4 or IPv6, as written, e.g. `127.0.0.1`).
    public var proxies: Set<String>

    /// Trust no one: the connection's peer is the client.
    public static let none = ForwardingTrust(anyPeer: false, proxies: [])

    /// Trust `proxies`, or every peer.
    public init(anyPeer: Bool = false, proxies: Set<String> = []) {
        self.anyPeer = anyPeer
        self.proxies = Set(proxies.map(Self.normalised))
    }

    /// Whether the request came through a proxy to believe.
    func trusts(_ context: VerificationRequestContext) -> Bool {
        if anyPeer { return true }
        guard !proxies.isEmpty, let peer = context.remoteAddress?.ipAddress else { return false }
        return proxies.contains(Self.normalised(peer))
    }

    /// An IPv4 address as a dual-stack listener sees it (`::ffff:127.0.0.1`) is that IPv4 address.
    static func normalised(_ address: String) -> String {
        let lower = address.lowercased()
        return lower.hasPrefix("::ffff:") && lower.contains(".") ? String(lower.dropFirst(7)) : lower
    }
}

/// The key a client is rate-limited under: its IPv4 address, or its IPv6 /64 (one
/// subscriber's usual allocation), from the peer or, behind a trusted proxy, `X-Forwarded-For`.
enum ClientAddress {
    static func key(for request: Request, context: VerificationRequestContext, trust: ForwardingTrust) -> String {
        prefix(address(for: request, context: context, trust: trust))
    }

    /// The client's address: the last `X-Forwarded-For` entry when a trusted proxy sent it, else the peer's.
    static func address(for request: Request, context: VerificationRequestContext, trust: ForwardingTrust) -> String {
        if trust.trusts(context), let forwarded = request.headers[values: .xForwardedFor].last {
            // The proxy appends the address it saw; earlier entries are the client's own claims.
            let last = forwarded.split(separator: ",").last.map { String($0).trimmed } ?? ""
            if !last.isEmpty, last.utf8.count <= 64 { return last }
        }
        return context.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Whether the request reached the service over HTTPS: only as a trusted proxy says (the
    /// last `X-Forwarded-Proto`), since the service itself speaks plain HTTP.
    static func isHTTPS(_ request: Request, context: VerificationRequestContext, trust: ForwardingTrust) -> Bool {
        guard trust.trusts(context), let proto = request.headers[values: .xForwardedProto].last else { return false }
        return proto.split(separator: ",").last.map { String($0).trimmed.lowercased() } == "https"
    }

    /// An IPv6 address's first four groups (`2001:db8:1:2::/64`); other text unchanged.
    static func prefix(_ address: String) -> String {
        // By byte: String.contains(String) goes through Foundation's NSString search.
        guard address.utf8.contains(UInt8(ascii: ":")) else { return address }
        let text = address.split(separator: "%", maxSplits: 1).first.map(String.init) ?? address
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return address }
        func groups(_ part: String) -> [Substring] { part.isEmpty ? [] : part.split(separator: ":", omittingEmptySubsequences: false) }
        let head = groups(halves[0])
        let tail = halves.count == 2 ? groups(halves[1]) : []
        // An embedded IPv4 address counts as two groups; only the first four matter here.
        func count(_ groups: [Substring]) -> Int { groups.reduce(0) { $0 + ($1.utf8.contains(UInt8(ascii: ".")) ? 2 : 1) } }
        let missing = 8 - count(head) - count(tail)
        guard missing >= 0, halves.count == 2 || missing == 0 else { return address }
        let all = head + Array(repeating: "0", count: missing) + tail
        // An IPv4 client of a dual-stack listener (`--host ::`) arrives as ::ffff:a.b.c.d: it is
        // that IPv4 address, not one /64 that every IPv4 client would share.
        if all.count == 7, all.prefix(5).allSatisfy({ $0.allSatisfy { $0 == "0" } }), all[5].lowercased() == "ffff",
            all[6].utf8.contains(UInt8(ascii: "."))
        {
            return String(all[6])
        }
        if all.count == 8, all.prefix(5).allSatisfy({ $0.allSatisfy { $0 == "0" } }), all[5].lowercased() == "ffff",
            let high = UInt16(all[6], radix: 16), let low = UInt16(all[7], radix: 16)
        {
            return "\(high >> 8).\(high & 0xff).\(low >> 8).\(low & 0xff)"
        }
        let first = all.prefix(4).map { group -> String in
            let trimmed = group.drop { $0 == "0" }
            return trimmed.isEmpty ? "0" : trimmed.lowercased()
        }
        guard first.count == 4, first.allSatisfy({ $0.count <= 4 && $0.allSatisfy(\.isHexDigit) }) else { return address }
        return first.joined(separator: ":") + "::/64"
    }
}

extension HTTPField.Name {
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let xRequestID = HTTPField.Name("X-Request-ID")!
}

extension String {
    var trimmed: String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }
}
