public import CPDCore
public import Foundation

/// Carries out a delivery plan: composes each message, hands it to the transport, records every
/// attempt in the delivery log as soon as the server has answered, and retries temporary
/// failures with doubling pauses. Between the server's acceptance and the log's commit lies the
/// only window in which a crash makes the next run send a message twice (see docs/delivery.md).
///
/// ```swift
/// var run = DeliveryRun(mail: mail, transport: transport, log: registry, clock: { Date() })
/// let outcome = try await run.deliver(plan, eventID: "county-lines-2020", pdf: { try await pdfs.pdf(of: $0) })
/// ```
public struct DeliveryRun {
    /// What a run did, per certificate.
    public struct Outcome: Sendable, Equatable {
        public var sent: [CertificateID] = []
        public var alreadySent: [CertificateID] = []
        /// The certificate and the reply (or the reason) of its last failed attempt.
        public var failed: [(CertificateID, String)] = []
        public var skipped: [(CertificateID, String)] = []

        public static func == (lhs: Outcome, rhs: Outcome) -> Bool {
            lhs.sent == rhs.sent && lhs.alreadySent == rhs.alreadySent && lhs.failed.map(\.0) == rhs.failed.map(\.0)
                && lhs.skipped.map(\.0) == rhs.skipped.map(\.0)
        }
    }

    public var mail: CertificateMail
    public var transport: any MailTransport
    public var log: any DeliveryLog
    public var clock: @Sendable () -> Date
    /// Attempts at one certificate within this run (temporary failures are retried).
    public var attemptsPerRun = 3
    /// The pause before the first retry; doubled before each next one.
    public var backoff: Duration = .seconds(2)
    /// At most this many messages a minute (nil: as fast as the server takes them).
    public var perMinute: Int?
    /// How a certificate left by an earlier failed attempt is sent again, said beside it.
    public var retryHint = "send it again with --retry-failed"
    /// Called at `before-send`, `after-accept` (the server said 2xx, nothing recorded yet) and
    /// `after-record`, for crash tests.
    public var reached: (String) -> Void = { _ in }
    /// Called with each attempt as soon as the delivery log has committed it (the end of the
    /// in-flight window, for `CPDCERT_SEND_TIMING`).
    public var recorded: (DeliveryAttempt) -> Void = { _ in }
    /// Called before the first message and after each certificate this run sends (or fails to):
    /// how many were accepted and how many failed so far, of how many this run sends.
    public var progress: (_ sent: Int, _ failed: Int, _ of: Int) -> Void = { _, _, _ in }

    /// Creates a run.
    public init(mail: CertificateMail, transport: any MailTransport, log: any DeliveryLog, clock: @escaping @Sendable () -> Date) {
        self.mail = mail
        self.transport = transport
        self.log = log
        self.clock = clock
    }

    /// Delivers every `send` decision of `plan`; `pdf` gives each certificate's PDF as issued,
    /// `credential` its signed wallet credential (nil: none was issued, nothing more is attached).
    /// - Throws: `SMTPError` when the transport cannot send at all (nothing more is tried).
    public func deliver(
        _ plan: [(Certificate, DeliveryDecision)], eventID: String, earlier: [DeliveryAttempt],
        pdf: (Certificate) async throws -> Data, credential: (Certificate) async throws -> String? = { _ in nil }
    ) async throws -> Outcome {
        var outcome = Outcome()
        let attemptsSoFar = DeliveryStatus.byCertificate(earlier).mapValues(\.attempts)
        var lastSend: ContinuousClock.Instant?
        let toSend = plan.count { if case .send = $0.1 { true } else { false } }
        var sentHere = 0
        var failedHere = 0
        progress(0, 0, toSend)
        for (certificate, decision) in plan {
            switch decision {
            case .alreadySent: outcome.alreadySent.append(certificate.id)
            case .skipped(let reason): outcome.skipped.append((certificate.id, reason))
            case .failedEarlier(let attempt):
                outcome.failed.append((certificate.id, "\(Self.describe(attempt)); \(retryHint)"))
            case .send(let replaces):
                let message: MailMessage
                do {
                    message = try mail.message(
                        for: certificate, to: MailAddress(name: certificate.content.attendeeName, address: certificate.identity.email),
                        pdf: try await pdf(certificate), credential: try await credential(certificate), replaces: replaces, date: clock())
                } catch {
                    outcome.failed.append((certificate.id, "\(error)"))
                    failedHere += 1
                    progress(sentHere, failedHere, toSend)
                    continue
                }
                let bytes = message.mime()
                var number = attemptsSoFar[certificate.id] ?? 0
                var pause = backoff
                for tryInRun in 1...max(1, attemptsPerRun) {
                    if let perMinute, perMinute > 0, let lastSend {
                        let wait = Duration.seconds(60) / perMinute - (ContinuousClock.now - lastSend)
                        if wait > .zero { try await Task.sleep(for: wait) }
                    }
                    reached("before-send")
                    lastSend = ContinuousClock.now
                    let reply = try transport.send(bytes, from: mail.from.address, to: certificate.identity.email, id: certificate.id)
                    if reply.outcome == .accepted { reached("after-accept") }
                    number += 1
                    let attempt = DeliveryAttempt(
                        certificateID: certificate.id, eventID: eventID, attempt: number, outcome: reply.outcome, replyCode: reply.code,
                        replyText: reply.text, messageID: message.messageID, at: clock())
                    try await log.recordDelivery(attempt)
                    recorded(attempt)
                    reached("after-record")
                    if reply.outcome == .accepted {
                        outcome.sent.append(certificate.id)
                        sentHere += 1
                        break
                    }
                    if reply.outcome == .permanentFailure || tryInRun == attemptsPerRun {
                        outcome.failed.append((certificate.id, Self.describe(attempt)))
                        failedHere += 1
                        break
                    }
                    try await Task.sleep(for: pause)
                    pause *= 2
                }
                progress(sentHere, failedHere, toSend)
            }
        }
        return outcome
    }

    /// "permanent failure: 550 5.1.1 No such user here (attempt 1)".
    public static func describe(_ attempt: DeliveryAttempt) -> String {
        let outcome = attempt.outcome == .permanentFailure ? "permanent failure" : "temporary failure"
        return "\(outcome): \(reply(attempt)) (attempt \(attempt.attempt))"
    }

    /// The reply as the server wrote it ("550 5.1.1 No such user here"), or "no reply: <what failed>".
    public static func reply(_ attempt: DeliveryAttempt) -> String {
        guard let code = attempt.replyCode else { return "no reply: \(attempt.replyText)" }
        return attempt.replyText.hasPrefix(String(code)) ? attempt.replyText : "\(code) \(attempt.replyText)"
    }
}
