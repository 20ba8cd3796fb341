import CPDCore
import CPDRegistry
import CPDTestSupport
import Foundation
import Testing

/// The log's stored tree, on every implementation: proofs and roots made from it are those of
/// the full rebuild from every leaf (`FullRebuildMerkle`, the algorithm cpdcert used before),
/// at every size to 300 and around the boundaries of 256-wide tiles and of 65,536 entries.
@Suite struct LogTreeContractTests {
    func with(_ implementation: RegistryImplementation, entries: Int, _ body: (any CertificateRegistry) async throws -> Void)
        async throws
    {
        let file = TemporaryRegistryFile()
        defer { file.remove() }
        let registry = try await implementation.make(file)
        try await Samples.fillLog(registry, to: entries)
        #expect(try await registry.logSize() == entries)
        try await body(registry)
    }

    /// Checks every inclusion proof of `indexes` and every consistency proof from `oldSizes` at each of `sizes`.
    func expectProofsOfTheFullRebuild(
        _ registry: any CertificateRegistry, sizes: [Int], indexes: (Int) -> [Int], oldSizes: (Int) -> [Int]
    ) async throws {
        let leaves = try await registry.leafHashes(size: sizes.max() ?? 0)
        for size in sizes {
            let root = try await registry.rootHash(size: size)
            #expect(root == MerkleTree.root(leaves, size: size), "root at size \(size)")
            for index in indexes(size) {
                let proof = try await registry.inclusionProof(index: index, size: size)
                #expect(proof == FullRebuildMerkle.inclusionProof(index: index, size: size, leaves: leaves), "entry \(index) of \(size)")
                #expect(MerkleTree.verifyInclusion(leaf: leaves[index], index: index, size: size, proof: proof, root: root))
            }
            for old in oldSizes(size) {
                let proof = try await registry.consistencyProof(oldSize: old, newSize: size)
                #expect(proof == FullRebuildMerkle.consistencyProof(oldSize: old, newSize: size, leaves: leaves), "\(old) to \(size)")
                #expect(
                    MerkleTree.verifyConsistency(
                        oldSize: old, newSize: size, oldRoot: MerkleTree.root(leaves, size: old), newRoot: root, proof: proof))
            }
        }
    }

    @Test(arguments: RegistryImplementation.allCases)
    func proofsAtEverySizeTo300AreThoseOfTheFullRebuild(_ implementation: RegistryImplementation) async throws {
        try await with(implementation, entries: 300) { registry in
            #expect(try await registry.rootHash(size: 0) == MerkleTree.emptyRoot)
            try await expectProofsOfTheFullRebuild(
                registry, sizes: Array(1...300),
                // Every entry of the small trees; of the larger, both ends, both sides of each tile edge and a stride.
                indexes: { size in
                    size <= 40
                        ? Array(0..<size) : Array(Set([0, 1, size - 2, size - 1] + Array(stride(from: 3, to: size, by: 17))).sorted())
                },
                oldSizes: { size in
                    size <= 40 ? Array(1...size) : Array(Set([1, 2, size / 2, size - 1, size] + [255, 256, 257].filter { $0 <= size }))
                })
        }
    }

    @Test(arguments: RegistryImplementation.allCases)
    func proofsAroundA65536EntryBoundaryAreThoseOfTheFullRebuild(_ implementation: RegistryImplementation) async throws {
        try await with(implementation, entries: 65_540) { registry in
            try await expectProofsOfTheFullRebuild(
                registry, sizes: [65_535, 65_536, 65_537, 65_540],
                indexes: { size in [0, 255, 256, 65_279, 65_280, 65_534, size - 1] },
                oldSizes: { size in [1, 256, 257, 65_280, 65_535, 65_536, size].filter { $0 <= size } })
        }
    }

    @Test(arguments: RegistryImplementation.allCases)
    func theTreeHoldsEveryCompleteSubtreeAndNothingBeyondTheLog(_ implementation: RegistryImplementation) async throws {
        try await with(implementation, entries: 37) { registry in
            let expected = MerkleLevels(leaves: try await registry.leafHashes(size: 37))
            for (level, hashes) in expected.levels.enumerated() {
                let nodes = (0..<hashes.count).map { MerkleNode(level: level, index: $0) }
                #expect(try await registry.treeHashes(nodes) == hashes, "level \(level)")
            }
            // 37 entries: 18 pairs, 9 fours, 4 eights, 2 sixteens, 1 thirty-two and no more.
            let beyond = [MerkleNode(level: 0, index: 37), MerkleNode(level: 1, index: 18), MerkleNode(level: 5, index: 1)]
            #expect(try await registry.treeHashes(beyond + [MerkleNode(level: 6, index: 0)]) == [nil, nil, nil, nil])
        }
    }
}
