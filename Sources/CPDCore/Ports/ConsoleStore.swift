public import Foundation

/// What the organiser console keeps: accounts, hashed secrets (set-password links, sessions, API
/// tokens), the events it holds with their owner, background jobs and who did what.
/// Secrets are given and looked up by their SHA-256 only; no plain password or token is stored.
///
/// ```swift
/// let account = try await store.addAccount(email: "a.jones@example.org", role: .organiser, at: now)
/// try await store.addToken(kind: .setPassword, hash: sha256, accountID: account.id, label: "", expires: later, at: now)
/// ```
public protocol ConsoleStore: Sendable {
    /// Adds an account. - Throws: when the email is taken.
    func addAccount(email: String, role: ConsoleRole, at: Date) async throws -> ConsoleAccount
    func account(email: String) async throws -> ConsoleAccount?
    func account(id: Int64) async throws -> ConsoleAccount?
    /// Every account, oldest first.
    func accounts() async throws -> [ConsoleAccount]
    func setPasswordHash(_ hash: String, accountID: Int64) async throws
    /// Disables (or enables) an account; disabling ends its sessions and revokes its tokens.
    func setDisabled(_ disabled: Bool, accountID: Int64, at: Date) async throws
    /// Records the wrong-password count and lockout of an account.
    func setLoginFailures(_ count: Int, lockedUntil: Date?, accountID: Int64) async throws

    /// Keeps a secret's hash for an account.
    func addToken(kind: ConsoleTokenKind, hash: String, accountID: Int64, label: String, expires: Date?, at: Date) async throws
    /// The account a live secret (unexpired, unrevoked, unused) of `kind` belongs to.
    func tokenAccount(kind: ConsoleTokenKind, hash: String, at: Date) async throws -> Int64?
    /// Marks a one-time secret used; false if it was not live.
    func useToken(kind: ConsoleTokenKind, hash: String, at: Date) async throws -> Bool
    /// Revokes every secret of `kind` of an account.
    func revokeTokens(kind: ConsoleTokenKind, accountID: Int64, at: Date) async throws

    /// Keeps a session's hash until `expires`.
    func addSession(hash: String, accountID: Int64, expires: Date, at: Date) async throws
    /// The account of a live session.
    func sessionAccount(hash: String, at: Date) async throws -> Int64?
    func removeSession(hash: String) async throws

    /// Keeps an uploaded event with its files (replacing the upload of the same event ID; its
    /// owner, creation time and sharing stay as first kept).
    func saveEvent(_ event: ConsoleEvent) async throws
    func event(id: String) async throws -> ConsoleEvent?
    /// Every event, newest first.
    func events() async throws -> [ConsoleEvent]
    /// Shares an event with an organiser's account, or stops sharing it (`shared` false).
    func setShared(_ shared: Bool, eventID: String, accountID: Int64) async throws

    /// Adds a queued job that does `work`.
    func addJob(eventID: String, requestedBy: Int64, work: ConsoleJob.Work, at: Date) async throws -> ConsoleJob
    func updateJob(_ job: ConsoleJob) async throws
    /// Jobs of `eventID`, newest first.
    func jobs(eventID: String) async throws -> [ConsoleJob]
    /// Jobs a restarted console must (re)run: queued or running.
    func unfinishedJobs() async throws -> [ConsoleJob]

    /// Appends to the record of who did what.
    func recordAction(_ action: ConsoleAction) async throws
    /// The newest `limit` actions, newest first.
    func actions(limit: Int) async throws -> [ConsoleAction]
}

extension ConsoleStore {
    /// Adds a queued batch that issues the event's certificates.
    public func addJob(eventID: String, requestedBy: Int64, at: Date) async throws -> ConsoleJob {
        try await addJob(eventID: eventID, requestedBy: requestedBy, work: .issue, at: at)
    }
}
