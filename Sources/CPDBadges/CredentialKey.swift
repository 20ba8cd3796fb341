public import CPDCore
import Crypto
import Foundation
import _CryptoExtras

/// The organiser's credential signing key: RSA, signing with RS256 (RSASSA-PKCS1-v1_5 with
/// SHA-256), the one algorithm Open Badges 3.0 requires every verifier to accept (see
/// docs/credentials.md). Kept apart from the log key (Ed25519), which signs checkpoints only.
///
/// ```swift
/// let key = try CredentialKey.generate()
/// let jws = try CompactJWS.sign(payload: credential.bytes, key: key, keyID: profile.keyID(key))
/// ```
public struct CredentialKey: @unchecked Sendable {
    // @unchecked: the wrapped key is immutable after creation and BoringSSL's RSA signing is
    // thread-safe for a shared key.
    let key: _RSA.Signing.PrivateKey

    /// A new 2048-bit key from the system's CSPRNG.
    public static func generate() throws -> CredentialKey {
        CredentialKey(key: try _RSA.Signing.PrivateKey(keySize: .bits2048))
    }

    /// The key from its PEM text (PKCS#1 or PKCS#8).
    /// - Throws: `CredentialKeyError.unreadable` when the text is no RSA private key of 2048 bits or more.
    public init(pemText: String) throws(CredentialKeyError) {
        do {
            key = try _RSA.Signing.PrivateKey(pemRepresentation: pemText)
        } catch {
            throw .unreadable("\(error)")
        }
    }

    init(key: _RSA.Signing.PrivateKey) { self.key = key }

    /// The private key as PKCS#8 PEM, for the key file.
    public var pemText: String { key.pkcs8PEMRepresentation }

    /// The public half.
    public var publicKey: CredentialPublicKey { CredentialPublicKey(key: key.publicKey) }

    /// The RS256 signature of `bytes`.
    public func sign(_ bytes: [UInt8]) throws -> [UInt8] {
        Array(try key.signature(for: bytes, padding: .insecurePKCS1v1_5).rawRepresentation)
    }
}

/// The public half of a `CredentialKey`: what the did:web document publishes as a JWK.
public struct CredentialPublicKey: @unchecked Sendable, Hashable {
    // @unchecked: immutable after creation.
    let key: _RSA.Signing.PublicKey

    /// The key from a public JWK's `n` and `e` (base64url).
    public init(jwkModulus n: String, exponent e: String) throws(CredentialKeyError) {
        guard let modulus = Base64URL.decode(n), let exponent = Base64URL.decode(e) else {
            throw .unreadable("the JWK's n or e is not base64url")
        }
        do {
            key = try _RSA.Signing.PublicKey(n: modulus, e: exponent)
        } catch {
            throw .unreadable("\(error)")
        }
    }

    /// The key from PEM text.
    public init(pemText: String) throws(CredentialKeyError) {
        do {
            key = try _RSA.Signing.PublicKey(pemRepresentation: pemText)
        } catch {
            throw .unreadable("\(error)")
        }
    }

    init(key: _RSA.Signing.PublicKey) { self.key = key }

    /// SubjectPublicKeyInfo PEM.
    public var pemText: String { key.pemRepresentation }

    /// The RSA modulus and exponent, base64url, as a JWK holds them.
    public var jwkMembers: (n: String, e: String) {
        // getKeyPrimitives only fails on a key BoringSSL cannot read, which a made key never is.
        let primitives = try! key.getKeyPrimitives()
        return (Base64URL.encode(primitives.modulus), Base64URL.encode(primitives.publicExponent))
    }

    /// The public JWK (RFC 7517): `kty`, `n`, `e`, `alg`, `use`; never `d`.
    public var jwk: CanonicalJSON {
        let members = jwkMembers
        return .object([
            "kty": .string("RSA"), "n": .string(members.n), "e": .string(members.e), "alg": .string("RS256"), "use": .string("sig"),
        ])
    }

    /// The RFC 7638 thumbprint: base64url SHA-256 of `{"e","kty","n"}` in canonical form. Names the
    /// key in the DID document, so a rotated key gets a new name and old credentials keep theirs.
    public var thumbprint: String {
        let members = jwkMembers
        let canonical = CanonicalJSON.object(["e": .string(members.e), "kty": .string("RSA"), "n": .string(members.n)])
        return Base64URL.encode(Array(SHA256.hash(data: canonical.bytes)))
    }

    /// True when `signature` is this key's RS256 signature of `bytes`.
    public func isValidSignature(_ signature: [UInt8], for bytes: [UInt8]) -> Bool {
        key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: bytes, padding: .insecurePKCS1v1_5)
    }

    public static func == (lhs: CredentialPublicKey, rhs: CredentialPublicKey) -> Bool {
        lhs.key.derRepresentation == rhs.key.derRepresentation
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(key.derRepresentation) }
}

/// A credential key that cannot be used.
public enum CredentialKeyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text is not an RSA key this can use.
    case unreadable(String)

    public var description: String {
        switch self {
        case .unreadable(let reason):
            "not an RSA credential key (\(reason)); make one with `cpdcert keys init`, or give a PEM RSA key of 2048 bits or more"
        }
    }
}
