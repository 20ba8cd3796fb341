public import Foundation

/// Every attempt to deliver a certificate by email, append-only: when, to which server reply,
/// and the outcome. A certificate with an accepted attempt is not sent again unless asked.
///
/// ```swift
/// try await log.recordDelivery(DeliveryAttempt(certificateID: id, eventID: "county-lines-2020", attempt: 1,
///     outcome: .accepted, replyCode: 250, replyText: "2.0.0 Ok: queued as 4F1A2", messageID: mid, at: now))
/// let latest = try await log.deliveries(eventID: "county-lines-2020")
/// ```
public protocol DeliveryLog: Sendable {
    /// Appends one attempt.
    func recordDelivery(_ attempt: DeliveryAttempt) async throws
    /// Every attempt for the certificates of `eventID`, in the order recorded.
    func deliveries(eventID: String) async throws -> [DeliveryAttempt]
}

/// One attempt to hand a certificate's message to the SMTP server.
public struct DeliveryAttempt: Sendable, Hashable, Codable {
    /// How the server answered.
    public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
        /// 2xx to the message's data: the server took responsibility for it.
        case accepted
        /// 4xx, a timeout or a dropped connection: worth trying again.
        case temporaryFailure = "temporary_failure"
        /// 5xx: the server refused it; trying again will not help.
        case permanentFailure = "permanent_failure"
    }

    public var certificateID: CertificateID
    public var eventID: String
    /// 1 for the first attempt at this certificate, counting every run.
    public var attempt: Int
    public var outcome: Outcome
    /// The SMTP reply code (250, 451, 550), or nil when no reply came (timeout, connection lost).
    public var replyCode: Int?
    /// The server's reply text, or what went wrong when there was none.
    public var replyText: String
    /// The message's Message-ID.
    public var messageID: String
    public var at: Date

    /// Creates an attempt.
    public init(
        certificateID: CertificateID, eventID: String, attempt: Int, outcome: Outcome, replyCode: Int?, replyText: String,
        messageID: String, at: Date
    ) {
        self.certificateID = certificateID
        self.eventID = eventID
        self.attempt = attempt
        self.outcome = outcome
        self.replyCode = replyCode
        self.replyText = replyText
        self.messageID = messageID
        self.at = at
    }
}

/// Where each certificate's delivery stands, from its attempts.
public struct DeliveryStatus: Sendable, Hashable {
    /// The latest attempt's outcome, or nil when none was made.
    public var latest: DeliveryAttempt?
    /// Whether any attempt was accepted.
    public var delivered: Bool { lastAccepted != nil }
    /// The latest accepted attempt, or nil when none was.
    public var lastAccepted: DeliveryAttempt?
    /// Attempts made so far.
    public var attempts: Int

    /// The status of every certificate in `attempts`.
    public static func byCertificate(_ attempts: [DeliveryAttempt]) -> [CertificateID: DeliveryStatus] {
        var result: [CertificateID: DeliveryStatus] = [:]
        for attempt in attempts {
            var status = result[attempt.certificateID] ?? DeliveryStatus(latest: nil, lastAccepted: nil, attempts: 0)
            status.latest = attempt
            if attempt.outcome == .accepted { status.lastAccepted = attempt }
            status.attempts = max(status.attempts, attempt.attempt)
            result[attempt.certificateID] = status
        }
        return result
    }
}
