public import CPDCore
public import Foundation

/// Everything needed to check one certificate offline, years later: its public record, its log
/// entries with inclusion proofs, the signed checkpoint they lead to, the log key's signed
/// statement of its status at that checkpoint, and the verifier key.
///
/// ```swift
/// let bundle = try await CertificateBundle.make(for: id, registry: registry, key: key)
/// let result = try bundle.verify(pdf: pdfBytes, trusting: publishedKey, hashPDF: Hex.sha256)
/// ```
public struct CertificateBundle: Codable, Sendable {
    /// The bundle format.
    public var format = "cpdcert-bundle/1"
    public var certificate: PublicCertificate
    public var proof: CertificateProof
    /// The signed note of a `StatusStatement` about the certificate at the proof's checkpoint;
    /// absent from bundles made before statements existed.
    public var statusStatement: String?
    /// The signed-note verifier key of the log.
    public var verifierKey: String
    /// The certificate's Open Badges credential (compact JWS), when one was issued; its hash is
    /// in a logged entry the proof includes.
    public var credential: String?

    /// Builds the bundle of `id` from the registry's latest checkpoint and signs its status there.
    /// - Throws: `ProofError` when there is no such certificate or its latest change is newer
    ///   than the checkpoint (a bundle must never call a revoked certificate valid).
    public static func make(
        for id: CertificateID, registry: any CertificateRegistry, key: LogKey, now: Date = Date()
    ) async throws
        -> CertificateBundle
    {
        guard let certificate = try await registry.certificate(id: id) else { throw ProofError.unknownCertificate(id) }
        let proof = try await CertificateProof.build(for: id, in: registry)
        var status = CertificateStatus.valid
        for entry in proof.entries {
            guard let bytes = Data(base64Encoded: entry.entry), case .changed(let change)? = LoggedRecord.read([UInt8](bytes)),
                change.certificateID == id.description
            else { continue }
            status = change.status
        }
        guard status == certificate.status else { throw ProofError.notYetCheckpointed(id) }
        guard let root = SHA256Digest(hex: proof.rootHash) else { throw ProofError.noCheckpoint }
        let statement = StatusStatement(
            origin: key.name, size: proof.treeSize, root: root, certificateID: id.description, status: status, signedAt: now)
        return CertificateBundle(
            certificate: PublicCertificate(certificate), proof: proof, statusStatement: try key.sign(statement),
            verifierKey: key.verifier.text, credential: try await (registry as? any CredentialStore)?.credential(certificateID: id)?.jws)
    }

    /// What an offline check established.
    public struct Verification: Sendable, Equatable {
        public var certificateID: String
        public var status: CertificateStatus
        /// The signed statement the status rests on; nil when the bundle has none, so that a
        /// valid status holds only as of issue.
        public var statement: StatusStatement?
        public var checkpointSize: Int
        public var keyName: String
        /// True when the key was pinned by the caller: otherwise the issuer is not authenticated.
        public var keyPinned: Bool
        /// True when a PDF was given and is exactly the one issued.
        public var pdfMatches: Bool?
        /// True when the bundle carries a credential and it is exactly the one logged.
        public var credentialMatches: Bool? = nil
    }

    /// Checks the bundle with no registry and no network: the checkpoint's signature, each
    /// entry's inclusion, every field of the record against the logged entries, and the signed
    /// status statement.
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
        guard proof.certificateId == certificate.id else {
            throw .badProof("the record's id '\(certificate.id)' is not the proof's certificate_id '\(proof.certificateId)'")
        }
        var issued: LoggedRecord.Issued?
        var change: LoggedRecord.Change?
        var loggedCredential: LoggedRecord.Credential?
        var previousIndex = -1
        for entry in proof.entries {
            // In log order: the order of status changes is what the status rests on.
            guard entry.index > previousIndex else { throw .badProof("entry \(entry.index) is out of log order") }
            previousIndex = entry.index
            guard let bytes = Data(base64Encoded: entry.entry).map({ [UInt8]($0) }) else {
                throw .badProof("entry \(entry.index) is not base64")
            }
            let leaf = MerkleTree.leafHash(bytes)
            let path = entry.inclusionProof.compactMap(SHA256Digest.init(hex:))
            guard leaf.hex == entry.leafHash, path.count == entry.inclusionProof.count,
                MerkleTree.verifyInclusion(leaf: leaf, index: entry.index, size: checkpoint.size, proof: path, root: checkpoint.root)
            else { throw .badProof("entry \(entry.index) is not in the signed log: the record or the proof was altered") }
            switch LoggedRecord.read(bytes) {
            case .issued(let record)? where record.id == certificate.id:
                guard issued == nil else { throw .badProof("entry \(entry.index) logs the certificate's issue a second time") }
                issued = record
            case .changed(let record)? where record.certificateID == certificate.id:
                // A revocation may be undone (a change to valid) and made again; superseded is final.
                let current = change?.status ?? .valid
                let allowed = record.status == .valid ? current == .revoked : current == .valid
                guard allowed else {
                    throw .badProof(
                        "entry \(entry.index) changes the status from \(current.rawValue) to \(record.status.rawValue), which cannot happen"
                    )
                }
                change = record
            case .credential(let record)? where record.certificateID == certificate.id:
                loggedCredential = record
            default:
                throw .badProof("entry \(entry.index) is not an entry about certificate \(certificate.id)")
            }
        }
        // A log proves nothing about an entry that was never logged: the issue entry is required.
        guard let issued else { throw .badProof("no inclusion proof for the certificate's issue entry") }

        // Absence cannot be proven by inclusion: the signed statement says what the status was at the checkpoint.
        var statement: StatusStatement?
        if let note = statusStatement {
            let signed = try key.verify(statement: note)
            guard signed.size == checkpoint.size, signed.root == checkpoint.root else {
                throw .badBundle("the status statement is about log size \(signed.size), not the bundle's checkpoint at \(checkpoint.size)")
            }
            guard signed.certificateID == certificate.id else {
                throw .badBundle("the status statement is about '\(signed.certificateID)', not certificate \(certificate.id)")
            }
            if let change, change.status != signed.status {
                throw .badBundle(
                    "the logged status change says \(change.status.rawValue) but the signed status is \(signed.status.rawValue)")
            }
            statement = signed
        }
        let status = change?.status ?? statement?.status ?? .valid
        // After a reinstatement the record shows no change, as the registry's does.
        let inForce = change?.status == .valid ? nil : change
        let logged = LoggedRecord.publicCertificate(issued, change: inForce, status: status)
        let differences = LoggedRecord.differences(shown: certificate, logged: logged)
        if !differences.isEmpty {
            throw .badBundle("the record differs from its log entries: \(differences.joined(separator: "; ")): the record was edited")
        }
        var pdfMatches: Bool?
        if let pdf { pdfMatches = hashPDF(pdf) == certificate.pdfSha256 }
        var credentialMatches: Bool?
        if let credential {
            // A credential that rides along must be the one logged, or it would look verified.
            guard let loggedCredential else { throw .badBundle("the bundle carries a credential, but no proven entry logs one") }
            credentialMatches = SHA256Digest(hashing: Array(credential.utf8)).hex == loggedCredential.sha256
            guard credentialMatches == true else {
                throw .badBundle("the bundle's credential is not the one logged (SHA-256 differs): it was edited")
            }
        }
        return Verification(
            certificateID: certificate.id, status: status, statement: statement, checkpointSize: checkpoint.size, keyName: key.name,
            keyPinned: trusted != nil, pdfMatches: pdfMatches, credentialMatches: credentialMatches)
    }

    /// Reads a bundle file. Every member must be one the bundle format has, in its form: a
    /// field no check covers must not ride along looking verified.
    /// - Throws: `LedgerError.badBundle` naming what is not a bundle.
    public static func read(_ data: Data) throws(LedgerError) -> CertificateBundle {
        let bundle: CertificateBundle
        do {
            bundle = try decoder().decode(CertificateBundle.self, from: data)
        } catch {
            throw .badBundle("not a cpdcert bundle (\(error))")
        }
        guard let again = try? encoder().encode(bundle) else { throw .badBundle("not a cpdcert bundle") }
        let foreign = LoggedRecord.differences(data, again)
        guard foreign.isEmpty else {
            throw .badBundle("not a cpdcert bundle: members outside its format: \(foreign.joined(separator: "; "))")
        }
        return bundle
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
        let root = try await registry.rootHash(size: size)
        let note = try key.sign(Checkpoint(origin: key.name, size: size, root: root))
        let stored = StoredCheckpoint(size: size, root: root, note: note, createdAt: now)
        try await registry.appendCheckpoint(stored)
        // One checkpoint is kept per size. Ed25519 signatures are deterministic, so the same key
        // at the same size gives the same note; another note there was signed by another key,
        // and this one was not stored: say so rather than report a checkpoint nobody kept.
        if let kept = try await registry.latestCheckpoint(), kept.size == size, kept.note != note {
            throw CheckpointConflict(size: size, keptBy: kept.note.split(separator: "\n").first.map(String.init) ?? "")
        }
        return stored
    }
}

/// The log is already signed at its current size by another key; the new checkpoint was not kept.
public struct CheckpointConflict: Error, CustomStringConvertible, Sendable {
    /// The log's size.
    public let size: Int
    /// The first line (the origin) of the checkpoint that is kept.
    public let keptBy: String

    public var description: String {
        "the log is already signed at size \(size) by another key (origin '\(keptBy)'), and one checkpoint is kept per size, "
            + "so this key's checkpoint was not stored; audit with the key that signed it, or sign again after the log next grows"
    }
}
