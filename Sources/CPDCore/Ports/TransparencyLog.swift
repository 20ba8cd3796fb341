/// The append-only transparency log of every issue and status change, and its signed checkpoints.
public protocol TransparencyLog: Sendable {
    /// Number of entries in the transparency log.
    func logSize() async throws -> Int
    /// Entries `range` of the log, in order.
    func logEntries(_ range: Range<Int>) async throws -> [LogEntry]
    /// Leaf hashes of the first `size` entries.
    func leafHashes(size: Int) async throws -> [SHA256Digest]
    /// The hashes of the complete subtrees `nodes`, in order; nil for one the log does not hold
    /// (beyond its size). Kept as entries are appended, so a proof reads O(log n) of them (see
    /// `inclusionProof(index:size:)`).
    func treeHashes(_ nodes: [MerkleNode]) async throws -> [SHA256Digest?]
    /// Indexes of the entries about `certificateID`.
    func logIndexes(certificateID: CertificateID) async throws -> [Int]
    /// Stores a signed checkpoint.
    func appendCheckpoint(_ checkpoint: StoredCheckpoint) async throws
    /// The newest checkpoint, if any.
    func latestCheckpoint() async throws -> StoredCheckpoint?
}
