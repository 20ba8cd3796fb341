public import CPDCore

/// The proofs as cpdcert made them before the log's tree was stored: RFC 9162's recursive
/// definitions run over every leaf, rebuilding each subtree per proof. The reference the stored
/// tree's proofs are compared with (RegistryContractTests), and the old cost in
/// Benchmarks/proofs.sh.
public enum FullRebuildMerkle {
    /// PATH(m, D[0:n]) over the first `size` of `leaves`.
    public static func inclusionProof(index: Int, size: Int, leaves: [SHA256Digest]) -> [SHA256Digest] {
        precondition(index < size && size <= leaves.count, "index within the tree")
        return path(index, leaves[0..<size])
    }

    /// PROOF(m, D[0:n]) over the first `newSize` of `leaves`.
    public static func consistencyProof(oldSize: Int, newSize: Int, leaves: [SHA256Digest]) -> [SHA256Digest] {
        precondition(0 < oldSize && oldSize <= newSize && newSize <= leaves.count, "sizes within the tree")
        return subproof(oldSize, leaves[0..<newSize], true)
    }

    private static func path(_ index: Int, _ leaves: ArraySlice<SHA256Digest>) -> [SHA256Digest] {
        guard leaves.count > 1 else { return [] }
        let split = largestPowerOfTwo(below: leaves.count)
        let middle = leaves.startIndex + split
        if index < split {
            return path(index, leaves[leaves.startIndex..<middle]) + [MerkleTree.root(leaves[middle...])]
        }
        return path(index - split, leaves[middle...]) + [MerkleTree.root(leaves[leaves.startIndex..<middle])]
    }

    private static func subproof(_ m: Int, _ leaves: ArraySlice<SHA256Digest>, _ complete: Bool) -> [SHA256Digest] {
        let n = leaves.count
        if m == n { return complete ? [] : [MerkleTree.root(leaves)] }
        let k = largestPowerOfTwo(below: n)
        let middle = leaves.startIndex + k
        if m <= k {
            return subproof(m, leaves[leaves.startIndex..<middle], complete) + [MerkleTree.root(leaves[middle...])]
        }
        return subproof(m - k, leaves[middle...], false) + [MerkleTree.root(leaves[leaves.startIndex..<middle])]
    }

    private static func largestPowerOfTwo(below n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }
}
