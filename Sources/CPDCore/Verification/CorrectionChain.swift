/// The certificates that replaced one another after a correction, so that whoever checks an old
/// ID is sent to the certificate in force now, not only one step along the chain.
public enum CorrectionChain {
    /// How far a chain is followed: a certificate corrected more often than this is an error
    /// of the registry (or a loop), and the chain is cut there.
    public static let longest = 64

    /// The certificates that replaced `certificate`, in order: the first is the one that
    /// superseded it, the last is the current one (which may itself be revoked). Empty when
    /// `certificate` was not superseded.
    public static func replacements(of certificate: Certificate, in registry: any CertificateRegistry) async throws -> [Certificate] {
        var chain: [Certificate] = []
        var seen: Set<CertificateID> = [certificate.id]
        var next = certificate.statusChange?.replacedBy
        while let id = next, chain.count < longest, seen.insert(id).inserted, let replacement = try await registry.certificate(id: id) {
            chain.append(replacement)
            next = replacement.statusChange?.replacedBy
        }
        return chain
    }
}
