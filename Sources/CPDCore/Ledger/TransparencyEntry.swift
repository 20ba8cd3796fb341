public import Foundation

/// One entry of the transparency log, in a canonical, versioned serialisation: the bytes that
/// are hashed into the Merkle tree and published in proofs. Never contains an email address.
///
/// ```swift
/// let bytes = TransparencyEntry.issued(certificate).canonicalBytes
/// let leaf = MerkleTree.leafHash(bytes)
/// ```
public enum TransparencyEntry: Hashable, Sendable {
    /// A certificate was issued (a correction is an issue that names what it supersedes).
    case issued(Certificate)
    /// A certificate was revoked or superseded.
    case statusChanged(StatusChange)
    /// What a batch's evidence said about one person (eligible or not), committing to who they
    /// are and their name with the record's salt: the log shows the minutes and the verdict,
    /// never the person.
    case attendanceRecorded(AttendanceRecord)
    /// A certificate's Open Badges credential was signed: its hash and status list index.
    case credentialIssued(IssuedCredential)

    /// The serialisation version written now.
    public static let version = 1

    /// The certificate the entry is about; nil for an attendance record.
    public var certificateID: CertificateID? {
        switch self {
        case .issued(let certificate): certificate.id
        case .statusChanged(let change): change.certificateID
        case .credentialIssued(let credential): credential.certificateID
        case .attendanceRecorded: nil
        }
    }

    /// The `type` of an attendance record's entry.
    public static let attendanceType = "attendance-recorded"

    /// The canonical bytes.
    public var canonicalBytes: [UInt8] { json.bytes }

    /// The entry as canonical JSON.
    public var json: CanonicalJSON {
        switch self {
        case .issued(let certificate):
            return Self.adding(operator: certificate.issuedBy, to: Self.issueEntry(certificate))
        case .statusChanged(let change):
            return .object([
                "type": .string("certificate-status-changed"),
                "version": .integer(Self.version),
                "change": .object([
                    "certificate_id": .string(change.certificateID.description),
                    "status": .string(change.status.rawValue),
                    "reason": .optional(change.reason?.rawValue),
                    "note_sha256": .optional(change.note.map { SHA256Digest(hashing: Array($0.utf8)).hex }),
                    "operator": .string(change.operatorName),
                    "at": .string(Self.timestamp(change.at)),
                    "replaced_by": .optional(change.replacedBy?.description),
                ]),
            ])
        case .credentialIssued(let credential):
            return .object([
                "type": .string("credential-issued"),
                "version": .integer(Self.version),
                "credential": .object([
                    "certificate_id": .string(credential.certificateID.description),
                    "status_index": .integer(credential.statusIndex),
                    "sha256": .string(credential.sha256),
                ]),
            ])
        case .attendanceRecorded(let record):
            let entry = CanonicalJSON.object([
                "type": .string(Self.attendanceType),
                "version": .integer(Self.version),
                "record": .object([
                    "event_id": .string(record.eventID),
                    "identity_commitment": .string(Self.identityCommitment(salt: record.identitySalt, record.identity).hex),
                    "name_commitment": .string(Self.nameCommitment(record).hex),
                    "source_sha256": .string(record.sourceSHA256),
                    "lines": .array(record.lines.map(CanonicalJSON.integer)),
                    "attended_seconds": .integer(record.attendedSeconds),
                    "required_seconds": .integer(record.requiredSeconds),
                    "live_seconds": .integer(record.liveSeconds),
                    "rule": .string(record.rule),
                    "eligible": .bool(record.eligible),
                    "recorded_at": .string(Self.timestamp(record.recordedAt)),
                ]),
            ])
            return Self.adding(record.sources, to: entry)
        }
    }

    /// An issue entry as it was written before the operator was recorded.
    private static func issueEntry(_ certificate: Certificate) -> CanonicalJSON {
        let content = certificate.content
        let eligibility = certificate.eligibility
        return .object([
            "type": .string("certificate-issued"),
            "version": .integer(Self.version),
            "certificate": .object([
                "id": .string(certificate.id.description),
                "event_id": .string(certificate.eventID),
                "identity_commitment": .string(Self.identityCommitment(certificate).hex),
                "supersedes": .optional(certificate.supersedes?.description),
                "issued_at": .string(Self.timestamp(certificate.issuedAt)),
                "template": .object([
                    "name": .string(certificate.templateName), "sha256": .string(certificate.templateSHA256),
                ]),
                "pdf_sha256": .string(certificate.pdfSHA256),
                "evidence_sha256": .optional(certificate.evidenceSHA256),
                "eligibility": .object([
                    "attended_seconds": .integer(eligibility.attendedSeconds),
                    "required_seconds": .integer(eligibility.requiredSeconds),
                    "live_seconds": .integer(eligibility.liveSeconds),
                    "rule": .string(eligibility.rule),
                ]),
                "printed": .object([
                    "certificate_id": .string(content.certificateID),
                    "verification_url": .string(content.verificationURL),
                    "attendee_name": .string(content.attendeeName),
                    "job_title": .optional(content.jobTitle),
                    "organisation": .optional(content.organisation),
                    "event_title": .string(content.eventTitle),
                    "event_format": .string(content.eventFormat),
                    "event_date": .string(content.eventDate),
                    "event_times": .string(content.eventTimes),
                    "cpd_hours": .string(content.cpdHours),
                    "learning_outcomes": .array(content.learningOutcomes.map(CanonicalJSON.string)),
                    "organiser_name": .string(content.organiserName),
                    "organiser_url": .optional(content.organiserURL),
                    "signatory_name": .string(content.signatoryName),
                    "signatory_role": .string(content.signatoryRole),
                    "issue_date": .string(content.issueDate),
                    "issued_at": .string(Self.timestamp(content.issuedAt)),
                    "localized": content.localized.map { localized in
                        .object(
                            localized.mapValues { values in
                                .object([
                                    "event_date": .string(values.eventDate), "issue_date": .string(values.issueDate),
                                    "cpd_hours": .string(values.cpdHours),
                                ])
                            })
                    } ?? .null,
                ]),
            ]),
        ])
    }

    /// An issue entry with `"operator"` in its certificate when one is recorded; one without is
    /// written as before operators were, so the entries logged then re-derive unchanged.
    static func adding(operator name: String?, to entry: CanonicalJSON) -> CanonicalJSON {
        guard let name else { return entry }
        return setting("operator", to: .string(name), inside: "certificate", of: entry)
    }

    /// An attendance entry with the record's `sources` (each file's hash and lines) when it was
    /// read from several files; one from one file is written as before several could be read, so
    /// the entries logged then re-derive unchanged.
    static func adding(_ sources: [AttendanceRecord.SourceRows], to entry: CanonicalJSON) -> CanonicalJSON {
        guard !sources.isEmpty else { return entry }
        let value = CanonicalJSON.array(
            sources.map { .object(["sha256": .string($0.sha256), "lines": .array($0.lines.map(CanonicalJSON.integer))]) })
        return setting("sources", to: value, inside: "record", of: entry)
    }

    /// `entry` with `key` set to `value` in its object `member`: a field added to an entry's
    /// format after entries without it were logged.
    private static func setting(_ key: String, to value: CanonicalJSON, inside member: String, of entry: CanonicalJSON) -> CanonicalJSON {
        guard case .object(var fields) = entry, case .object(var object)? = fields[member] else { return entry }
        object[key] = value
        fields[member] = .object(object)
        return .object(fields)
    }

    /// SHA-256 of the salt and the identity: binds the entry to one person without revealing them.
    public static func identityCommitment(_ certificate: Certificate) -> SHA256Digest {
        identityCommitment(salt: certificate.identitySalt, certificate.identity)
    }

    /// SHA-256 of a salt and an identity.
    public static func identityCommitment(salt: String, _ identity: AttendeeIdentity) -> SHA256Digest {
        SHA256Digest(hashing: Array("cpdcert-identity-v1\n\(salt)\n\(identity.email)".utf8))
    }

    /// SHA-256 of an attendance record's salt and the name its evidence gave.
    public static func nameCommitment(_ record: AttendanceRecord) -> SHA256Digest {
        SHA256Digest(hashing: Array("cpdcert-attendee-name-v1\n\(record.identitySalt)\n\(record.name)".utf8))
    }

    /// UTC, whole seconds: `2026-11-29T09:30:00Z`.
    public static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { (value ?? 0) < 10 ? "0\(value ?? 0)" : "\(value!)" }
        return "\(parts.year ?? 1970)-\(two(parts.month))-\(two(parts.day))T\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))Z"
    }
}
