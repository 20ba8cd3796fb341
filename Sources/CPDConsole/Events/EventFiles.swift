import CPDCore
import Foundation

/// Files added to a console event after its first attendance report, for the pages and the API
/// alike: another report (the telephone dial-ins beside the Zoom report), the registration list
/// that identifies a report's names-only rows, or the linked addresses of people who used two.
/// A file is kept only when the event's files, read together as `cpdcert issue` reads them, can
/// be read; the next batch issues what they make due.
struct EventFiles {
    let store: any ConsoleStore
    let clock: @Sendable () -> Date

    /// Why a file is not added, in words for the field it was chosen in.
    struct Refusal: Error {
        var message: String
    }

    /// Adds `file` to `stored` and keeps it; the event as now kept.
    /// - Throws: `Refusal` for an empty file, a second roster or aliases file, a name the event
    ///   has already, or files that cannot be read together.
    func add(_ file: ConsoleEventFile, to stored: ConsoleEvent, by account: ConsoleAccount) async throws -> ConsoleEvent {
        guard !file.content.isEmpty else { throw Refusal(message: "Choose the file to add.") }
        if file.kind != .attendance, let earlier = stored.files.first(where: { $0.kind == file.kind }) {
            throw Refusal(message: "This event has \(Self.words(file.kind)) already (\(earlier.name)); remove it first.")
        }
        guard file.name != stored.attendanceFileName, !stored.files.contains(where: { $0.name == file.name }) else {
            throw Refusal(message: "The event has a file named \(file.name) already; rename this one so that each is told apart.")
        }
        var changed = stored
        changed.files.append(file)
        do {
            _ = try ConsoleWorkshop.attendance(of: changed, event: try ConsoleWorkshop.event(stored.definition))
        } catch {
            throw Refusal(message: Self.inConsoleWords(error.description))
        }
        try await store.saveEvent(changed)
        try await store.recordAction(
            ConsoleAction(
                at: clock(), accountEmail: account.email, action: "event.file", subject: stored.eventID,
                detail: "\(file.kind.rawValue): \(file.name)"))
        return changed
    }

    /// Removes the added file at `index` of `stored`.
    /// - Throws: `Refusal` when the files left cannot be read together (a report that names
    ///   people without addresses needs the registration list).
    func remove(at index: Int, of stored: ConsoleEvent, by account: ConsoleAccount) async throws {
        guard stored.files.indices.contains(index) else { throw ConsoleAccess.notFound() }
        var changed = stored
        let removed = changed.files.remove(at: index)
        do {
            _ = try ConsoleWorkshop.attendance(of: changed, event: try ConsoleWorkshop.event(stored.definition))
        } catch {
            throw Refusal(message: "Without \(removed.name) the event's files cannot be read: \(Self.inConsoleWords(error.description))")
        }
        try await store.saveEvent(changed)
        try await store.recordAction(
            ConsoleAction(
                at: clock(), accountEmail: account.email, action: "event.file.remove", subject: stored.eventID,
                detail: "\(removed.kind.rawValue): \(removed.name)"))
    }

    /// The importers' words for the console: where they name `cpdcert issue`'s options for the
    /// files of an event, the console's way of adding them.
    static func inConsoleWords(_ message: String) -> String {
        message.replacingOccurrences(
            of: "with --roster FILE", with: "as a file of this event (a registration list, added before the reports that need it)"
        )
        .replacingOccurrences(of: "pass the registration list with --roster", with: "add the event's registration list")
    }

    /// "a registration list", for messages.
    static func words(_ kind: ConsoleEventFile.Kind) -> String {
        switch kind {
        case .attendance: "an attendance report"
        case .roster: "a registration list"
        case .aliases: "a list of linked addresses"
        }
    }
}
