/// A complete subtree of the log's Merkle tree: the 2^`level` leaves from `index << level`.
/// Its hash never changes once the log holds all its leaves, so registries keep it as entries
/// are appended; level 0 is a leaf. These are the hashes C2SP tlog-tiles serves (256 to a tile,
/// at every eighth level); a registry keeps every level, so a proof needs no tile arithmetic.
public struct MerkleNode: Hashable, Sendable, CustomStringConvertible {
    /// The height: the subtree holds 2^level leaves.
    public var level: Int
    /// The position among the subtrees of that height, from the left.
    public var index: Int

    /// The subtree of height `level` at position `index`.
    public init(level: Int, index: Int) {
        self.level = level
        self.index = index
    }

    /// The leaves it covers.
    public var leaves: Range<Int> { (index << level)..<((index + 1) << level) }

    public var description: String { "level \(level) index \(index)" }
}

extension MerkleTree {
    /// The subtrees completed by appending `leaf` as entry `index`, lowest first: on average one.
    /// `leftSibling` gives the hash of a subtree already complete (stored by an earlier append).
    public static func nodesCompleted(
        byLeaf leaf: SHA256Digest, at index: Int, leftSibling: (MerkleNode) throws -> SHA256Digest
    ) rethrows -> [(node: MerkleNode, hash: SHA256Digest)] {
        var node = MerkleNode(level: 0, index: index)
        var hash = leaf
        var completed: [(node: MerkleNode, hash: SHA256Digest)] = []
        while node.index & 1 == 1 {
            hash = nodeHash(try leftSibling(MerkleNode(level: node.level, index: node.index - 1)), hash)
            node = MerkleNode(level: node.level + 1, index: node.index >> 1)
            completed.append((node, hash))
        }
        return completed
    }

    /// The complete subtrees that make up the leaves `range`, largest first, as the tree's
    /// recursion splits it (`range.lowerBound` is a multiple of each one's size).
    static func subtrees(_ range: Range<Int>) -> [MerkleNode] {
        var nodes: [MerkleNode] = []
        var start = range.lowerBound
        while start < range.upperBound {
            let remaining = range.upperBound - start
            let level = Int.bitWidth - 1 - remaining.leadingZeroBitCount
            precondition(start % (1 << level) == 0, "a range of the tree's recursion")
            nodes.append(MerkleNode(level: level, index: start >> level))
            start += 1 << level
        }
        return nodes
    }
}
