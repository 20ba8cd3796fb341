import CPDCore
import CPDOperations
import Foundation
import Hummingbird

/// Revoking, reinstating and correcting, for the pages and the API alike: the operation with the
/// account as its operator, then the console's record of who did it.
struct CertificateActions {
    let store: any ConsoleStore
    let workshop: ConsoleWorkshop

    var operations: Operations { workshop.operations }

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

    /// Issues a corrected certificate that supersedes `certificate` (of the console's `event`) and returns it.
    func correct(
        _ certificate: Certificate, of event: ConsoleEvent?, changes: AttendeeChanges, reason: String, by account: ConsoleAccount
    ) async throws -> Certificate {
        guard let event else {
            throw HTTPError(
                .conflict, message: "The console does not hold this certificate's event, so it cannot draw it again; use cpdcert correct.")
        }
        let correction: Correction
        do {
            correction = try await workshop.correct(certificate.id, of: event, changes: changes, reason: reason, by: account.email)
        } catch let error as OperationError {
            throw refused(error)
        } catch let problem as ConsoleWorkshop.UploadProblem {
            throw HTTPError(.conflict, message: problem.description)
        }
        try await store.recordAction(
            ConsoleAction(
                at: operations.now, accountEmail: account.email, action: "correct", subject: certificate.id.description,
                detail: "\(correction.new.id): \(reason)"))
        return correction.new
    }

    /// Re-issues the certificates of the console's event `stored` whose printed fields change
    /// under `definition`, a changed definition of the same event (checked by the loader that
    /// checks an upload), then keeps it as the event's definition.
    /// - Throws: `EventCorrectionProblem` when the definition cannot be used, `HTTPError` (409)
    ///   when the operation refuses or a certificate cannot be drawn.
    func correctEvent(
        _ stored: ConsoleEvent, definition: Data, reason: String, by account: ConsoleAccount
    ) async throws -> EventCorrection {
        let event: Event
        do {
            event = try ConsoleWorkshop.event(definition)
        } catch {
            throw EventCorrectionProblem(message: error.event ?? "\(error)")
        }
        guard event.id == stored.eventID else {
            throw EventCorrectionProblem(
                message: "This definition is of the event \(event.id), not \(stored.eventID): a correction keeps the event's ID.")
        }
        let correction: EventCorrection
        do {
            correction = try await workshop.correctEvent(event, reason: reason, by: account.email)
        } catch let error as OperationError {
            throw refused(error)
        }
        // The registry's frozen definition is the new one now, so batches must read it.
        var kept = stored
        kept.definition = definition
        try await store.saveEvent(kept)
        try await store.recordAction(
            ConsoleAction(
                at: operations.now, accountEmail: account.email, action: "event.correct", subject: stored.eventID,
                detail: "\(correction.corrected) corrected: \(reason)"))
        if !correction.failed.isEmpty {
            throw HTTPError(
                .conflict,
                message: "\(correction.failed.count) certificates could not be drawn again: "
                    + correction.failed.map { "\($0.name): \($0.reason)" }.joined(separator: "; "))
        }
        return correction
    }

    /// An operation's refusal as 422 when nothing was asked, else 409 (not in force, not revoked), with its reason.
    private func refused(_ error: OperationError) -> HTTPError {
        if case .nothingToChange = error { return HTTPError(.unprocessableContent, message: error.description) }
        return HTTPError(.conflict, message: error.description)
    }
}

/// Why a changed event definition cannot be used for a correction, in the loader's words.
struct EventCorrectionProblem: Error {
    var message: String
}
