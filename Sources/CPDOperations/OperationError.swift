public import CPDCore
public import CPDLedger

/// Why an operation did nothing (or, for `.output` after a recorded write, what it could not finish).
public enum OperationError: Error, CustomStringConvertible, Sendable {
    /// No certificate with this ID.
    case notFound(CertificateID)
    /// Only a valid certificate can be revoked or corrected.
    case notInForce(CertificateID, CertificateStatus)
    /// Only a revoked certificate can be reinstated.
    case notRevoked(CertificateID, CertificateStatus)
    /// The event's definition differs from the one its certificates were issued with.
    case eventChanged(EventDefinitionChanged)
    /// The event given is not the certificate's.
    case wrongEvent(given: String, certificate: CertificateID, belongsTo: String)
    /// The template prints dates in another locale, so the correction needs the event to re-write them.
    case needsEvent(template: String)
    /// An event-wide correction of an event with no certificates.
    case nothingIssued(String)
    /// An event-wide correction reissues what certificates print; it cannot re-judge attendance.
    case attendanceRuleChanged(String)
    /// A correction that changes nothing.
    case nothingToChange(CertificateID)
    /// The template (or its fonts or assets) cannot draw a certificate at all.
    case templateUnusable(String)
    /// This certificate cannot be drawn.
    case unrenderable(CertificateID, String)
    /// The registry failed or refused.
    case registry(RegistryError)
    /// A file could not be written or read.
    case output(String)
    /// Signing needs a key.
    case noSigningKey
    /// A certificate's Open Badges credential could not be made.
    case credential(String)
    /// Another key already signed the log at its current size.
    case checkpointConflict(CheckpointConflict)

    /// Wraps an adapter's error; known ones keep their meaning.
    init(_ error: any Error) {
        switch error {
        case let error as OperationError: self = error
        case RegistryError.notFound(let id): self = .notFound(id)
        case RegistryError.notInForce(let id, let status): self = .notInForce(id, status)
        case RegistryError.notRevoked(let id, let status): self = .notRevoked(id, status)
        case let error as RegistryError: self = .registry(error)
        case let error as EventDefinitionChanged: self = .eventChanged(error)
        case let error as OutputError: self = .output(error.description)
        case let error as CheckpointConflict: self = .checkpointConflict(error)
        default: self = .registry(.storage("\(error)"))
        }
    }

    public var description: String {
        switch self {
        case .notFound(let id):
            "no certificate \(id) in the registry"
        case .notInForce(let id, let status):
            RegistryError.notInForce(id, status).description
        case .notRevoked(let id, let status):
            RegistryError.notRevoked(id, status).description
        case .eventChanged(let changed):
            changed.description
        case .wrongEvent(let given, let id, let belongsTo):
            "the event file defines event '\(given)', but \(id) belongs to '\(belongsTo)'"
        case .needsEvent(let template):
            "template '\(template)' prints dates in another locale; pass --event with the event definition so they are re-written"
        case .nothingIssued(let eventID):
            "event '\(eventID)' has no certificates in this registry, so there is nothing to correct; issue them with 'cpdcert issue'"
        case .attendanceRuleChanged(let rule):
            "the attendance rule changed (\(rule)); an event-wide correction reissues what the certificates print and "
                + "cannot judge attendance again: keep the rule as it was issued, and revoke certificates that no longer "
                + "qualify one by one, or issue under a new event id"
        case .nothingToChange(let id):
            "the correction changes nothing that \(id) prints; give a new name, job title or organisation"
        case .templateUnusable(let reason):
            reason
        case .unrenderable(let id, let reason):
            "\(id) cannot be drawn: \(reason)"
        case .registry(let error):
            error.description
        case .output(let message):
            message
        case .credential(let reason):
            "the Open Badges credential: \(reason)"
        case .noSigningKey:
            "no log signing key; create one with 'cpdcert keys init --name <origin>'"
        case .checkpointConflict(let conflict):
            conflict.description
        }
    }
}
