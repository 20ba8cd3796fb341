import CPDCore
import CPDImport
import Foundation

/// An event's review, as the page and the API show it: each person with the planner's decision
/// (to issue, already issued, not eligible) and why, the rejected rows with their lines, and warnings.
struct EventReview {
    struct Person {
        var line: Int?
        var name: String
        var email: String
        var minutes: Int
        var why: String
        /// The certificate already issued to this person.
        var certificate: CertificateID?
        var eligible: Bool
    }

    var event: Event
    var people: [Person] = []
    var rejected: [Diagnostic]
    var warnings: [Diagnostic]
    /// Certificates the next batch would issue.
    var due = 0

    /// The review of `stored`, with what the registry has issued already.
    init(_ stored: ConsoleEvent, registry: any CertificateRegistry) async throws {
        event = try ConsoleWorkshop.event(stored.definition)
        let imported = try ConsoleWorkshop.attendance(of: stored, event: event)
        rejected = imported.report.rejected
        warnings = imported.report.warnings
        let issued = try await registry.issuedIDs(eventID: event.id)
        for decision in IssuancePlanner.decisions(event: event, evidence: imported.report.evidence, issued: issued) {
            switch decision {
            case .issue(let evidence, let eligibility):
                due += 1
                people.append(person(evidence, eligibility, certificate: nil))
            case .alreadyIssued(let evidence, let id):
                people.append(person(evidence, Eligibility(evidence: evidence, event: event), certificate: id))
            case .ineligible(let evidence, let eligibility):
                people.append(person(evidence, eligibility, certificate: nil))
            }
        }
    }

    private func person(_ evidence: AttendanceEvidence, _ eligibility: Eligibility, certificate: CertificateID?) -> Person {
        Person(
            line: evidence.lines.first, name: evidence.attendee.fullName, email: evidence.attendee.identity.email,
            minutes: eligibility.attendedSeconds / 60, why: eligibility.explanation, certificate: certificate,
            eligible: certificate != nil || eligibility.isEligible)
    }
}
