import CPDCore
import Foundation

/// Sharing an event with other organisers, for the pages and the API alike: they then see it and
/// work on it (review, issue, send, revoke, correct) as its owner does; only its owner and admins
/// share it or stop sharing it. Each change is recorded in the activity.
struct EventSharing {
    let store: any ConsoleStore
    let clock: @Sendable () -> Date

    /// Why an account cannot be shared with, in words for the field it was typed in.
    struct Refusal: Error {
        var message: String
    }

    /// The accounts `event` is shared with, by email.
    func accounts(of event: ConsoleEvent) async throws -> [ConsoleAccount] {
        var accounts: [ConsoleAccount] = []
        for id in event.sharedWith { if let account = try await store.account(id: id) { accounts.append(account) } }
        return accounts.sorted { $0.email < $1.email }
    }

    /// Shares `event` with the organiser whose address is `email`; the account shared with.
    /// - Throws: `Refusal` for an unknown address, the owner, or an account that is not an organiser's.
    func share(_ event: ConsoleEvent, with email: String, by account: ConsoleAccount) async throws -> ConsoleAccount {
        let typed = email.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !typed.isEmpty else { throw Refusal(message: "Give the email address of the organiser to share it with.") }
        guard let other = try await store.account(email: typed) else {
            throw Refusal(message: "No account has the address \(typed); an admin adds accounts on the Accounts page.")
        }
        guard other.id != event.ownerID else { throw Refusal(message: "\(other.email) owns this event already.") }
        guard other.role == .organiser else {
            throw Refusal(
                message: "\(other.email) is an \(other.role.rawValue): admins and auditors see every event already; share with organisers.")
        }
        guard !other.disabled else { throw Refusal(message: "\(other.email) is disabled.") }
        try await store.setShared(true, eventID: event.eventID, accountID: other.id)
        try await store.recordAction(
            ConsoleAction(at: clock(), accountEmail: account.email, action: "event.share", subject: event.eventID, detail: other.email))
        return other
    }

    /// Stops sharing `event` with `other`.
    func unshare(_ event: ConsoleEvent, with other: ConsoleAccount, by account: ConsoleAccount) async throws {
        try await store.setShared(false, eventID: event.eventID, accountID: other.id)
        try await store.recordAction(
            ConsoleAction(at: clock(), accountEmail: account.email, action: "event.unshare", subject: event.eventID, detail: other.email))
    }
}
