public import CPDCore

/// The issuer's did:web document (`/.well-known/did.json`): every credential key, current and
/// earlier, as a JWK verification method usable for `assertionMethod`, so a credential signed
/// before a key rotation still verifies against the key its `kid` names.
public enum DIDDocument {
    /// The document of `issuer` publishing `keys` (the current one first).
    public static func json(issuer: IssuerIdentity, keys: [CredentialPublicKey]) -> CanonicalJSON {
        let methods = keys.map { key in
            CanonicalJSON.object([
                "id": .string(issuer.keyID(key)), "type": .string("JsonWebKey"), "controller": .string(issuer.did),
                "publicKeyJwk": key.jwk,
            ])
        }
        let ids = keys.map { CanonicalJSON.string(issuer.keyID($0)) }
        return .object([
            "@context": .array([.string("https://www.w3.org/ns/did/v1"), .string("https://w3id.org/security/jwk/v1")]),
            "id": .string(issuer.did),
            "verificationMethod": .array(methods),
            "assertionMethod": .array(ids),
        ])
    }

    /// The keys `document` publishes for assertions (listed in `assertionMethod`), by
    /// verification method id (a relative `#fragment` id is made absolute under `did`).
    /// - Throws: `CredentialError.malformed` when the document is not `did`'s or lists no RSA key for assertions.
    public static func assertionKeys(in document: [String: Any], of did: String) throws(CredentialError) -> [String: CredentialPublicKey] {
        guard let id = document["id"] as? String, id == did else {
            throw .malformed("the DID document is \(document["id"] as? String ?? "without an id"), not \(did)'s")
        }
        func absolute(_ id: String) -> String { id.hasPrefix("#") ? did + id : id }
        let assertion = Set(
            (document["assertionMethod"] as? [Any] ?? []).compactMap { ($0 as? String) ?? ($0 as? [String: Any])?["id"] as? String }
                .map(absolute))
        let embedded = (document["assertionMethod"] as? [Any] ?? []).compactMap { $0 as? [String: Any] }
        var methods = (document["verificationMethod"] as? [[String: Any]] ?? []) + embedded
        methods = methods.map { method in
            var method = method
            method["id"] = (method["id"] as? String).map(absolute)
            return method
        }
        let found = keys(in: ["verificationMethod": methods]).filter { assertion.contains($0.key) }
        guard !found.isEmpty else { throw .malformed("\(did)'s DID document lists no RSA key in assertionMethod") }
        return found
    }

    /// The keys a fetched document publishes, by verification method id.
    public static func keys(in document: [String: Any]) -> [String: CredentialPublicKey] {
        var found: [String: CredentialPublicKey] = [:]
        for method in document["verificationMethod"] as? [[String: Any]] ?? [] {
            guard let id = method["id"] as? String, let jwk = method["publicKeyJwk"] as? [String: Any], jwk["kty"] as? String == "RSA",
                let n = jwk["n"] as? String, let e = jwk["e"] as? String, let key = try? CredentialPublicKey(jwkModulus: n, exponent: e)
            else { continue }
            found[id] = key
        }
        return found
    }
}
