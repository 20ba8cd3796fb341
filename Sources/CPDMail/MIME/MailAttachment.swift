public import Foundation

/// A file attached to a message.
public struct MailAttachment: Sendable, Hashable {
    /// The name the recipient sees (`Certificate - <event> - <name>.pdf`).
    public var fileName: String
    /// Its media type (`application/pdf`).
    public var contentType: String
    /// Its bytes.
    public var data: Data

    /// Creates an attachment.
    public init(fileName: String, contentType: String = "application/pdf", data: Data) {
        self.fileName = fileName
        self.contentType = contentType
        self.data = data
    }
}
