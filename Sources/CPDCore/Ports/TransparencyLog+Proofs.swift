extension TransparencyLog {
    /// The audit path of entry `index` in the tree of the first `size` entries, from stored subtree hashes.
    /// - Throws: `RegistryError.corruptRecord` when the log lacks a subtree hash the proof needs.
    public func inclusionProof(index: Int, size: Int) async throws -> [SHA256Digest] {
        try await prove(.inclusion(index: index, size: size))
    }

    /// The consistency proof from the tree of `oldSize` entries to that of `newSize`.
    public func consistencyProof(oldSize: Int, newSize: Int) async throws -> [SHA256Digest] {
        try await prove(.consistency(oldSize: oldSize, newSize: newSize))
    }

    /// The root of the tree of the first `size` entries.
    public func rootHash(size: Int) async throws -> SHA256Digest {
        size == 0 ? MerkleTree.emptyRoot : try await prove(.root(size: size))[0]
    }

    private func prove(_ plan: MerkleProofPlan) async throws -> [SHA256Digest] {
        let found = try await treeHashes(plan.nodes)
        var hashes: [SHA256Digest] = []
        hashes.reserveCapacity(plan.nodes.count)
        for (node, hash) in zip(plan.nodes, found) {
            guard let hash else {
                throw RegistryError.corruptRecord(
                    id: "the log's tree",
                    reason: "it holds no hash of the subtree at \(node) (entries \(node.leaves.lowerBound)..<\(node.leaves.upperBound)); "
                        + "run 'cpdcert audit verify' to see what is missing")
            }
            hashes.append(hash)
        }
        return plan.proof(hashes)
    }
}
