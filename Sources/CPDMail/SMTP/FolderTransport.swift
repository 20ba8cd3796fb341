public import CPDCore
public import Foundation

/// A dry run's transport: each message written to `<folder>/<ID>.eml` (atomically: a temporary
/// file renamed into place), nothing sent; every write "accepted".
public final class FolderTransport: MailTransport {
    private let folder: URL

    /// Writes into `folder`, which must exist.
    public init(folder: URL) {
        self.folder = folder
    }

    public func send(_ data: Data, from: String, to: String, id: CertificateID) throws(SMTPError) -> SMTPReply {
        let file = folder.appendingPathComponent("\(id).eml")
        do {
            try data.write(to: file, options: .atomic)
        } catch {
            throw SMTPError("\(file.path) cannot be written (\(error.localizedDescription)); choose another folder with --out")
        }
        return SMTPReply(code: 250, text: "written to \(file.lastPathComponent)")
    }
}
