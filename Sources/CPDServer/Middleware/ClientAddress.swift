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

/// The key a client is rate-limited under: its IPv4 address, or its IPv6 /64 (one
/// subscriber's usual allocation), from the peer or, behind a trusted proxy, `X-Forwarded-For`.
enum ClientAddress {
    static func key(for request: Request, context: VerificationRequestContext, trustForwardedFor: Bool) -> String {
        if trustForwardedFor, let forwarded = request.headers[values: .xForwardedFor].last {
            // The proxy appends the address it saw; earlier entries are the client's own claims.
            let last = forwarded.split(separator: ",").last.map { String($0).trimmed } ?? ""
            if !last.isEmpty, last.utf8.count <= 64 { return prefix(last) }
        }
        return prefix(context.remoteAddress?.ipAddress ?? "unknown")
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
