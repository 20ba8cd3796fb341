import Crypto
public import Foundation

extension SHA256Digest {
    /// The SHA-256 of `bytes`, computed by swift-crypto.
    public init(hashing bytes: some DataProtocol) {
        self.init(Crypto.SHA256.hash(data: bytes))
    }

    /// The SHA-256 of `prefix` followed by each of `parts`, without joining them first.
    static func hashing(_ prefix: UInt8, _ parts: SHA256Digest...) -> SHA256Digest {
        var hasher = Crypto.SHA256()
        withUnsafeBytes(of: prefix) { hasher.update(bufferPointer: $0) }
        for part in parts { hasher.update(data: part.bytes) }
        return SHA256Digest(hasher.finalize())
    }

    /// The SHA-256 of `prefix` followed by `bytes`.
    static func hashing(_ prefix: UInt8, _ bytes: [UInt8]) -> SHA256Digest {
        var hasher = Crypto.SHA256()
        withUnsafeBytes(of: prefix) { hasher.update(bufferPointer: $0) }
        hasher.update(data: bytes)
        return SHA256Digest(hasher.finalize())
    }

    private init(_ digest: Crypto.SHA256Digest) {
        // A SHA-256 digest is 32 bytes, always.
        self.init(bytes: digest.withUnsafeBytes { Array($0) })!
    }
}
