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
