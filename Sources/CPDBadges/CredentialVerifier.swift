public import Foundation

/// Checks an OpenBadgeCredential in VC-JWT form as OB 3.0 §8.2.6 and §9 say: the signature
/// with the key its `kid` names, the claims against the credential (`iss` = issuer id, `sub` =
/// subject id, `jti` = id, `nbf` = validFrom), the validity dates, and its status bit.
///
/// ```swift
/// let report = try CredentialVerifier.verify(jws, keys: DIDDocument.keys(in: document), now: Date())
/// ```
public enum CredentialVerifier {
    /// What a verified credential says.
    public struct Report: Sendable {
        public var certificateID: String
        public var issuer: String
        public var keyID: String
        public var subjectName: String
        public var validFrom: String
        public var statusListURL: String?
        public var statusIndex: Int?
    }

    /// Verifies `text` with `keys` (verification method id → key) at `now`; throws on the first failure.
    /// - Throws: `CredentialError.malformed`, `.unknownKey`, `.badSignature`, `.invalid`.
    public static func verify(_ text: String, keys: [String: CredentialPublicKey], now: Date) throws(CredentialError) -> Report {
        let jws = try CompactJWS(parsing: text)
        let keyID = try jws.keyID()
        guard let key = keys[keyID] else { throw .unknownKey(keyID) }
        guard jws.isSigned(by: key) else { throw .badSignature(keyID: keyID) }
        guard let claims = try? JSONSerialization.jsonObject(with: Data(jws.payload)) as? [String: Any] else {
            throw .malformed("the payload is not a JSON object")
        }
        let types = claims["type"] as? [String] ?? []
        guard types.contains("VerifiableCredential"), types.contains("OpenBadgeCredential") || types.contains("AchievementCredential")
        else { throw .invalid("its type \(types) is not an OpenBadgeCredential") }
        let issuer = (claims["issuer"] as? [String: Any])?["id"] as? String ?? claims["issuer"] as? String
        let subject = claims["credentialSubject"] as? [String: Any] ?? [:]
        guard let issuer, claims["iss"] as? String == issuer else { throw .invalid("the iss claim is not the issuer's id") }
        guard keyID.hasPrefix(issuer + "#") else { throw .invalid("the key '\(keyID)' is not one of the issuer \(issuer)'s") }
        guard claims["sub"] as? String == subject["id"] as? String else { throw .invalid("the sub claim is not the subject's id") }
        guard let id = claims["id"] as? String, claims["jti"] as? String == id else {
            throw .invalid("the jti claim is not the credential's id")
        }
        guard let validFromText = claims["validFrom"] as? String, let validFrom = ISO8601DateFormatter().date(from: validFromText) else {
            throw .invalid("it has no validFrom date")
        }
        guard let nbf = claims["nbf"] as? Int, nbf == Int(validFrom.timeIntervalSince1970) else {
            throw .invalid("the nbf claim is not validFrom")
        }
        guard validFrom <= now else { throw .invalid("it is valid only from \(validFromText)") }
        if let until = (claims["validUntil"] as? String).flatMap(ISO8601DateFormatter().date(from:)), until < now {
            throw .invalid("it expired at \(claims["validUntil"]!)")
        }
        let status = claims["credentialStatus"] as? [String: Any]
        return Report(
            certificateID: id.split(separator: "/").dropLast().last.map(String.init) ?? id, issuer: issuer, keyID: keyID,
            subjectName: subject["name"] as? String ?? "", validFrom: validFromText,
            statusListURL: status?["statusListCredential"] as? String,
            statusIndex: (status?["statusListIndex"] as? String).flatMap { Int($0) })
    }

    /// The issuer id `text` claims (`issuer.id`, or `issuer` when it is a string), before any
    /// check: the DID whose document holds the keys to check it with.
    /// - Throws: `CredentialError.malformed` when it is no JWS of a credential naming an issuer.
    public static func claimedIssuer(_ text: String) throws(CredentialError) -> String {
        let jws = try CompactJWS(parsing: text)
        guard let claims = try? JSONSerialization.jsonObject(with: Data(jws.payload)) as? [String: Any],
            let issuer = (claims["issuer"] as? [String: Any])?["id"] as? String ?? claims["issuer"] as? String
        else { throw .malformed("the payload names no issuer") }
        return issuer
    }

    /// The status bit of `report` in the status list credential `text` (a compact JWS signed by
    /// one of `keys`); true when the credential is revoked or superseded.
    /// - Throws: `CredentialError` when the list is not a signed status list of the same issuer.
    public static func isRevoked(_ report: Report, statusListJWS text: String, keys: [String: CredentialPublicKey]) throws(CredentialError)
        -> Bool
    {
        let jws = try CompactJWS(parsing: text)
        let keyID = try jws.keyID()
        guard let key = keys[keyID] else { throw .unknownKey(keyID) }
        guard jws.isSigned(by: key) else { throw .badSignature(keyID: keyID) }
        guard let claims = try? JSONSerialization.jsonObject(with: Data(jws.payload)) as? [String: Any],
            claims["issuer"] as? String == report.issuer,
            let subject = claims["credentialSubject"] as? [String: Any], let encoded = subject["encodedList"] as? String,
            let list = BitstringStatusList(encodedList: encoded)
        else { throw .invalid("the status list is not a Bitstring Status List of the issuer \(report.issuer)") }
        guard let index = report.statusIndex else { throw .invalid("the credential names no status list index") }
        return list.isSet(index)
    }
}
