import CPDCore
import CPDOperations
import Hummingbird

/// Revoking and reinstating, for the pages and the API alike: the operation with the account as
/// its operator, then the console's record of who did it.
struct CertificateActions {
    let store: any ConsoleStore
    let operations: Operations

    func revoke(_ id: CertificateID, reason: RevocationReason, note: String?, by account: ConsoleAccount) async throws -> StatusChange {
        let revocation: Revocation
        do {
            revocation = try await operations.revoke(id, reason: reason, note: note, by: account.email)
        } catch {
            throw refused(error)
        }
        try await store.recordAction(
            ConsoleAction(
                at: operations.now, accountEmail: account.email, action: "revoke", subject: id.description, detail: reason.rawValue))
        return revocation.change
    }

    func reinstate(_ id: CertificateID, reason: String, by account: ConsoleAccount) async throws -> StatusChange {
        let reinstatement: Reinstatement
        do {
            reinstatement = try await operations.reinstate(id, reason: reason, by: account.email)
        } catch {
            throw refused(error)
        }
        try await store.recordAction(
            ConsoleAction(at: operations.now, accountEmail: account.email, action: "reinstate", subject: id.description, detail: reason))
        return reinstatement.change
    }

    /// An operation's refusal (not in force, not revoked) as 409 with its reason.
    private func refused(_ error: OperationError) -> HTTPError {
        HTTPError(.conflict, message: error.description)
    }
}
