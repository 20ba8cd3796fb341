/// Which complete subtrees (`MerkleNode`) an RFC 9162 proof or root is made of, and how to
/// combine their hashes: O(log n) stored hashes instead of a rebuild from every leaf.
///
/// ```swift
/// let plan = MerkleProofPlan.inclusion(index: 3, size: 10)
/// let path = plan.proof(hashes)  // hashes: those of plan.nodes, in order
/// ```
public struct MerkleProofPlan: Sendable, Equatable {
    /// The subtree hashes the proof needs, each once.
    public let nodes: [MerkleNode]
    /// Each element of the proof as the leaves whose tree hash (MTH) it is, in proof order.
    let ranges: [Range<Int>]

    init(ranges: [Range<Int>]) {
        self.ranges = ranges
        var seen: Set<MerkleNode> = []
        nodes = ranges.flatMap(MerkleTree.subtrees).filter { seen.insert($0).inserted }
    }

    /// PATH(m, D[0:n]) (RFC 9162, 2.1.3.1): the audit path of leaf `index` in the tree of `size` leaves.
    public static func inclusion(index: Int, size: Int) -> MerkleProofPlan {
        precondition(0 <= index && index < size, "index within the tree")
        var ranges: [Range<Int>] = []
        var start = 0
        var end = size
        while end - start > 1 {
            let split = start + MerkleTree.largestPowerOfTwo(below: end - start)
            if index < split {
                ranges.append(split..<end)
                end = split
            } else {
                ranges.append(start..<split)
                start = split
            }
        }
        return MerkleProofPlan(ranges: ranges.reversed())
    }

    /// PROOF(m, D[0:n]) (RFC 9162, 2.1.4.1): the consistency proof from `oldSize` leaves to `newSize`.
    public static func consistency(oldSize: Int, newSize: Int) -> MerkleProofPlan {
        precondition(0 < oldSize && oldSize <= newSize, "sizes within the tree")
        var ranges: [Range<Int>] = []
        var old = oldSize
        var start = 0
        var end = newSize
        var complete = true
        while old != end - start {
            let half = MerkleTree.largestPowerOfTwo(below: end - start)
            if old <= half {
                ranges.append((start + half)..<end)
                end = start + half
            } else {
                ranges.append(start..<(start + half))
                old -= half
                start += half
                complete = false
            }
        }
        if !complete { ranges.append(start..<end) }
        return MerkleProofPlan(ranges: ranges.reversed())
    }

    /// MTH(D[0:n]) of a tree of `size` ≥ 1 leaves, as the plan's only element.
    public static func root(size: Int) -> MerkleProofPlan {
        precondition(size > 0, "the empty tree's root is MerkleTree.emptyRoot")
        return MerkleProofPlan(ranges: [0..<size])
    }

    /// The proof, from the hashes of `nodes` in order.
    public func proof(_ hashes: [SHA256Digest]) -> [SHA256Digest] {
        precondition(hashes.count == nodes.count, "one hash per node")
        let known = Dictionary(uniqueKeysWithValues: zip(nodes, hashes))
        return ranges.map { range in
            // MTH of a range is node(first subtree, MTH of the rest): fold from the right.
            let parts = MerkleTree.subtrees(range).map { known[$0]! }
            return parts.dropLast().reversed().reduce(parts[parts.count - 1]) { MerkleTree.nodeHash($1, $0) }
        }
    }
}
