public import Foundation

/// Where issued certificates, their history and the transparency log are kept: SQLite
/// (CPDRegistry) in production, the in-memory twin in tests and dry runs. Nothing here may
/// assume SQLite.
///
/// One port per concern (see Sources/CPDCore/Ports): `CertificateStore`, `StatusHistory`,
/// `TransparencyLog`, `AttendanceRegister`, `EventDefinitions` and `RenderingArchive`. A registry is all of them,
/// over one storage, because every write appends the matching log entries in the same
/// transaction: the registry and its log can never disagree except by tampering, which
/// `cpdcert audit verify` detects. Code that needs one concern takes that port.
public protocol CertificateRegistry: CertificateStore, StatusHistory, TransparencyLog, AttendanceRegister, EventDefinitions,
    RenderingArchive
{}

/// A second stored copy of a certificate's value that differs from the record as read.
public struct StoredCopyMismatch: Hashable, Sendable {
    /// The certificate's ID as stored.
    public var certificateID: String
    /// Where the copy is kept, e.g. `certificate.attendee_name`.
    public var copy: String
    /// What the record holds instead, e.g. `content.attendeeName`.
    public var original: String

    /// Creates a mismatch.
    public init(certificateID: String, copy: String, original: String) {
        self.certificateID = certificateID
        self.copy = copy
        self.original = original
    }
}

/// One entry of the transparency log as stored.
public struct LogEntry: Hashable, Sendable {
    public var index: Int
    /// The certificate the entry is about; nil for an attendance record, which is about no certificate.
    public var certificateID: CertificateID?
    /// The canonical bytes (see `TransparencyEntry`).
    public var body: [UInt8]
    public var leafHash: SHA256Digest

    /// Creates a stored entry.
    public init(index: Int, certificateID: CertificateID?, body: [UInt8], leafHash: SHA256Digest) {
        self.index = index
        self.certificateID = certificateID
        self.body = body
        self.leafHash = leafHash
    }
}

/// A signed checkpoint as stored: the tree size, root and the signed note text.
public struct StoredCheckpoint: Hashable, Sendable {
    public var size: Int
    public var root: SHA256Digest
    /// The whole signed note (C2SP checkpoint format).
    public var note: String
    public var createdAt: Date

    /// Creates a stored checkpoint.
    public init(size: Int, root: SHA256Digest, note: String, createdAt: Date) {
        self.size = size
        self.root = root
        self.note = note
        self.createdAt = createdAt
    }
}

/// What one batch's evidence said about one person: the register an auditor reads.
public struct AttendanceRecord: Hashable, Sendable, Codable {
    public var eventID: String
    public var identity: AttendeeIdentity
    public var name: String
    public var attendedSeconds: Int
    public var requiredSeconds: Int
    public var liveSeconds: Int
    public var rule: String
    public var eligible: Bool
    /// SHA-256 of the attendance file, and the lines the person's rows were on. From several
    /// files: their evidence hash (`AttendanceSource.evidenceSHA256(of:)`) and the lines in the
    /// first file that has the person's rows, with every file's in `sources`.
    public var sourceSHA256: String
    public var lines: [Int]
    /// From several files: each file's SHA-256 and the lines of the person's rows in it, in
    /// the order the files were given; empty for a record from one file.
    public var sources: [SourceRows] = []
    public var recordedAt: Date
    /// A fresh random salt (32 lower-case hex digits) for the record's log entry, which commits
    /// to the identity and the name with it, as a certificate's does, so the log names no one.
    public var identitySalt: String

    /// Creates a record.
    public init(
        eventID: String, identity: AttendeeIdentity, name: String, eligibility: Eligibility, sourceSHA256: String,
        lines: [Int], recordedAt: Date, identitySalt: String
    ) {
        self.eventID = eventID
        self.identity = identity
        self.name = name
        self.attendedSeconds = eligibility.attendedSeconds
        self.requiredSeconds = eligibility.requiredSeconds
        self.liveSeconds = eligibility.liveSeconds
        self.rule = eligibility.rule
        self.eligible = eligibility.isEligible
        self.sourceSHA256 = sourceSHA256
        self.lines = lines
        self.recordedAt = recordedAt
        self.identitySalt = identitySalt
    }
}

extension AttendanceRecord {
    /// The rows of one person in one attendance file.
    public struct SourceRows: Hashable, Sendable, Codable {
        /// Hex SHA-256 of the file.
        public var sha256: String
        /// 1-based lines of the person's rows in it.
        public var lines: [Int]

        /// Creates the rows of a file.
        public init(sha256: String, lines: [Int]) {
            self.sha256 = sha256
            self.lines = lines
        }
    }
}

/// Registry failures, translated from the storage's own errors at the boundary.
public enum RegistryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A certificate with this ID exists already.
    case duplicateID(CertificateID)
    /// This event already has a certificate for this identity.
    case duplicateAttendee(eventID: String, certificateID: CertificateID)
    /// No certificate with this ID.
    case notFound(CertificateID)
    /// The certificate was already revoked or superseded.
    case notInForce(CertificateID, CertificateStatus)
    /// Only a revoked certificate can be reinstated.
    case notRevoked(CertificateID, CertificateStatus)
    /// A stored row could not be read back.
    case corruptRecord(id: String, reason: String)
    /// The storage failed (cannot open, disk full, locked ...).
    case storage(String)
    /// The storage cannot be reached just now (a database server down or restarting, no
    /// connection within the deadline): the same request may succeed later.
    case unavailable(String)

    public var description: String {
        switch self {
        case .duplicateID(let id):
            "certificate ID \(id) is already in the registry"
        case .duplicateAttendee(let eventID, _):
            "another run issued a certificate to the same attendee of event '\(eventID)' at the same time, so this run's "
                + "batch was not recorded (its IDs were never issued); run the same command again once the other has "
                + "finished: it issues only what is still missing"
        case .notFound(let id):
            "no certificate \(id) in the registry"
        case .notInForce(let id, let status):
            "certificate \(id) is already \(status.rawValue); only a valid certificate can be revoked or corrected"
        case .notRevoked(let id, let status):
            "certificate \(id) is \(status.rawValue), not revoked; only a revoked certificate can be reinstated"
        case .corruptRecord(let id, let reason):
            "the registry's record of \(id) cannot be read: \(reason)"
        case .storage(let message), .unavailable(let message):
            message
        }
    }
}
