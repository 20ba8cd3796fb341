import CPDCore
import Foundation

/// Keeps an event the console was given (by upload, form or API) with its attendance report,
/// owned by the account that gave it, and records who did it. An event ID another account's
/// event has is refused, so no one replaces someone else's event.
struct EventIntake {
    let store: any ConsoleStore
    let clock: @Sendable () -> Date

    /// Why an event cannot be kept.
    struct Refusal: Error {
        var message: String
    }

    /// The files added beside the report of the event `id`, when `account` may change it (none
    /// otherwise, so that nothing of another organiser's event shows in a message): a new upload
    /// of the event is read with them, as its batches will read it.
    func addedFiles(of id: String, for account: ConsoleAccount) async throws -> [ConsoleEventFile] {
        guard let existing = try await store.event(id: id), ConsoleAccess.mayChange(existing, account) else { return [] }
        return existing.files
    }

    /// Keeps `event` (its definition as given) and the report; `action` names how it came in the activity.
    func keep(
        _ event: Event, definition: Data, attendance: Data, fileName: String, by account: ConsoleAccount, action: String
    ) async throws -> ConsoleEvent {
        let existing = try await store.event(id: event.id)
        if let existing, !ConsoleAccess.mayChange(existing, account) {
            throw Refusal(message: "An event with the ID \(event.id) exists already and is not yours; give this one another ID.")
        }
        let now = clock()
        // A new upload of an event keeps its owner, those it is shared with and the files added beside its report.
        let kept = ConsoleEvent(
            eventID: event.id, ownerID: existing?.ownerID ?? account.id, definition: definition, attendance: attendance,
            attendanceFileName: fileName, createdAt: existing?.createdAt ?? now, sharedWith: existing?.sharedWith ?? [],
            files: existing?.files ?? [])
        try await store.saveEvent(kept)
        try await store.recordAction(
            ConsoleAction(at: now, accountEmail: account.email, action: action, subject: event.id, detail: fileName))
        return kept
    }
}
