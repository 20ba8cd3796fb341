public import CPDCore
import Foundation

/// Copies a whole registry into an empty one of any storage (a SQLite file into PostgreSQL, or
/// back for an offline copy) through the ports alone, by replaying its transparency log: each
/// entry's change is made again on the target, in the log's order, so the target appends the
/// very same entries (and their tree) and ends with the same size and root; then what the log
/// does not hold (event definitions, the archive and which certificate was drawn from what, the
/// latest checkpoint, credential keys and status list, the delivery log) is copied beside it.
///
/// ```swift
/// let copied = try await RegistryCopier(from: sqlite, to: postgres).copy()
/// assert(copied.sourceRoot == copied.targetRoot)
/// ```
public struct RegistryCopier: Sendable {
    public let source: any CertificateRegistry
    public let target: any CertificateRegistry
    /// Called after each page of log entries with the entries replayed so far and the total.
    public var progress: @Sendable (Int, Int) -> Void = { _, _ in }

    /// What was copied, and both logs' roots (equal, or `copy()` throws).
    public struct Copied: Sendable {
        public var logSize: Int
        public var sourceRoot: SHA256Digest?
        public var targetRoot: SHA256Digest?
        public var certificates = 0
        public var statusChanges = 0
        public var attendanceRecords = 0
        public var credentials = 0
        public var events = 0
        public var renderingInputs = 0
        public var deliveries = 0
    }

    /// Why a copy stopped.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init(from source: any CertificateRegistry, to target: any CertificateRegistry) {
        self.source = source
        self.target = target
    }

    /// Copies everything; the target must be empty. Refuses a source whose log cannot be
    /// replayed (its audit would name the problem) and checks the roots at the end.
    public func copy() async throws -> Copied {
        guard try await target.logSize() == 0, try await target.allCertificates(after: nil, limit: 1).isEmpty else {
            throw Failure(description: "the registry to copy into is not empty; give a new file or an empty database")
        }
        let size = try await source.logSize()
        var copied = Copied(logSize: size)
        var replay = Replay(source: source, target: target)
        var start = 0
        while start < size {
            let page = try await source.logEntries(start..<min(start + 1000, size))
            guard !page.isEmpty else { break }
            for entry in page { try await replay.apply(entry) }
            start += page.count
            progress(start, size)
        }
        try await replay.flush()
        guard replay.pendingReplacements.isEmpty else {
            throw Failure(description: "the source's log has corrections without their status change; run cpdcert audit verify on it")
        }
        copied.certificates = replay.certificates
        copied.statusChanges = replay.statusChanges
        copied.attendanceRecords = replay.attendance
        copied.credentials = replay.credentials
        try await copyBeside(&copied, events: replay.events)
        if size > 0 {
            copied.sourceRoot = try await source.rootHash(size: size)
            copied.targetRoot = try await target.rootHash(size: size)
        }
        let targetSize = try await target.logSize()
        guard targetSize == size, copied.sourceRoot == copied.targetRoot else {
            throw Failure(
                description: "the copy's log (\(targetSize) entries, root \(copied.targetRoot?.hex ?? "none")) is not the source's "
                    + "(\(size), \(copied.sourceRoot?.hex ?? "none")); the source may have been changed outside cpdcert: run cpdcert audit verify on it"
            )
        }
        return copied
    }

    /// What the log does not hold.
    private func copyBeside(_ copied: inout Copied, events: [String]) async throws {
        for eventID in events {
            guard let definition = try await source.eventDefinition(eventID: eventID) else { continue }
            try await target.freezeEventDefinition(definition, at: Date())
            copied.events += 1
        }
        for stored in try await source.archivedRenderingInputs() {
            guard let inputs = stored.inputs else {
                throw Failure(description: "the source's rendering inputs \(stored.key) cannot be read; run cpdcert audit verify on it")
            }
            var files: [ArchivedFile] = []
            for sha256 in Set(inputs.files.map(\.sha256)).sorted() {
                guard let bytes = try await source.archivedFile(sha256: sha256) else {
                    throw Failure(description: "the source's archive lacks the file \(sha256) that inputs \(stored.key) name")
                }
                files.append(ArchivedFile(sha256: sha256, bytes: bytes))
            }
            try await target.archive(inputs, files: files)
            copied.renderingInputs += 1
        }
        var after: CertificateID?
        while true {
            let page = try await source.allCertificates(after: after, limit: 500)
            guard let last = page.last else { break }
            var renderings: [CertificateID: String] = [:]
            for certificate in page {
                if let inputs = try await source.renderingInputs(certificateID: certificate.id) {
                    renderings[certificate.id] = inputs.sha256
                }
            }
            try await target.recordRenderings(renderings)
            after = last.id
        }
        if let checkpoint = try await source.latestCheckpoint() { try await target.appendCheckpoint(checkpoint) }
        if let from = source as? any CredentialStore, let to = target as? any CredentialStore {
            for key in try await from.credentialKeys() { try await to.recordCredentialKey(key) }
            if let list = try await from.latestStatusList() { try await to.recordStatusList(list) }
        }
        if let from = source as? any DeliveryLog {
            guard let to = target as? any DeliveryLog else {
                throw Failure(description: "the registry to copy into keeps no delivery log")
            }
            for eventID in events {
                for attempt in try await from.deliveries(eventID: eventID) {
                    try await to.recordDelivery(attempt)
                    copied.deliveries += 1
                }
            }
        }
    }
}

/// The log replayed entry by entry, consecutive entries of one kind written as one batch.
private struct Replay {
    let source: any CertificateRegistry
    let target: any CertificateRegistry
    var batch: [Certificate] = []
    var attendanceBatch: [AttendanceRecord] = []
    var credentialBatch: [IssuedCredential] = []
    /// Corrections' replacements, by the certificate they supersede: written with its status change.
    var pendingReplacements: [CertificateID: Certificate] = [:]
    /// Each certificate's status changes not yet replayed, oldest first.
    var histories: [CertificateID: ArraySlice<StatusChange>] = [:]
    /// The register, read in its order alongside the log (records are logged in the order kept).
    var register: [(position: Int, record: AttendanceRecord)] = []
    var registerPosition: Int?
    var registerDone = false
    var events: [String] = []
    private var seenEvents: Set<String> = []
    var certificates = 0, statusChanges = 0, attendance = 0, credentials = 0

    init(source: any CertificateRegistry, target: any CertificateRegistry) {
        self.source = source
        self.target = target
    }

    mutating func apply(_ entry: LogEntry) async throws {
        let text = String(decoding: entry.body, as: UTF8.self)
        if text.contains(#""type":"\#(TransparencyEntry.attendanceType)""#) {
            try await flush(keeping: .attendance)
            try await appendAttendance(entry)
            return
        }
        guard let id = entry.certificateID else {
            throw RegistryCopier.Failure(description: "log entry \(entry.index) names no certificate and is no attendance record")
        }
        if text.contains(#""type":"certificate-issued""#) {
            guard var certificate = try await source.certificate(id: id) else {
                throw RegistryCopier.Failure(description: "certificate \(id) is in the source's log but not in its registry")
            }
            certificate.status = .valid
            certificate.statusChange = nil
            note(certificate.eventID)
            certificates += 1
            if let superseded = certificate.supersedes {
                try await flush(keeping: nil)
                pendingReplacements[superseded] = certificate
            } else {
                try await flush(keeping: .certificates)
                batch.append(certificate)
                if batch.count >= 500 { try await flush() }
            }
        } else if text.contains(#""type":"credential-issued""#) {
            try await flush(keeping: .credentials)
            guard let store = source as? any CredentialStore, let credential = try await store.credential(certificateID: id) else {
                throw RegistryCopier.Failure(description: "the credential of \(id) is in the source's log but not in its registry")
            }
            credentialBatch.append(credential)
            credentials += 1
        } else {
            try await flush(keeping: nil)
            if histories[id] == nil { histories[id] = ArraySlice(try await source.statusHistory(certificateID: id)) }
            guard let change = histories[id]?.popFirst() else {
                throw RegistryCopier.Failure(description: "log entry \(entry.index) changes \(id), whose history has no such change")
            }
            try await target.changeStatus(change, replacement: pendingReplacements.removeValue(forKey: id))
            statusChanges += 1
        }
    }

    enum Kind { case certificates, attendance, credentials }

    /// Writes the batches of every kind but `keeping`.
    mutating func flush(keeping kind: Kind? = nil) async throws {
        if kind != .certificates, !batch.isEmpty {
            try await target.insert(batch)
            batch = []
        }
        if kind != .attendance, !attendanceBatch.isEmpty {
            try await target.recordAttendance(attendanceBatch)
            attendanceBatch = []
        }
        if kind != .credentials, !credentialBatch.isEmpty {
            guard let store = target as? any CredentialStore else {
                throw RegistryCopier.Failure(description: "the registry to copy into keeps no credentials")
            }
            try await store.recordCredentials(credentialBatch)
            credentialBatch = []
        }
    }

    private mutating func appendAttendance(_ entry: LogEntry) async throws {
        if register.isEmpty, !registerDone {
            register = try await source.allAttendanceRecords(after: registerPosition, limit: 1000)
            registerDone = register.isEmpty
        }
        guard !register.isEmpty, let logged = AttendanceKey(entry: entry.body) else {
            throw RegistryCopier.Failure(description: "log entry \(entry.index) logs an attendance record the source's register lacks")
        }
        let (position, record) = register.removeFirst()
        registerPosition = position
        guard AttendanceKey(record) == logged else {
            throw RegistryCopier.Failure(
                description:
                    "log entry \(entry.index) logs another attendance record than the register's next; run cpdcert audit verify on it")
        }
        note(record.eventID)
        attendanceBatch.append(record)
        attendance += 1
        if attendanceBatch.count >= 1000 {
            try await target.recordAttendance(attendanceBatch)
            attendanceBatch = []
        }
    }

    private mutating func note(_ eventID: String) {
        if seenEvents.insert(eventID).inserted { events.append(eventID) }
    }
}
