/// The signed Open Badges credentials beside the certificates, one per certificate, frozen like
/// the PDF: the registry keeps each credential's bytes and hash, and logs the hash.
public protocol CredentialStore: Sendable {
    /// The credential of `certificateID`, if one was issued.
    func credential(certificateID: CertificateID) async throws -> IssuedCredential?
    /// The status list index the next credential gets: one past the highest given.
    func nextStatusIndex() async throws -> Int
    /// Records `credentials` and a log entry for each, atomically.
    /// - Throws: `RegistryError.storage` when a certificate already has one or an index is taken.
    func recordCredentials(_ credentials: [IssuedCredential]) async throws
    /// The status list's bits: its size (the next index) and the indexes of the credentials whose
    /// certificate is revoked or superseded.
    func credentialStatusBits() async throws -> (size: Int, set: [Int])
    /// Every credential, in status index order (for the audit).
    func allCredentials() async throws -> [IssuedCredential]
    /// Keeps `key` (once) as one the issuer signs with: the DID document lists every key kept,
    /// so credentials signed before a rotation still verify.
    func recordCredentialKey(_ key: PublishedCredentialKey) async throws
    /// The keys kept, in the order first used.
    func credentialKeys() async throws -> [PublishedCredentialKey]
    /// Keeps `jws` as the newest signed status list credential (list 1).
    func recordStatusList(_ jws: String) async throws
    /// The newest signed status list credential, if any.
    func latestStatusList() async throws -> String?
}

/// A public credential key as the registry keeps it for the DID document.
public struct PublishedCredentialKey: Hashable, Sendable {
    /// The verification method id, `did:web:<host>#<thumbprint>`.
    public var keyID: String
    /// `https://host[:port]` of the verification host the DID names.
    public var origin: String
    /// SubjectPublicKeyInfo PEM.
    public var publicKeyPEM: String

    /// A key.
    public init(keyID: String, origin: String, publicKeyPEM: String) {
        self.keyID = keyID
        self.origin = origin
        self.publicKeyPEM = publicKeyPEM
    }
}

/// One certificate's signed credential as stored.
public struct IssuedCredential: Hashable, Sendable {
    public var certificateID: CertificateID
    /// Its bit in status list 1.
    public var statusIndex: Int
    /// The compact JWS, as written to `<ID>.credential.jwt`.
    public var jws: String
    /// Hex SHA-256 of the JWS's bytes.
    public var sha256: String

    /// A credential; `sha256` is computed from `jws`.
    public init(certificateID: CertificateID, statusIndex: Int, jws: String) {
        self.certificateID = certificateID
        self.statusIndex = statusIndex
        self.jws = jws
        self.sha256 = SHA256Digest(hashing: Array(jws.utf8)).hex
    }

    /// The file name beside the PDF.
    public var fileName: String { "\(certificateID).credential.jwt" }
}
