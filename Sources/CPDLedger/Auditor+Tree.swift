import CPDCore

extension Auditor {
    /// The most mismatching subtrees named one by one; the rest are counted.
    static let namedTreeProblems = 10

    /// What differs between the registry's stored tree (what proofs are made of) and `tree`,
    /// recomputed from the entries' bytes.
    func treeProblems(_ tree: MerkleLevels) async throws -> [Problem] {
        var problems: [Problem] = []
        var unnamed = 0
        for level in 1..<max(tree.levels.count, 1) {
            let count = tree.levels[level].count
            var start = 0
            while start < count {
                let nodes = (start..<min(start + 4096, count)).map { MerkleNode(level: level, index: $0) }
                for (node, stored) in zip(nodes, try await registry.treeHashes(nodes)) where stored != tree.hash(node) {
                    guard problems.count < Self.namedTreeProblems else {
                        unnamed += 1
                        continue
                    }
                    let entries = "entries \(node.leaves.lowerBound)..<\(node.leaves.upperBound)"
                    problems.append(
                        Problem(
                            subject: "log tree at \(node)",
                            message: stored == nil
                                ? "the stored hash of \(entries) is missing, so proofs through it cannot be made"
                                : "the stored hash of \(entries) differs from the one recomputed from the entries (edited?), "
                                    + "so proofs made from it will not verify"))
                }
                start += nodes.count
            }
        }
        if unnamed > 0 {
            problems.append(Problem(subject: "log tree", message: "\(unnamed) more stored subtree hashes differ or are missing"))
        }
        return problems
    }
}
