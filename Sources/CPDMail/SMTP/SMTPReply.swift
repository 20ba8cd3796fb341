public import CPDCore
public import Foundation

/// The server's answer to one message: its last reply code and text, and what it means.
public struct SMTPReply: Sendable, Equatable {
    /// 250, 451, 550; nil when no reply came (a timeout, a dropped connection).
    public var code: Int?
    /// The reply text, or what went wrong when there was none.
    public var text: String

    /// Creates a reply.
    public init(code: Int?, text: String) {
        self.code = code
        self.text = text
    }

    /// 2xx accepted, 5xx permanent, anything else (4xx, no reply) temporary.
    public var outcome: DeliveryAttempt.Outcome {
        switch code {
        case .some(200..<300): .accepted
        case .some(500..<600): .permanentFailure
        default: .temporaryFailure
        }
    }
}

/// Hands messages to an SMTP server (or a folder, or memory); one call a message.
public protocol MailTransport: AnyObject {
    /// Sends `data` (the MIME bytes of certificate `id`'s message) from `from` to `to`.
    /// - Returns: the server's reply, whatever it was.
    /// - Throws: `SMTPError` when nothing can be sent in this run (login refused, no TLS when
    ///   required, the server unreachable): the run stops rather than fail every message alike.
    func send(_ data: Data, from: String, to: String, id: CertificateID) throws(SMTPError) -> SMTPReply
}

/// Why a run cannot send at all; each says what failed and how to fix it, never the password.
public struct SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    /// Creates the error.
    public init(_ description: String) {
        self.description = description
    }
}
