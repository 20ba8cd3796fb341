public import CPDCore
import GRDB

/// The log's tree as stored (`LogTree`): what proofs are made of.
extension SQLiteCertificateRegistry {
    public func treeHashes(_ nodes: [MerkleNode]) async throws -> [SHA256Digest?] {
        try await read { db in try nodes.map { try LogTree.storedHash($0, db) } }
    }
}
