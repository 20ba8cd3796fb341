public import CPDCore
public import Foundation

/// A JWS in compact serialisation (RFC 7515 §7.1), signed RS256, with the JOSE header Open
/// Badges 3.0 §8.2.2 allows: `alg`, `kid` and `typ` "JWT", nothing else.
public struct CompactJWS: Hashable, Sendable {
    /// `header.payload.signature`, each base64url.
    public var text: String
    /// The decoded header and payload bytes, and the signature.
    public var header: [UInt8]
    public var payload: [UInt8]
    public var signature: [UInt8]

    /// Signs `payload` (the JWT claims set's bytes) with `key`, naming it `keyID`. RS256 is
    /// deterministic, so the same payload and key always give the same text.
    public static func sign(payload: [UInt8], key: CredentialKey, keyID: String) throws(CredentialError) -> CompactJWS {
        let header = CanonicalJSON.object(["alg": .string("RS256"), "kid": .string(keyID), "typ": .string("JWT")]).bytes
        let input = Base64URL.encode(header) + "." + Base64URL.encode(payload)
        let signature: [UInt8]
        do {
            signature = try key.sign(Array(input.utf8))
        } catch {
            throw .signing("\(error)")
        }
        return CompactJWS(text: input + "." + Base64URL.encode(signature), header: header, payload: payload, signature: signature)
    }

    /// Splits and decodes `text` without checking the signature.
    public init(parsing text: String) throws(CredentialError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformed("a compact JWS has 3 parts separated by '.', found \(parts.count)") }
        guard let header = Base64URL.decode(parts[0]), let payload = Base64URL.decode(parts[1]), let signature = Base64URL.decode(parts[2])
        else { throw .malformed("a part is not base64url") }
        self.init(text: trimmed, header: Array(header), payload: Array(payload), signature: Array(signature))
    }

    init(text: String, header: [UInt8], payload: [UInt8], signature: [UInt8]) {
        self.text = text
        self.header = header
        self.payload = payload
        self.signature = signature
    }

    /// The header's `kid`, when it is a JSON object naming one with `alg` RS256.
    public func keyID() throws(CredentialError) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(header)) as? [String: Any] else {
            throw .malformed("the header is not a JSON object")
        }
        guard object["alg"] as? String == "RS256" else { throw .malformed("the header's alg is \(object["alg"] ?? "missing"), not RS256") }
        guard let kid = object["kid"] as? String else { throw .malformed("the header names no kid") }
        return kid
    }

    /// True when the signature over the first two parts verifies with `key`.
    public func isSigned(by key: CredentialPublicKey) -> Bool {
        guard let end = text.lastIndex(of: ".") else { return false }
        return key.isValidSignature(signature, for: Array(text[..<end].utf8))
    }
}
