public import CPDBadges
public import CPDCore
public import Foundation

extension Operations {
    /// Signs an Open Badges credential for each valid certificate of `eventID` that has none,
    /// records them (each logged) and writes `<ID>.credential.jwt` beside each PDF; a stored
    /// credential whose file is missing is written again. Does nothing without a credential key
    /// or a registry that keeps credentials.
    /// - Throws: `.registry`, `.output`, `.credential`.
    /// With `skipping`, the certificates of those people are left to the runner whose folder holds their PDFs.
    func signCredentials(
        eventID: String, activity: DateInterval?, output: any CertificateOutput, skipping: Set<AttendeeIdentity> = []
    ) async throws(OperationError) {
        guard credentialKey != nil else { return }
        do {
            var after: CertificateID?
            while true {
                let page = try await registry.certificates(eventID: eventID, after: after, limit: 500)
                guard let last = page.last else { break }
                try await signCredentials(
                    for: page.filter { $0.status == .valid && !skipping.contains($0.identity) }, activity: activity, output: output)
                after = last.id
            }
        } catch let error as OperationError {
            throw error
        } catch {
            throw OperationError(error)
        }
    }

    /// Signs, records and writes the credentials `certificates` lack (see above).
    func signCredentials(for certificates: [Certificate], activity: DateInterval?, output: any CertificateOutput)
        async throws(OperationError)
    {
        guard let credentialKey, let store = registry as? any CredentialStore else { return }
        do {
            // Another runner recording credentials between this one's reading the next status
            // index and recording its own takes indexes this one signed: sign again from the new one.
            for attempt in 1... {
                let start = try await store.nextStatusIndex()
                do {
                    try await signCredentials(
                        for: certificates, from: start, key: credentialKey, store: store, activity: activity, output: output)
                    return
                } catch let error as RegistryError {
                    guard attempt < 8, try await store.nextStatusIndex() != start else { throw error }
                    try await Task.sleep(for: .milliseconds(Int.random(in: 5...50 * attempt)))
                }
            }
        } catch let error as OperationError {
            throw error
        } catch let error as CredentialError {
            throw .credential(error.description)
        } catch {
            throw OperationError(error)
        }
    }

    private func signCredentials(
        for certificates: [Certificate], from start: Int, key credentialKey: CredentialKey, store: any CredentialStore,
        activity: DateInterval?, output: any CertificateOutput
    ) async throws {
        var index = start
        var new: [IssuedCredential] = []
        var files: [(name: String, data: Data)] = []
        for certificate in certificates {
            if let stored = try await store.credential(certificateID: certificate.id) {
                if try output.read(named: stored.fileName) == nil { files.append((stored.fileName, Data(stored.jws.utf8))) }
                continue
            }
            let jws = try OpenBadgeCredential(certificate: certificate, statusIndex: index, activity: activity).signed(
                with: credentialKey)
            let credential = IssuedCredential(certificateID: certificate.id, statusIndex: index, jws: jws.text)
            new.append(credential)
            files.append((credential.fileName, Data(credential.jws.utf8)))
            index += 1
        }
        // Recorded (and logged) before the files are written, as a certificate's row is before its PDF.
        if let first = certificates.first, !new.isEmpty {
            let issuer = try IssuerIdentity(verificationURL: first.content.verificationURL)
            try await store.recordCredentialKey(Self.published(credentialKey, issuer: issuer))
            try await store.recordCredentials(new)
            try await publishStatusList()
        }
        if !files.isEmpty { try output.write(files) }
    }

    /// Signs the status list as the registry's certificates stand now (a bit set for each
    /// revoked or superseded one) and keeps it for `serve` to publish. Does nothing without a
    /// credential key or before any credential was issued.
    /// - Throws: `.registry`, `.credential`.
    func publishStatusList() async throws(OperationError) {
        guard let credentialKey, let store = registry as? any CredentialStore else { return }
        do {
            guard let latest = try await store.credentialKeys().last else { return }
            let issuer = try IssuerIdentity(verificationURL: latest.origin)
            try await store.recordCredentialKey(Self.published(credentialKey, issuer: issuer))
            let bits = try await store.credentialStatusBits()
            let claims = BitstringStatusList(size: bits.size, set: bits.set).credential(issuer: issuer, now: now)
            let jws = try CompactJWS.sign(payload: claims.bytes, key: credentialKey, keyID: issuer.keyID(credentialKey.publicKey))
            try await store.recordStatusList(jws.text)
        } catch let error as CredentialError {
            throw .credential(error.description)
        } catch {
            throw OperationError(error)
        }
    }

    /// Makes `credentialKey` the issuer's signing key after `previous` (a key rotation): keeps
    /// `previous`'s public half (once), so the DID document goes on listing it and every
    /// credential it signed still verifies, then signs the status list with the new key, which
    /// records it as the newest. False when the registry has issued no credential yet (nothing
    /// was signed with `previous`, and there is no issuer host to publish under).
    /// - Throws: `.registry`, `.credential`.
    public func adoptCredentialKey(after previous: CredentialKey) async throws(OperationError) -> Bool {
        guard credentialKey != nil, let store = registry as? any CredentialStore else { return false }
        do {
            guard let latest = try await store.credentialKeys().last else { return false }
            try await store.recordCredentialKey(Self.published(previous, issuer: try IssuerIdentity(verificationURL: latest.origin)))
        } catch let error as CredentialError {
            throw .credential(error.description)
        } catch {
            throw OperationError(error)
        }
        try await publishStatusList()
        return true
    }

    static func published(_ key: CredentialKey, issuer: IssuerIdentity) -> PublishedCredentialKey {
        PublishedCredentialKey(keyID: issuer.keyID(key.publicKey), origin: issuer.origin, publicKeyPEM: key.publicKey.pemText)
    }
}
