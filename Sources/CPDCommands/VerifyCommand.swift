import ArgumentParser
import CPDCore
import Foundation

/// `cpdcert verify <ID>`: is this certificate genuine and in force?
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a certificate ID against the registry.",
        discussion: "Exit status: 0 valid; 1 unknown; 2 revoked or superseded; 64 malformed or mistyped.")

    @Argument(help: "The certificate ID (case, spaces and hyphens do not matter).")
    var id: String

    @OptionGroup var registry: RegistryOptions

    @Flag(help: "Print JSON (the API's shape) instead of text.")
    var json = false

    func run() async throws {
        let registry = try await registry.open(readOnly: true)
        switch try await Verification.check(id, in: registry) {
        case .found(let certificate):
            var view = PublicCertificate(certificate, replacements: try await CorrectionChain.replacements(of: certificate, in: registry))
            let history = try await registry.statusHistory(certificateID: certificate.id)
            if !history.isEmpty { view.statusHistory = history.map(PublicCertificate.StatusChangeDetails.init) }
            if json {
                Console.printJSON(String(decoding: try PublicCertificate.makeEncoder().encode(view), as: UTF8.self))
            } else {
                Console.print(Self.text(view, status: certificate.status))
            }
            if certificate.status != .valid { throw ExitStatus.notInForce }
        case .unknown(let id):
            if json {
                Console.print(#"{"error":{"code":"not_found","id":"\#(id)"}}"#)
            }
            Console.error("no certificate \(id) in \(self.registry.display); check the ID, or the registry path")
            throw ExitStatus.notFound
        case .malformed(let error):
            Console.error("'\(id)': \(error)")
            throw ExitStatus.usage
        }
    }

    static func text(_ view: PublicCertificate, status: CertificateStatus) -> String {
        var lines = [
            "\(view.id): \(status.rawValue.uppercased())",
            status.sentence,
        ]
        if let detail = view.statusChange {
            let when = TransparencyEntry.timestamp(detail.at)
            if let replacement = detail.replacedBy { lines.append("Superseded by \(replacement) on \(when).") }
            if let current = detail.currentCertificate, current != detail.replacedBy {
                let through = (detail.replacementChain ?? []).dropLast().joined(separator: ", ")
                lines.append("Corrected again since (through \(through)): the certificate to check now is \(current).")
            }
            if let reason = detail.reasonText { lines.append("Revoked on \(when): \(reason).") }
        }
        if let earlier = view.supersedes { lines.append("This certificate corrects \(earlier).") }
        if let history = view.statusHistory, history.contains(where: { $0.status == .valid }) {
            lines.append("History:")
            for change in history {
                let when = TransparencyEntry.timestamp(change.at)
                switch change.status {
                case .valid: lines.append("  \(when)  reinstated (the revocation was undone)")
                case .revoked: lines.append("  \(when)  revoked: \(change.reasonText ?? "no reason given")")
                case .superseded: lines.append("  \(when)  superseded by \(change.replacedBy ?? "")")
                }
            }
        }
        lines += [
            "",
            "Name:          \(view.attendee.name)",
        ]
        if let job = view.attendee.jobTitle { lines.append("Job title:     \(job)") }
        if let organisation = view.attendee.organisation { lines.append("Organisation:  \(organisation)") }
        lines += [
            "Event:         \(view.event.title)",
            "Format:        \(view.event.format)",
            "Date:          \(view.event.date), \(view.event.times)",
            "CPD hours:     \(view.event.cpdHours) (contact time)",
            "Attendance:    attended \(view.attendance.attendedMinutes) of \(view.attendance.liveMinutes) minutes; rule: \(view.attendance.rule)",
            "Organiser:     \(view.organiser.name)",
            "Signed by:     \(view.signatory.name), \(view.signatory.role ?? "")",
            "Issued:        \(view.issueDate)",
            "Verify at:     \(view.verificationUrl)",
            "PDF SHA-256:   \(view.pdfSha256)",
            "Learning outcomes:",
        ]
        lines += view.event.learningOutcomes.map { "  - \($0)" }
        return lines.map(Console.line).joined(separator: "\n")
    }
}
