public import CPDCore
import Foundation

/// Refuses work on an event whose definition is not the one its certificates were issued with:
/// an organiser who copied last month's `event.yaml` and forgot to change its `id`, or fixed a
/// typo in the title in place, is told what differs instead of getting the old event's PDFs.
///
/// The registry freezes each event's definition at its first issue (`EventDefinition`). For an
/// event issued before definitions were kept, the printed fields of one of its certificates are
/// compared instead, and the definition is frozen at the next batch.
public enum EventGuard {
    /// Throws `EventDefinitionChanged` when `event` differs from what its certificates hold.
    public static func check(_ event: Event, registry: any CertificateRegistry) async throws {
        let current = EventDefinition(event)
        if let frozen = try await registry.eventDefinition(eventID: event.id) {
            let changes = frozen.changes(to: current)
            if !changes.isEmpty { throw EventDefinitionChanged(eventID: event.id, changes: changes) }
            return
        }
        guard let issued = try await registry.certificates(eventID: event.id, after: nil, limit: 1).first else { return }
        let changes = try printedChanges(issued, event: event)
        if !changes.isEmpty { throw EventDefinitionChanged(eventID: event.id, changes: changes) }
    }

    /// The event-level fields `certificate` printed that `event` would print otherwise.
    /// `composer` is `event`'s (default locales); pass it when comparing many certificates.
    static func printedChanges(_ certificate: Certificate, event: Event, composer: CertificateComposer? = nil) throws -> [String] {
        let old = certificate.content
        let new = try (composer ?? CertificateComposer(event: event))
            .content(for: certificate.attendee, id: certificate.id, issuedAt: certificate.issuedAt)
        let rule = event.ruleSummary
        let pairs: [(String, String, String)] = [
            ("title", old.eventTitle, new.eventTitle), ("format", old.eventFormat, new.eventFormat),
            ("date", old.eventDate, new.eventDate), ("times", old.eventTimes, new.eventTimes), ("cpd_hours", old.cpdHours, new.cpdHours),
            ("learning_outcomes", old.learningOutcomes.joined(separator: " | "), new.learningOutcomes.joined(separator: " | ")),
            ("organiser.name", old.organiserName, new.organiserName), ("organiser.url", old.organiserURL ?? "", new.organiserURL ?? ""),
            ("signatory.name", old.signatoryName, new.signatoryName), ("signatory.role", old.signatoryRole, new.signatoryRole),
            ("verification.base_url", old.verificationURL, new.verificationURL), ("template", certificate.templateName, event.templateName),
            ("attendance", certificate.eligibility.rule, rule),
        ]
        return pairs.filter { $0.1 != $0.2 }.map { "\($0.0): '\($0.1)' -> '\($0.2)'" }
    }
}

/// An event's definition differs from the one its certificates were issued with.
public struct EventDefinitionChanged: Error, CustomStringConvertible, Sendable {
    /// The event id.
    public let eventID: String
    /// One line per differing field: `title: 'old' -> 'new'`.
    public let changes: [String]

    public var description: String {
        "event '\(eventID)' already has certificates issued with a different definition, so nothing was done:\n"
            + changes.map { "  \($0)\n" }.joined()
            + "If this is a new event, give it a new 'id' in its event file. If the issued certificates are wrong, reissue "
            + "every one that changes with 'cpdcert correct --event FILE --reason TEXT' (try --dry-run first); to keep them, "
            + "use the file as it was issued.\n"
    }
}
