public import CPDCore
public import Foundation

/// The message that delivers one certificate: its details, the verification and download
/// links, LinkedIn's add-to-profile link, and the PDF attached under a readable name; for a
/// correction, the words saying which certificate it replaces.
///
/// ```swift
/// let mail = CertificateMail(from: from, templates: [english, welsh])
/// let message = mail.message(for: certificate, pdf: bytes, replaces: old?.id, date: clock.now)
/// ```
public struct CertificateMail: Sendable {
    /// The sender (`Policy Foresight <cpd@policyforesight.example.org>`).
    public var from: MailAddress
    /// Templates by language folder: `en`, and `cy-en` for certificates with Welsh values.
    public var templates: [String: MailTemplate]

    /// Creates the composer.
    public init(from: MailAddress, templates: [MailTemplate]) {
        self.from = from
        self.templates = Dictionary(templates.map { ($0.language, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The language folder for `certificate`: Welsh first when it was issued with Welsh values.
    public static func language(of certificate: Certificate) -> String {
        certificate.content.localized?["cy"] != nil ? "cy-en" : "en"
    }

    /// The Message-ID of `certificate`'s message: the same for every send of it, so a receiving
    /// system can drop a duplicate.
    public func messageID(of id: CertificateID) -> String {
        "<\(id.compact).certificate@\(from.domain)>"
    }

    /// The readable attachment name: `Certificate - <event> - <name>.pdf`, the event's title cut
    /// at its first colon (its subtitle), without the characters file systems refuse.
    public static func fileName(of certificate: Certificate) -> String {
        readableName("Certificate", of: certificate) + ".pdf"
    }

    /// The wallet credential's attachment name: `Credential - <event> - <name>.jwt`.
    public static func credentialFileName(of certificate: Certificate) -> String {
        readableName("Credential", of: certificate) + ".jwt"
    }

    /// The media type of a verifiable credential secured as a JWT (docs/credentials.md).
    public static let credentialType = "application/vc+jwt"

    private static func readableName(_ kind: String, of certificate: Certificate) -> String {
        let unsafe = Set("/\\:*?\"<>|")
        let title = certificate.content.eventTitle.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        let cleaned = "\(kind) - \(title) - \(certificate.content.attendeeName)"
            .map { unsafe.contains($0) || $0.isNewline ? " " : String($0) }.joined()
        return cleaned.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// The values the templates see; `credential` is true when the wallet credential is attached.
    public static func values(of certificate: Certificate, replaces: CertificateID?, credential: Bool = false) -> [String: Any] {
        let content = certificate.content
        var values: [String: Any] = [
            "name": content.attendeeName, "eventTitle": content.eventTitle, "eventFormat": content.eventFormat,
            "eventDate": content.eventDate, "eventTimes": content.eventTimes, "cpdHours": content.cpdHours,
            "issueDate": content.issueDate, "organiserName": content.organiserName, "certificateID": certificate.id.description,
            "verificationURL": content.verificationURL, "pdfURL": content.verificationURL + "/certificate.pdf",
            "linkedInURL": LinkedInProfileLink(certificate).url, "signatoryName": content.signatoryName,
            "jobTitle": content.jobTitle ?? "", "organisation": content.organisation ?? "",
        ]
        if let replaces { values["replaces"] = replaces.description }
        if credential { values["credential"] = true }
        if let welsh = content.localized?["cy"] {
            values["cy"] = ["eventDate": welsh.eventDate, "issueDate": welsh.issueDate, "cpdHours": welsh.cpdHours]
        }
        return values
    }

    /// The message for `certificate` to `to`, with `pdf` attached, and `credential` (its signed
    /// Open Badges credential, a compact JWS) after it when there is one.
    /// - Throws: `MailError.template` when no template is loaded for its language.
    public func message(
        for certificate: Certificate, to: MailAddress, pdf: Data, credential: String? = nil, replaces: CertificateID?, date: Date
    ) throws(MailError) -> MailMessage {
        let language = Self.language(of: certificate)
        guard let template = templates[language] ?? templates["en"] else {
            throw .template(language, "no message template for language '\(language)'")
        }
        let values = Self.values(of: certificate, replaces: replaces, credential: credential != nil)
        var attachments = [MailAttachment(fileName: Self.fileName(of: certificate), data: pdf)]
        if let credential {
            attachments.append(
                MailAttachment(
                    fileName: Self.credentialFileName(of: certificate), contentType: Self.credentialType, data: Data(credential.utf8)))
        }
        return MailMessage(
            from: from, to: to, subject: template.subject(values), text: template.text(values), html: template.html(values),
            attachments: attachments, messageID: messageID(of: certificate.id), date: date,
            references: replaces.map { [messageID(of: $0)] } ?? [])
    }
}
