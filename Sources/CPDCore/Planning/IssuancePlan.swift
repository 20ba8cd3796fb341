/// What the planner decided for one person.
public enum IssuanceDecision: Hashable, Sendable {
    /// Eligible and not yet issued: issue a certificate.
    case issue(AttendanceEvidence, Eligibility)
    /// A certificate for this event and identity exists already.
    case alreadyIssued(AttendanceEvidence, CertificateID)
    /// Below the rule: no certificate, with the reason.
    case ineligible(AttendanceEvidence, Eligibility)
}

/// The planner's complete answer for a batch.
public struct IssuancePlan: Sendable {
    /// One decision per identity, in input order.
    public var decisions: [IssuanceDecision]
    /// Rows rejected while reading the evidence.
    public var rejected: [Diagnostic]

    /// Creates a plan.
    public init(decisions: [IssuanceDecision], rejected: [Diagnostic]) {
        self.decisions = decisions
        self.rejected = rejected
    }

    /// How many certificates to issue (counted without building `toIssue`).
    public var toIssueCount: Int { decisions.count { if case .issue = $0 { true } else { false } } }

    /// How many people have a certificate already.
    public var alreadyIssuedCount: Int { decisions.count { if case .alreadyIssued = $0 { true } else { false } } }

    /// How many people are below the rule.
    public var ineligibleCount: Int { decisions.count { if case .ineligible = $0 { true } else { false } } }

    /// The people to issue to, with their assessment.
    public var toIssue: [(AttendanceEvidence, Eligibility)] {
        decisions.compactMap { if case .issue(let evidence, let eligibility) = $0 { (evidence, eligibility) } else { nil } }
    }

    /// Certificates that exist already.
    public var alreadyIssued: [(AttendanceEvidence, CertificateID)] {
        decisions.compactMap { if case .alreadyIssued(let evidence, let id) = $0 { (evidence, id) } else { nil } }
    }

    /// People below the rule.
    public var ineligible: [(AttendanceEvidence, Eligibility)] {
        decisions.compactMap { if case .ineligible(let evidence, let eligibility) = $0 { (evidence, eligibility) } else { nil } }
    }
}

/// Decides, without side effects, what a batch must do.
public enum IssuancePlanner {
    /// Plans a batch for `event` from `report`, given the identities the registry already holds
    /// a certificate for.
    public static func plan(
        event: Event, report: AttendanceReport, issued: [AttendeeIdentity: CertificateID]
    ) -> IssuancePlan {
        IssuancePlan(decisions: Array(decisions(event: event, evidence: report.evidence, issued: issued)), rejected: report.rejected)
    }

    /// The decisions of `plan`, in input order, each made when it is reached: for a caller that
    /// writes every person out as it goes, rather than holding a batch's decisions beside its evidence.
    public static func decisions(
        event: Event, evidence: [AttendanceEvidence], issued: [AttendeeIdentity: CertificateID]
    ) -> LazyMapSequence<[AttendanceEvidence], IssuanceDecision> {
        // The rule's words are one string shared by every assessment, not one per person.
        let required = event.requiredSeconds
        let rule = event.ruleSummary
        return evidence.lazy.map { evidence -> IssuanceDecision in
            if let id = issued[evidence.attendee.identity] {
                return .alreadyIssued(evidence, id)
            }
            let eligibility = Eligibility(time: evidence.attendedTime(in: event), event: event, required: required, rule: rule)
            return eligibility.isEligible ? .issue(evidence, eligibility) : .ineligible(evidence, eligibility)
        }
    }
}
