extension InMemoryCertificateRegistry: CredentialStore {
    public func credential(certificateID: CertificateID) -> IssuedCredential? { credentials[certificateID] }

    public func nextStatusIndex() -> Int { (credentials.values.map(\.statusIndex).max() ?? -1) + 1 }

    public func recordCredentials(_ new: [IssuedCredential]) throws {
        var indexes = Set(credentials.values.map(\.statusIndex))
        for credential in new {
            guard certificate(id: credential.certificateID) != nil else { throw RegistryError.notFound(credential.certificateID) }
            guard credentials[credential.certificateID] == nil, indexes.insert(credential.statusIndex).inserted else {
                throw RegistryError.storage(
                    "certificate \(credential.certificateID) has a credential, or index \(credential.statusIndex) is taken")
            }
        }
        for credential in new {
            credentials[credential.certificateID] = credential
            appendLogEntry(.credentialIssued(credential))
        }
    }

    public func credentialStatusBits() -> (size: Int, set: [Int]) {
        let set = credentials.values.filter { certificate(id: $0.certificateID)?.status != .valid }.map(\.statusIndex)
        return (nextStatusIndex(), set.sorted())
    }

    public func allCredentials() -> [IssuedCredential] { credentials.values.sorted { $0.statusIndex < $1.statusIndex } }

    public func recordCredentialKey(_ key: PublishedCredentialKey) {
        if !publishedKeys.contains(where: { $0.keyID == key.keyID }) { publishedKeys.append(key) }
    }

    public func credentialKeys() -> [PublishedCredentialKey] { publishedKeys }

    public func recordStatusList(_ jws: String) { statusLists.append(jws) }

    public func latestStatusList() -> String? { statusLists.last }
}
