import CPDCore
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Appends entries to the transparency log inside one write transaction: takes the head row
/// `FOR UPDATE` (writers queue here, and each sees every entry committed before it), computes
/// the leaves and the subtrees they complete, and writes them with one statement per table.
struct PostgresLogAppender {
    /// The index the next entry gets.
    private(set) var next: Int
    /// The hashes of the subtrees the next appends may need: the earlier ones waiting for a
    /// right sibling (read at the start) and every one completed in this transaction.
    private var known: [MerkleNode: SHA256Digest] = [:]
    private var indexes: [Int] = []
    private var certificateIDs = NullableTexts()
    private var bodies: [ByteBuffer] = []
    private var leaves: [ByteBuffer] = []
    private var nodes: [(node: MerkleNode, hash: SHA256Digest)] = []

    /// Locks the head and reads the subtrees waiting for a right sibling.
    static func start(_ connection: PostgresConnection, logger: Logger) async throws -> PostgresLogAppender {
        let sizes = try await PostgresCertificateRegistry.column(
            "SELECT size FROM log_head FOR UPDATE", Int.self, on: connection, logger: logger)
        guard let size = sizes.first else {
            throw RegistryError.corruptRecord(id: "log", reason: "the log's head row is missing")
        }
        var appender = PostgresLogAppender(next: size)
        // At level L the last complete subtree waits for a sibling when there is an odd number of them.
        let waiting = (0..<Int.bitWidth - 1).compactMap { level -> MerkleNode? in
            let count = size >> level
            return count & 1 == 1 ? MerkleNode(level: level, index: count - 1) : nil
        }
        let hashes = try await PostgresCertificateRegistry.storedHashes(waiting, on: connection, logger: logger)
        for (node, hash) in zip(waiting, hashes) {
            guard let hash else {
                throw RegistryError.corruptRecord(
                    id: "the log's tree", reason: "the subtree at \(node) is missing; run 'cpdcert audit verify' to see what else is")
            }
            appender.known[node] = hash
        }
        return appender
    }

    private init(next: Int) { self.next = next }

    /// Adds `entry` as the next entry.
    mutating func append(_ entry: TransparencyEntry) throws {
        let body = entry.canonicalBytes
        let leaf = MerkleTree.leafHash(body)
        let completed = try MerkleTree.nodesCompleted(byLeaf: leaf, at: next) { node in
            guard let hash = known[node] else {
                throw RegistryError.corruptRecord(id: "the log's tree", reason: "the subtree at \(node) is missing")
            }
            return hash
        }
        known[MerkleNode(level: 0, index: next)] = leaf
        for (node, hash) in completed { known[node] = hash }
        nodes += completed
        indexes.append(next)
        certificateIDs.append(entry.certificateID?.compact)
        bodies.append(ByteBuffer(bytes: body))
        leaves.append(ByteBuffer(bytes: leaf.bytes))
        next += 1
    }

    /// Writes what was appended (the trigger on `log_entry` moves the head on, entry by entry).
    func write(_ connection: PostgresConnection, logger: Logger) async throws {
        guard !indexes.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO log_entry (idx, certificate_id, body, leaf_hash)
            SELECT idx, CASE WHEN has_certificate THEN certificate_id END, body, leaf_hash
            FROM unnest(\(indexes)::bigint[], \(certificateIDs.values)::text[], \(certificateIDs.present)::boolean[],
                \(bodies)::bytea[], \(leaves)::bytea[])
                WITH ORDINALITY AS e (idx, certificate_id, has_certificate, body, leaf_hash, n)
            ORDER BY n
            """, logger: logger)
        guard !nodes.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO log_tree (level, idx, hash)
            SELECT * FROM unnest(\(nodes.map(\.node.level))::integer[], \(nodes.map(\.node.index))::bigint[],
                \(nodes.map { ByteBuffer(bytes: $0.hash.bytes) })::bytea[])
            """, logger: logger)
    }
}

extension PostgresCertificateRegistry {
    /// The stored hashes of `nodes` (level 0 from the leaves), nil for one the log does not hold.
    static func storedHashes(_ nodes: [MerkleNode], on connection: PostgresConnection, logger: Logger) async throws
        -> [SHA256Digest?]
    {
        guard !nodes.isEmpty else { return [] }
        var found: [MerkleNode: SHA256Digest] = [:]
        let rows = try await connection.query(
            """
            SELECT n.level, n.idx, COALESCE(e.leaf_hash, t.hash)
            FROM unnest(\(nodes.map(\.level))::integer[], \(nodes.map(\.index))::bigint[]) AS n (level, idx)
            LEFT JOIN log_entry e ON n.level = 0 AND e.idx = n.idx
            LEFT JOIN log_tree t ON n.level > 0 AND t.level = n.level AND t.idx = n.idx
            """, logger: logger)
        for try await (level, index, hash) in rows.decode((Int, Int, ByteBuffer?).self) {
            guard let hash else { continue }
            found[MerkleNode(level: level, index: index)] = try PostgresRows.digest(hash, "the log's tree")
        }
        return nodes.map { found[$0] }
    }
}
