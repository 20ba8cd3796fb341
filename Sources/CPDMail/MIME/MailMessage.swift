public import Foundation

/// One message, ready to send: who it is from and to, its subject, a plain-text and an HTML
/// body, its attachments (the PDF, and the wallet credential when there is one), and a Message-ID fixed by what it carries (so a receiving system can
/// drop a duplicate).
///
/// ```swift
/// let message = MailMessage(from: from, to: to, subject: "Your certificate", text: text, html: html,
///                           attachments: [pdf], messageID: "<0A4X6ZHPTTTN936M4M88.certificate@policyforesight.example.org>", date: now)
/// let bytes = message.mime()   // RFC 5322 with CRLF line ends: an .eml file, or the SMTP DATA
/// ```
public struct MailMessage: Sendable, Hashable {
    public var from: MailAddress
    public var to: MailAddress
    public var subject: String
    /// The plain-text body.
    public var text: String
    /// The HTML body; every value in it already escaped.
    public var html: String
    /// The files attached, in order: the certificate's PDF first.
    public var attachments: [MailAttachment]
    /// `<...@...>`, from the certificate ID.
    public var messageID: String
    public var date: Date
    /// Message-IDs this one follows (a correction names the message of the certificate it replaces).
    public var references: [String]

    /// Creates a message.
    public init(
        from: MailAddress, to: MailAddress, subject: String, text: String, html: String, attachments: [MailAttachment],
        messageID: String, date: Date, references: [String] = []
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.attachments = attachments
        self.messageID = messageID
        self.date = date
        self.references = references
    }
}
