/// The answer to "is this certificate ID genuine?".
public enum Verification: Sendable, Equatable {
    /// The registry holds the certificate; its status says whether it is in force.
    case found(Certificate)
    /// Well-formed, check character right, but not in this registry.
    case unknown(CertificateID)
    /// Not an ID at all, or mistyped (see the error).
    case malformed(CertificateIDError)

    /// Looks `text` up in `registry`, forgiving case, spaces, hyphens and look-alike letters.
    nonisolated(nonsending) public static func check(_ text: String, in registry: any CertificateRegistry) async throws -> Verification {
        let id: CertificateID
        do {
            id = try CertificateID(parsing: text)
        } catch {
            return .malformed(error)
        }
        if let certificate = try await registry.certificate(id: id) {
            return .found(certificate)
        }
        return .unknown(id)
    }
}
