public import CPDCore
public import CPDMail
public import Foundation

/// How the console emails an event's certificates: the same composer, plan and run as
/// `cpdcert send`, over the relay the console was started with, every attempt in the
/// registry's delivery log.
///
/// ```swift
/// let mail = ConsoleMail(
///     mail: CertificateMail(from: sender, templates: templates), log: registry, relay: "smtp://relay.example.org:587",
///     transport: { try CurlSMTPTransport(settings) }, attachments: { folder in { certificate in try pdfs.pdf(of: certificate) } })
/// ```
public struct ConsoleMail: Sendable {
    /// Each certificate's PDF as issued, for the attachment.
    public typealias Attachments = (Certificate) async throws -> Data

    public var mail: CertificateMail
    public var log: any DeliveryLog
    /// Where messages go, as the pages say it (`smtp://relay.example.org:587`), never a password.
    public var relay: String
    /// A connection to the relay for one job (libcurl keeps it open for the job's messages).
    public var transport: @Sendable () throws -> any MailTransport
    /// The PDFs as issued of one job, given the folder the console wrote the event's PDFs to:
    /// the file there when it hashes as issued, else drawn again from the registry's archive.
    public var attachments: @Sendable (URL) -> Attachments
    /// The signed wallet credential of a certificate, attached after the PDF (nil: none).
    public var credential: @Sendable (CertificateID) async throws -> String?
    /// Attempts at one certificate in one job when the relay answers 4xx.
    public var attemptsPerRun = 3
    /// The pause before the first retry; doubled before each next one.
    public var backoff: Duration = .seconds(2)
    /// At most this many messages a minute (nil: as fast as the relay takes them).
    public var perMinute: Int?

    /// Mail through `transport`, every attempt recorded in `log`.
    public init(
        mail: CertificateMail, log: any DeliveryLog, relay: String, transport: @escaping @Sendable () throws -> any MailTransport,
        attachments: @escaping @Sendable (URL) -> Attachments,
        credential: @escaping @Sendable (CertificateID) async throws -> String? = { _ in nil }
    ) {
        self.mail = mail
        self.log = log
        self.relay = relay
        self.transport = transport
        self.attachments = attachments
        self.credential = credential
    }

    /// What a send job did.
    struct Sent {
        var outcome: DeliveryRun.Outcome
        /// Certificates the job had to send.
        var total: Int
    }

    /// Emails the valid certificates of `eventID` the relay has not accepted (with `retryFailed`,
    /// those that failed too; with `only`, that one, sent again), with `progress` after each; `since` is when the job was asked for, so that a job resumed after
    /// a restart does not send one certificate again that it already sent.
    /// - Throws: `SMTPError` when nothing can be sent (the relay unreachable, the login refused),
    ///   or the registry's error.
    func send(
        eventID: String, retryFailed: Bool, only: CertificateID?, since: Date, registry: any CertificateStore, folder: URL,
        progress: @escaping (_ sent: Int, _ failed: Int, _ of: Int) -> Void
    ) async throws -> Sent {
        var certificates = try await registry.certificates(eventID: eventID)
        let earlier = try await log.deliveries(eventID: eventID)
        var resend: Set<CertificateID> = []
        if let only {
            certificates = certificates.filter { $0.id == only }
            let sentByThisJob = earlier.contains { $0.certificateID == only && $0.outcome == .accepted && $0.at >= since }
            if !sentByThisJob { resend = [only] }
        }
        let plan = DeliveryPlan.decide(certificates, log: earlier, resend: resend, retryFailed: retryFailed || only != nil)
        var run = DeliveryRun(mail: mail, transport: try transport(), log: log, clock: { Date() })
        run.attemptsPerRun = attemptsPerRun
        run.backoff = backoff
        run.perMinute = perMinute
        run.retryHint = "press “Try the failed ones again” to send it again"
        run.progress = progress
        let pdfs = attachments(folder)
        let credential = self.credential
        let outcome = try await run.deliver(
            plan, eventID: eventID, earlier: earlier, pdf: { try await pdfs($0) }, credential: { try await credential($0.id) })
        let total = plan.count { if case .send = $0.1 { true } else { false } }
        return Sent(outcome: outcome, total: total)
    }
}
