/// Inclusion proofs for every log entry about one certificate, against one signed checkpoint:
/// what `cpdcert proof`, `GET /api/v1/certificates/<ID>/proof` and bundles carry.
public struct CertificateProof: Codable, Sendable, Equatable {
    /// One entry with its position and audit path.
    public struct ProvenEntry: Codable, Sendable, Equatable {
        public var index: Int
        /// The entry's canonical bytes, base64.
        public var entry: String
        public var leafHash: String
        /// The audit path, hex, leaf to root.
        public var inclusionProof: [String]
    }

    public var certificateId: String
    public var treeSize: Int
    public var rootHash: String
    /// The signed checkpoint note the proofs lead to.
    public var checkpoint: String
    public var entries: [ProvenEntry]

    /// Builds the proof of `id` against the registry's latest checkpoint.
    /// - Throws: `ProofError` when there is no such certificate or no checkpoint covers it yet.
    public static func build(for id: CertificateID, in registry: any CertificateRegistry) async throws -> CertificateProof {
        guard try await registry.certificate(id: id) != nil else { throw ProofError.unknownCertificate(id) }
        guard let checkpoint = try await registry.latestCheckpoint() else { throw ProofError.noCheckpoint }
        let indexes = try await registry.logIndexes(certificateID: id).filter { $0 < checkpoint.size }
        guard !indexes.isEmpty else { throw ProofError.notYetCheckpointed(id) }
        var entries: [ProvenEntry] = []
        for index in indexes {
            guard let stored = try await registry.logEntries(index..<(index + 1)).first else { continue }
            entries.append(
                ProvenEntry(
                    index: index, entry: Base64.encode(stored.body), leafHash: stored.leafHash.hex,
                    inclusionProof: try await registry.inclusionProof(index: index, size: checkpoint.size).map(\.hex)))
        }
        return CertificateProof(
            certificateId: id.description, treeSize: checkpoint.size, rootHash: checkpoint.root.hex, checkpoint: checkpoint.note,
            entries: entries)
    }
}

/// Why a proof cannot be given.
public enum ProofError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownCertificate(CertificateID)
    case noCheckpoint
    case notYetCheckpointed(CertificateID)

    public var description: String {
        switch self {
        case .unknownCertificate(let id): "no certificate \(id)"
        case .noCheckpoint: "the log has no signed checkpoint yet; run 'cpdcert keys init' once, then 'cpdcert log checkpoint'"
        case .notYetCheckpointed(let id): "certificate \(id) is newer than the latest checkpoint; run 'cpdcert log checkpoint'"
        }
    }
}

/// Standard base64 (RFC 4648) without Foundation, for the pure core.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Encodes `bytes` with padding.
    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = (UInt32(chunk[0]) << 16) | (UInt32(chunk.count > 1 ? chunk[1] : 0) << 8) | UInt32(chunk.count > 2 ? chunk[2] : 0)
            output.append(alphabet[Int(value >> 18 & 63)])
            output.append(alphabet[Int(value >> 12 & 63)])
            output.append(chunk.count > 1 ? alphabet[Int(value >> 6 & 63)] : UInt8(ascii: "="))
            output.append(chunk.count > 2 ? alphabet[Int(value & 63)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }
}
