public import CPDCore
public import Foundation

/// Everything needed to check one certificate offline, years later: its public record, its log
/// entries with inclusion proofs, the signed checkpoint they lead to, and the verifier key.
///
/// ```swift
/// let bundle = try await CertificateBundle.make(for: id, registry: registry, verifier: key.verifier)
/// let result = try bundle.verify(pdf: pdfBytes, trusting: nil, hashPDF: Hex.sha256)
/// ```
public struct CertificateBundle: Codable, Sendable {
    /// The bundle format.
    public var format = "cpdcert-bundle/1"
    public var certificate: PublicCertificate
    public var proof: CertificateProof
    /// The signed-note verifier key of the log.
    public var verifierKey: String

    /// Builds the bundle of `id` from the registry's latest checkpoint.
    public static func make(for id: CertificateID, registry: any CertificateRegistry, verifier: LogVerifier) async throws
        -> CertificateBundle
    {
        guard let certificate = try await registry.certificate(id: id) else { throw ProofError.unknownCertificate(id) }
        return CertificateBundle(
            certificate: PublicCertificate(certificate), proof: try await CertificateProof.build(for: id, in: registry),
            verifierKey: verifier.text)
    }

    /// What an offline check established.
    public struct Verification: Sendable, Equatable {
        public var certificateID: String
        public var status: CertificateStatus
        public var checkpointSize: Int
        public var keyName: String
        /// True when a PDF was given and is exactly the one issued.
        public var pdfMatches: Bool?
    }

    /// Checks the bundle with no registry and no network.
    /// - Parameters:
    ///   - pdf: the PDF to compare with the issued one, if any.
    ///   - trusted: a verifier key obtained independently (e.g. from the organiser's website);
    ///     without it the bundle's own key is used, which proves integrity but not origin.
    /// - Throws: `LedgerError` naming the first check that failed.
    public func verify(pdf: Data?, trusting trusted: LogVerifier?, hashPDF: (Data) -> String) throws(LedgerError) -> Verification {
        guard format == "cpdcert-bundle/1" else { throw .badBundle("unknown format '\(format)'") }
        let key = try LogVerifier(text: verifierKey)
        if let trusted, trusted != key {
            throw .badBundle("the bundle's log key \(key.name)+\(key.keyID) is not the trusted key \(trusted.name)+\(trusted.keyID)")
        }
        let checkpoint = try key.verify(note: proof.checkpoint)
        guard checkpoint.size == proof.treeSize, checkpoint.root.hex == proof.rootHash else {
            throw .badProof("the proof's tree size or root differs from the signed checkpoint")
        }
        var issued: [String: Any]?
        var status = CertificateStatus.valid
        for entry in proof.entries {
            guard let bytes = Data(base64Encoded: entry.entry).map({ [UInt8]($0) }) else {
                throw .badProof("entry \(entry.index) is not base64")
            }
            let leaf = MerkleTree.leafHash(bytes)
            let path = entry.inclusionProof.compactMap(SHA256Digest.init(hex:))
            guard leaf.hex == entry.leafHash, path.count == entry.inclusionProof.count,
                MerkleTree.verifyInclusion(leaf: leaf, index: entry.index, size: checkpoint.size, proof: path, root: checkpoint.root)
            else { throw .badProof("entry \(entry.index) is not in the signed log: the record or the proof was altered") }
            guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
                throw .badProof("entry \(entry.index) is not JSON")
            }
            if object["type"] as? String == "certificate-issued", let record = object["certificate"] as? [String: Any],
                record["id"] as? String == certificate.id
            {
                issued = record
            } else if object["type"] as? String == "certificate-status-changed", let change = object["change"] as? [String: Any],
                change["certificate_id"] as? String == certificate.id, let text = change["status"] as? String,
                let changed = CertificateStatus(rawValue: text)
            {
                status = changed
            }
        }
        // A log proves nothing about an entry that was never logged: the issue entry is required.
        guard let issued, let printed = issued["printed"] as? [String: Any] else {
            throw .badProof("no inclusion proof for the certificate's issue entry")
        }
        let claims: [(String, String?, String?)] = [
            ("name", certificate.attendee.name, printed["attendee_name"] as? String),
            ("event title", certificate.event.title, printed["event_title"] as? String),
            ("event date", certificate.event.date, printed["event_date"] as? String),
            ("CPD hours", certificate.event.cpdHours, printed["cpd_hours"] as? String),
            ("issue date", certificate.issueDate, printed["issue_date"] as? String),
            ("PDF SHA-256", certificate.pdfSha256, issued["pdf_sha256"] as? String),
        ]
        for (field, claimed, logged) in claims where claimed != logged {
            throw .badBundle("the record's \(field) '\(claimed ?? "")' differs from the logged '\(logged ?? "")': the record was edited")
        }
        var pdfMatches: Bool?
        if let pdf { pdfMatches = hashPDF(pdf) == certificate.pdfSha256 }
        return Verification(
            certificateID: certificate.id, status: status, checkpointSize: checkpoint.size, keyName: key.name, pdfMatches: pdfMatches)
    }

    /// A JSON encoder with the API's conventions.
    public static func encoder() -> JSONEncoder { PublicCertificate.makeEncoder() }

    /// A JSON decoder matching `encoder()`.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

/// Makes and stores a signed checkpoint of the whole log.
public enum Checkpointer {
    /// Signs the log's current size and root with `key` and stores the note; returns it.
    @discardableResult
    public static func checkpoint(_ registry: any CertificateRegistry, key: LogKey, now: Date = Date()) async throws -> StoredCheckpoint {
        let size = try await registry.logSize()
        let root = MerkleTree.root(try await registry.leafHashes(size: size))
        let note = try key.sign(Checkpoint(origin: key.name, size: size, root: root))
        let stored = StoredCheckpoint(size: size, root: root, note: note, createdAt: now)
        try await registry.appendCheckpoint(stored)
        return stored
    }
}
