import CPDCore
import Foundation
import GRDB

/// The log's Merkle tree in SQLite: `log_tree` holds the hash of every complete subtree of two
/// or more entries (`MerkleNode` level ≥ 1), written in the transaction that appends the entry
/// completing it; level 0 is `log_entry.leaf_hash`. Append-only, like the entries; the audit
/// recomputes every row from the leaves.
enum LogTree {
    /// The table, and the tree of everything logged before it (migration v10-log-tree).
    static func create(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE log_tree (
                    level INTEGER NOT NULL CHECK (level >= 1),
                    idx INTEGER NOT NULL CHECK (idx >= 0),
                    hash BLOB NOT NULL CHECK (length(hash) = 32),
                    PRIMARY KEY (level, idx)
                ) STRICT, WITHOUT ROWID
                """)
        try RegistrySchema.appendOnly("log_tree", db)
        try backfill(db)
    }

    /// The subtrees of the entries logged so far, in one pass over the leaves, holding only the
    /// subtree that waits for a right sibling at each level.
    private static func backfill(_ db: Database) throws {
        var waiting: [Int: SHA256Digest] = [:]
        let rows = try Data.fetchCursor(db, sql: "SELECT leaf_hash FROM log_entry ORDER BY idx")
        var index = 0
        while let data = try rows.next() {
            guard let leaf = SHA256Digest(bytes: [UInt8](data)) else {
                throw RegistryError.corruptRecord(id: "log", reason: "the leaf hash of entry \(index) is not 32 bytes")
            }
            let completed = MerkleTree.nodesCompleted(byLeaf: leaf, at: index) { waiting[$0.level]! }
            try store(completed, db)
            // The last subtree completed (or the leaf itself) is a left child, waiting for its sibling.
            if let top = completed.last { waiting[top.node.level] = top.hash } else { waiting[0] = leaf }
            index += 1
        }
    }

    /// Stores the subtrees completed by appending `leaf` as entry `index`.
    static func extend(leaf: SHA256Digest, at index: Int, in db: Database) throws {
        let completed = try MerkleTree.nodesCompleted(byLeaf: leaf, at: index) { node in
            guard let hash = try storedHash(node, db) else {
                throw RegistryError.corruptRecord(
                    id: "the log's tree", reason: "the subtree at \(node) is missing; run 'cpdcert audit verify' to see what else is")
            }
            return hash
        }
        try store(completed, db)
    }

    private static func store(_ nodes: [(node: MerkleNode, hash: SHA256Digest)], _ db: Database) throws {
        guard !nodes.isEmpty else { return }
        let statement = try db.cachedStatement(sql: "INSERT INTO log_tree (level, idx, hash) VALUES (?, ?, ?)")
        for (node, hash) in nodes { try statement.execute(arguments: [node.level, node.index, Data(hash.bytes)]) }
    }

    /// The stored hash of `node`, nil when the log does not hold all its leaves.
    static func storedHash(_ node: MerkleNode, _ db: Database) throws -> SHA256Digest? {
        let data: Data?
        if node.level == 0 {
            data = try Data.fetchOne(db.cachedStatement(sql: "SELECT leaf_hash FROM log_entry WHERE idx = ?"), arguments: [node.index])
        } else {
            data = try Data.fetchOne(
                db.cachedStatement(sql: "SELECT hash FROM log_tree WHERE level = ? AND idx = ?"), arguments: [node.level, node.index])
        }
        guard let data else { return nil }
        guard let hash = SHA256Digest(bytes: [UInt8](data)) else {
            throw RegistryError.corruptRecord(id: "the log's tree", reason: "the hash of the subtree at \(node) is not 32 bytes")
        }
        return hash
    }
}
