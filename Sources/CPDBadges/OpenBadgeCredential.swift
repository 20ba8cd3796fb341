public import CPDCore
public import Foundation

/// The Open Badges 3.0 `OpenBadgeCredential` of one certificate, built from its frozen record
/// only, as the JWT payload the VC-JWT proof format (§8.2) signs: the credential's members
/// (VC data model 2.0 and OB 3.0.3 contexts) plus the claims `iss`, `jti`, `nbf` and `sub`.
/// Canonical JSON (sorted keys, no white space), so the same record gives the same bytes.
///
/// ```swift
/// let credential = try OpenBadgeCredential(certificate: certificate, statusIndex: 7, activity: event.liveWindow)
/// let jws = try credential.signed(with: key)
/// ```
public struct OpenBadgeCredential: Hashable, Sendable {
    /// The contexts, in the order the specification lists them.
    public static let contexts = [
        "https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    /// The 1EdTech JSON Schema every OpenBadgeCredential conforms to.
    public static let schemaURL = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"

    /// The issuer's identity on the verification host.
    public var issuer: IssuerIdentity
    /// The payload.
    public var json: CanonicalJSON

    /// The credential of `certificate`, whose bit in status list 1 is `statusIndex`;
    /// `activity` is the live session (the event's start and end), when known.
    /// - Throws: `CredentialError.badVerificationURL`, `.badHours`.
    public init(certificate: Certificate, statusIndex: Int, activity: DateInterval?) throws(CredentialError) {
        let content = certificate.content
        issuer = try IssuerIdentity(verificationURL: content.verificationURL)
        guard let hours = CanonicalJSON.decimal(content.cpdHours) else { throw .badHours(content.cpdHours) }
        let id = issuer.credentialURL(certificate.id.description)
        let subjectID = content.verificationURL + "#recipient"
        let issuedAt = TransparencyEntry.timestamp(certificate.issuedAt)
        var profile: [String: CanonicalJSON] = [
            "id": .string(issuer.did), "type": .array([.string("Profile")]), "name": .string(content.organiserName),
        ]
        if let url = content.organiserURL { profile["url"] = .string(url) }
        var subject: [String: CanonicalJSON] = [
            "id": .string(subjectID),
            "type": .array([.string("AchievementSubject")]),
            "name": .string(content.attendeeName),
            "identifier": .array([Self.hashedEmail(certificate)]),
            "achievement": Self.achievement(certificate, issuer: issuer, hours: hours, profile: .object(profile)),
            "creditsEarned": hours,
        ]
        if let activity {
            subject["activityStartDate"] = .string(TransparencyEntry.timestamp(activity.start))
            subject["activityEndDate"] = .string(TransparencyEntry.timestamp(activity.end))
        }
        json = .object([
            "@context": .array(Self.contexts.map(CanonicalJSON.string)),
            "id": .string(id),
            "type": .array([.string("VerifiableCredential"), .string("OpenBadgeCredential")]),
            "issuer": .object(profile),
            "validFrom": .string(issuedAt),
            "name": .string("\(content.eventTitle): certificate of attendance"),
            "credentialSubject": .object(subject),
            "evidence": .array([Self.evidence(certificate)]),
            "credentialStatus": .object([
                "id": .string("\(issuer.statusListURL())#\(statusIndex)"),
                "type": .string("BitstringStatusListEntry"),
                "statusPurpose": .string("revocation"),
                "statusListIndex": .string(String(statusIndex)),
                "statusListCredential": .string(issuer.statusListURL()),
            ]),
            "credentialSchema": .array([
                .object(["id": .string(Self.schemaURL), "type": .string("1EdTechJsonSchemaValidator2019")])
            ]),
            "iss": .string(issuer.did),
            "jti": .string(id),
            "nbf": .integer(Int(certificate.issuedAt.timeIntervalSince1970)),
            "sub": .string(subjectID),
        ])
    }

    /// The payload bytes.
    public var bytes: [UInt8] { json.bytes }

    /// The compact JWS, signed with `key` and naming it by its thumbprint under the issuer's DID.
    public func signed(with key: CredentialKey) throws(CredentialError) -> CompactJWS {
        try CompactJWS.sign(payload: bytes, key: key, keyID: issuer.keyID(key.publicKey))
    }

    /// The IdentityObject of the attendee's email: `sha256$` and the hex SHA-256 of the
    /// email followed by the certificate's salt (OB 3.0 IdentityHash). Never the email itself.
    public static func hashedEmail(_ certificate: Certificate) -> CanonicalJSON {
        .object([
            "type": .string("IdentityObject"),
            "identityType": .string("emailAddress"),
            "hashed": .bool(true),
            "identityHash": .string(identityHash(email: certificate.identity.email, salt: certificate.identitySalt)),
            "salt": .string(certificate.identitySalt),
        ])
    }

    /// `sha256$<hex of SHA-256(email + salt)>`.
    public static func identityHash(email: String, salt: String) -> String {
        "sha256$" + SHA256Digest(hashing: Array((email + salt).utf8)).hex
    }

    private static func achievement(_ certificate: Certificate, issuer: IssuerIdentity, hours: CanonicalJSON, profile: CanonicalJSON)
        -> CanonicalJSON
    {
        let content = certificate.content
        var description = "\(content.eventFormat), \(content.eventDate), \(content.eventTimes), by \(content.organiserName)."
        if !content.learningOutcomes.isEmpty {
            description += "\n\nLearning outcomes:\n" + content.learningOutcomes.map { "- \($0)" }.joined(separator: "\n")
        }
        return .object([
            "id": .string(issuer.achievementURL(eventID: certificate.eventID)),
            "type": .array([.string("Achievement")]),
            "achievementType": .string("CertificateOfCompletion"),
            "name": .string(content.eventTitle),
            "description": .string(description),
            "criteria": .object(["narrative": .string("Attendance: \(certificate.eligibility.rule).")]),
            "creditsAvailable": hours,
            "creator": profile,
        ])
    }

    private static func evidence(_ certificate: Certificate) -> CanonicalJSON {
        let eligibility = certificate.eligibility
        let attended = Duration.minutesText(seconds: eligibility.attendedSeconds)
        let required = Duration.minutesText(seconds: eligibility.requiredSeconds)
        return .object([
            "id": .string(certificate.content.verificationURL),
            "type": .array([.string("Evidence")]),
            "name": .string("Attendance"),
            "narrative": .string(
                "Attended \(attended) of the \(eligibility.liveSeconds / 60) minutes live; the rule (\(eligibility.rule)) "
                    + "required \(required) minutes."),
        ])
    }
}
