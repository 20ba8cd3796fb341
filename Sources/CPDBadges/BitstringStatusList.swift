public import CPDCore
public import Foundation

/// A W3C Bitstring Status List (v1.0): one bit per credential, set when it is revoked or
/// superseded. It is never full: it holds at least 131,072 bits (16 KB, the standard's
/// minimum, for herd privacy) and grows by 16 KB blocks as indexes pass its end, so a list
/// for 100,000 certificates is one block and a list for a million is eight.
///
/// ```swift
/// let list = BitstringStatusList(size: 100_000, set: [3, 41])
/// list.encodedList // "uH4sI..."
/// ```
public struct BitstringStatusList: Hashable, Sendable {
    /// Bits per block: 16 KB.
    public static let blockBits = 16 * 1024 * 8

    /// The bits, most significant first within each byte (bit 0 is the first byte's high bit).
    public private(set) var bytes: [UInt8]

    /// A list long enough for indexes below `size`, with the bits `set` set.
    public init(size: Int, set: some Sequence<Int>) {
        let blocks = max(1, (size + Self.blockBits - 1) / Self.blockBits)
        bytes = [UInt8](repeating: 0, count: blocks * Self.blockBits / 8)
        for index in set where index >= 0 && index < bytes.count * 8 {
            bytes[index / 8] |= 0x80 >> UInt8(index % 8)
        }
    }

    /// The list `encodedList` holds; nil when it is not multibase base64url GZIP.
    public init?(encodedList: String) {
        guard encodedList.hasPrefix("u"), let compressed = Base64URL.decode(encodedList.dropFirst()),
            let bytes = Gzip.decompress(Array(compressed))
        else { return nil }
        self.bytes = bytes
    }

    /// Number of bits.
    public var count: Int { bytes.count * 8 }

    /// True when bit `index` is set (an index past the end is not).
    public func isSet(_ index: Int) -> Bool {
        index >= 0 && index < count && bytes[index / 8] & (0x80 >> UInt8(index % 8)) != 0
    }

    /// GZIP-compressed, then multibase base64url (`u` prefix, no padding), as the standard says.
    public var encodedList: String { "u" + Base64URL.encode(Gzip.compress(bytes)) }

    /// The status list credential (`BitstringStatusListCredential`) as JWT claims, valid from
    /// `now`, for signing: its `id` is the list's URL and its issuer the certificates' issuer.
    public func credential(issuer: IssuerIdentity, number: Int = 1, now: Date) -> CanonicalJSON {
        let url = issuer.statusListURL(number)
        return .object([
            "@context": .array([.string("https://www.w3.org/ns/credentials/v2")]),
            "id": .string(url),
            "type": .array([.string("VerifiableCredential"), .string("BitstringStatusListCredential")]),
            "issuer": .string(issuer.did),
            "validFrom": .string(TransparencyEntry.timestamp(now)),
            "credentialSubject": .object([
                "id": .string(url + "#list"),
                "type": .string("BitstringStatusList"),
                "statusPurpose": .string("revocation"),
                "encodedList": .string(encodedList),
            ]),
            "iss": .string(issuer.did),
            "jti": .string(url),
            "nbf": .integer(Int(now.timeIntervalSince1970)),
            "sub": .string(url + "#list"),
        ])
    }
}
