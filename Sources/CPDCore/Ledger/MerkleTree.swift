/// The Merkle tree of RFC 9162 (Certificate Transparency 2.0), section 2.1: leaf hash =
/// SHA-256(0x00 ‖ entry), interior node = SHA-256(0x01 ‖ left ‖ right), the left subtree
/// holding the largest power of two smaller than the number of leaves.
///
/// Proofs are made from the hashes of complete subtrees (`MerkleNode`), which registries keep
/// as entries are appended (see `MerkleProofPlan` and `TransparencyLog.inclusionProof`).
public enum MerkleTree {
    /// The hash of the empty tree: SHA-256 of nothing.
    public static let emptyRoot = SHA256Digest(hashing: [UInt8]())

    /// The leaf hash of an entry.
    public static func leafHash(_ entry: [UInt8]) -> SHA256Digest {
        SHA256Digest.hashing(0x00, entry)
    }

    /// The hash of an interior node.
    public static func nodeHash(_ left: SHA256Digest, _ right: SHA256Digest) -> SHA256Digest {
        SHA256Digest.hashing(0x01, left, right)
    }

    /// MTH(D[0:n]) over leaf hashes.
    public static func root(_ leaves: ArraySlice<SHA256Digest>) -> SHA256Digest {
        switch leaves.count {
        case 0: return emptyRoot
        case 1: return leaves[leaves.startIndex]
        default:
            let split = largestPowerOfTwo(below: leaves.count)
            let middle = leaves.startIndex + split
            return nodeHash(root(leaves[leaves.startIndex..<middle]), root(leaves[middle...]))
        }
    }

    /// The root of the first `size` leaves.
    public static func root(_ leaves: [SHA256Digest], size: Int? = nil) -> SHA256Digest {
        root(leaves[0..<(size ?? leaves.count)])
    }

    /// Verifies an inclusion proof (RFC 9162, 2.1.3.2).
    public static func verifyInclusion(
        leaf: SHA256Digest, index: Int, size: Int, proof: [SHA256Digest], root expected: SHA256Digest
    ) -> Bool {
        guard index < size else { return false }
        var fn = index, sn = size - 1
        var hash = leaf
        for node in proof {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                hash = nodeHash(node, hash)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                hash = nodeHash(hash, node)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && hash == expected
    }

    /// Verifies a consistency proof (RFC 9162, 2.1.4.2).
    public static func verifyConsistency(
        oldSize: Int, newSize: Int, oldRoot: SHA256Digest, newRoot: SHA256Digest, proof: [SHA256Digest]
    ) -> Bool {
        guard oldSize > 0, oldSize <= newSize else { return false }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        var path = proof
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        guard !path.isEmpty else { return false }
        var fn = oldSize - 1, sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0], sr = path[0]
        for node in path.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(node, fr)
                sr = nodeHash(node, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = nodeHash(sr, node)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == oldRoot && sr == newRoot && sn == 0
    }

    /// The largest power of two strictly less than `n` (n ≥ 2).
    static func largestPowerOfTwo(below n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }
}
