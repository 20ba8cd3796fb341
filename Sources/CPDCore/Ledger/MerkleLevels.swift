/// Every complete subtree hash of a log, level by level, in memory: the in-memory registry's
/// tree, and the audit's, recomputed from the leaves to check the stored one.
///
/// ```swift
/// var levels = MerkleLevels()
/// levels.append(MerkleTree.leafHash(entry))
/// let path = levels.proof(.inclusion(index: 0, size: levels.size))
/// ```
public struct MerkleLevels: Sendable, Equatable {
    /// `levels[l][i]` is the hash of `MerkleNode(level: l, index: i)`; `levels[0]` are the leaves.
    public private(set) var levels: [[SHA256Digest]] = [[]]

    /// An empty tree.
    public init() {}

    /// The tree of `leaves`.
    public init(leaves: some Sequence<SHA256Digest>) {
        for leaf in leaves { append(leaf) }
    }

    /// The number of leaves.
    public var size: Int { levels[0].count }

    /// Appends a leaf and the subtrees it completes.
    public mutating func append(_ leaf: SHA256Digest) {
        let completed = MerkleTree.nodesCompleted(byLeaf: leaf, at: size) { levels[$0.level][$0.index] }
        levels[0].append(leaf)
        for (node, hash) in completed {
            if levels.count == node.level { levels.append([]) }
            levels[node.level].append(hash)
        }
    }

    /// The hash of `node`, or nil when the tree does not hold all its leaves.
    public func hash(_ node: MerkleNode) -> SHA256Digest? {
        guard node.level >= 0, node.level < levels.count, node.index >= 0, node.index < levels[node.level].count else { return nil }
        return levels[node.level][node.index]
    }

    /// The proof `plan` describes, from this tree (which must hold all its leaves).
    public func proof(_ plan: MerkleProofPlan) -> [SHA256Digest] {
        plan.proof(
            plan.nodes.map { node in
                guard let hash = hash(node) else { preconditionFailure("\(node) is beyond the tree's \(size) leaves") }
                return hash
            })
    }
}
