public import CPDCore

/// What to do with each certificate of an event, from its status and its delivery log: a pure
/// decision, carried out by `DeliveryRun`.
public enum DeliveryDecision: Sendable, Equatable {
    /// Send it (a correction's message names the certificate it replaces).
    case send(replaces: CertificateID?)
    /// Accepted by the server in an earlier run: not sent again unless named with --resend.
    case alreadySent
    /// Failed in an earlier run (the latest reply): left for --retry-failed.
    case failedEarlier(DeliveryAttempt)
    /// Never sent: revoked, or replaced by a correction.
    case skipped(String)
}

/// Decides, per certificate, whether this run sends it.
public enum DeliveryPlan {
    /// The decision for each of `certificates`, in their order. `resend` names certificates to
    /// send again although delivered; `retryFailed` sends those whose earlier attempts failed.
    public static func decide(
        _ certificates: [Certificate], log: [DeliveryAttempt], resend: Set<CertificateID> = [], retryFailed: Bool = false
    ) -> [(Certificate, DeliveryDecision)] {
        let statuses = DeliveryStatus.byCertificate(log)
        return certificates.map { certificate in
            switch certificate.status {
            case .revoked: return (certificate, .skipped("revoked"))
            case .superseded: return (certificate, .skipped("superseded"))
            case .valid: break
            }
            let send = DeliveryDecision.send(replaces: certificate.supersedes)
            guard let status = statuses[certificate.id], !resend.contains(certificate.id) else { return (certificate, send) }
            if status.delivered { return (certificate, .alreadySent) }
            if retryFailed { return (certificate, send) }
            return (certificate, status.latest.map { .failedEarlier($0) } ?? send)
        }
    }
}
