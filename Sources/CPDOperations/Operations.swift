public import CPDBadges
public import CPDCore
public import CPDLedger
public import Foundation

/// Every operation that changes the registry: issue a batch, correct one certificate, revoke,
/// sign a checkpoint. The CLI calls these, and so will every later front end (the organiser
/// console, its API, delivery); none re-implements them. Each failure is an `OperationError`.
///
/// ```swift
/// let operations = Operations(registry: registry, logKey: try keys.signingKey())
/// let revocation = try await operations.revoke(id, reason: .issuedInError, note: nil, by: "a.jones")
/// ```
/// Time and randomness are injected, so a test can fix both: `clock` gives now (operations keep
/// whole seconds, as the log does) and `random` every new certificate ID and identity salt.
public struct Operations: Sendable {
    /// Where certificates, their history and the log are kept.
    public let registry: any CertificateRegistry
    /// Now.
    public let clock: @Sendable () -> Date
    /// New certificate IDs and identity salts.
    public let random: any RandomSource
    /// Signs a checkpoint after every write, when given.
    public let logKey: LogKey?
    /// Signs an Open Badges credential for every certificate issued, when given and the
    /// registry keeps credentials.
    public let credentialKey: CredentialKey?

    /// Operations on `registry`; a checkpoint is signed with `logKey` after each write, and each
    /// new certificate gets a credential signed with `credentialKey`.
    public init(
        registry: any CertificateRegistry, clock: @escaping @Sendable () -> Date = { Date() },
        random: any RandomSource = SystemRandomSource(), logKey: LogKey? = nil, credentialKey: CredentialKey? = nil
    ) {
        self.registry = registry
        self.credentialKey = credentialKey
        self.clock = clock
        self.random = random
        self.logKey = logKey
    }

    /// Now, to the whole second (the log records whole seconds).
    public var now: Date {
        Date(timeIntervalSince1970: clock().timeIntervalSince1970.rounded(.down))
    }

    /// Signs and stores a checkpoint of the log as it stands, and returns it.
    /// - Throws: `.noSigningKey`, `.checkpointConflict` when another key signed this size, `.registry`.
    public func signCheckpoint() async throws(OperationError) -> StoredCheckpoint {
        guard let logKey else { throw .noSigningKey }
        do {
            return try await Checkpointer.checkpoint(registry, key: logKey, now: now)
        } catch let conflict as CheckpointConflict {
            throw .checkpointConflict(conflict)
        } catch {
            throw OperationError(error)
        }
    }

    /// The checkpoint every write ends with: signed when there is a key.
    func checkpointAfterWrite() async throws(OperationError) -> CheckpointOutcome {
        guard logKey != nil else { return .unsigned }
        do {
            return .signed(try await signCheckpoint())
        } catch .checkpointConflict(let conflict) {
            // Nothing new was logged since another key signed: the work is done, only this signature is not kept.
            return .conflict(conflict)
        }
    }
}

/// What became of the checkpoint after a write.
public enum CheckpointOutcome: Sendable {
    /// Signed and stored.
    case signed(StoredCheckpoint)
    /// No signing key was given: the write is recorded, the log is not signed.
    case unsigned
    /// Another key already signed the log at this size; this signature was not kept.
    case conflict(CheckpointConflict)
}
