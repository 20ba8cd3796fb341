public import CPDCore
public import Foundation

/// `cpdcert audit verify`: re-derives the log from the registry's rows and checks the tree, the
/// latest signed checkpoint, the PDFs and, given a checkpoint an auditor saved earlier, that the
/// log only grew since. Every problem is named; none is fixed.
public struct Auditor: Sendable {
    /// One thing that is wrong.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var subject: String
        public var message: String
        public var description: String { "\(subject): \(message)" }
    }

    /// What the audit checked and found.
    public struct Report: Sendable {
        public var certificates = 0
        public var logEntries = 0
        public var attendanceRecords = 0
        public var pdfsChecked = 0
        public var checkpointSize: Int?
        /// The archive of rendering inputs.
        public var archive = ArchiveSummary()
        public var problems: [Problem] = []
    }

    public var registry: any CertificateRegistry
    /// The published verifier key; without it the checkpoint signature cannot be checked.
    public var verifier: LogVerifier?
    /// Folder holding `<ID>.pdf` files to check against their stored hashes.
    public var pdfs: URL?
    /// A signed checkpoint saved earlier: the log must extend it.
    public var savedCheckpoint: String?
    /// Hashes a PDF's bytes (hex SHA-256).
    public var hashPDF: @Sendable (Data) -> String

    /// Creates an auditor.
    public init(
        registry: any CertificateRegistry, verifier: LogVerifier?, pdfs: URL?, savedCheckpoint: String?,
        hashPDF: @escaping @Sendable (Data) -> String
    ) {
        self.registry = registry
        self.verifier = verifier
        self.pdfs = pdfs
        self.savedCheckpoint = savedCheckpoint
        self.hashPDF = hashPDF
    }

    /// Runs every check.
    public func run() async throws -> Report {
        var report = Report()
        func problem(_ subject: String, _ message: String) { report.problems.append(Problem(subject: subject, message: message)) }

        // 1. Every stored entry's leaf hash matches its bytes; collect the leaves and who they are about.
        let size = try await registry.logSize()
        report.logEntries = size
        var leaves: [SHA256Digest] = []
        leaves.reserveCapacity(size)
        // Leaf hashes (recomputed from the bytes) and indexes, not the bytes: a large log's
        // entries are fetched again only for a mismatch, to name what differs.
        var issuedEntries: [CertificateID: (index: Int, leaf: SHA256Digest)] = [:]
        var changeEntries: [CertificateID: [SHA256Digest]] = [:]
        var credentialEntries: [CertificateID: (index: Int, leaf: SHA256Digest)] = [:]
        // Attendance entries by what identifies their record: event, file and identity commitment.
        var attendanceEntries: [String: (index: Int, leaf: SHA256Digest)] = [:]
        var start = 0
        while start < size {
            let page = try await registry.logEntries(start..<min(start + 1000, size))
            guard !page.isEmpty else { break }
            for entry in page {
                let computed = MerkleTree.leafHash(entry.body)
                if computed != entry.leafHash { problem("log entry \(entry.index)", "its stored leaf hash does not match its bytes") }
                if entry.index != leaves.count { problem("log entry \(entry.index)", "the log has a gap or repeat before this index") }
                leaves.append(computed)
                let text = String(decoding: entry.body, as: UTF8.self)
                if text.contains(#""type":"\#(TransparencyEntry.attendanceType)""#) {
                    guard entry.certificateID == nil, let logged = AttendanceKey(entry: entry.body) else {
                        problem("log entry \(entry.index)", "is an attendance record's entry that cannot be read")
                        continue
                    }
                    if attendanceEntries.updateValue((entry.index, computed), forKey: logged.key) != nil {
                        problem("log entry \(entry.index)", "logs \(logged.subject) a second time")
                    }
                } else if let id = entry.certificateID {
                    if text.contains(#""type":"certificate-issued""#) {
                        if issuedEntries.updateValue((entry.index, computed), forKey: id) != nil {
                            problem("certificate \(id)", "logged as issued more than once")
                        }
                    } else if text.contains(#""type":"credential-issued""#) {
                        if credentialEntries.updateValue((entry.index, computed), forKey: id) != nil {
                            problem("certificate \(id)", "has its credential logged more than once")
                        }
                    } else {
                        changeEntries[id, default: []].append(computed)
                    }
                } else {
                    problem("log entry \(entry.index)", "names no certificate and is no attendance record")
                }
            }
            start += page.count
        }

        // 1b. The stored tree, which proofs are made from, is the tree of those leaves.
        let tree = MerkleLevels(leaves: leaves)
        report.problems += try await treeProblems(tree)

        // 2. Every row re-derives to exactly its logged entries.
        var cursor: CertificateID?
        var seen: Set<CertificateID> = []
        var eventsWithEvidence: [String: Bool] = [:]
        while true {
            let page = try await registry.allCertificates(after: cursor, limit: 500)
            guard let last = page.last else { break }
            for certificate in page {
                report.certificates += 1
                seen.insert(certificate.id)
                var frozen = certificate
                frozen.status = .valid
                frozen.statusChange = nil
                let subject = "certificate \(certificate.id)"
                if let logged = issuedEntries[certificate.id] {
                    let expected = TransparencyEntry.issued(frozen).canonicalBytes
                    if MerkleTree.leafHash(expected) != logged.leaf {
                        let bytes = try await registry.logEntries(logged.index..<(logged.index + 1)).first?.body ?? []
                        problem(subject, "the registry row differs from its log entry (\(Self.differences(bytes, expected)))")
                    }
                } else {
                    problem(subject, "is in the registry but was never logged")
                }
                for message in historyProblems(
                    try await registry.statusHistory(certificateID: certificate.id), logged: changeEntries[certificate.id] ?? [])
                {
                    problem(subject, message)
                }
                for message in try await evidenceProblems(certificate, eventsWithEvidence: &eventsWithEvidence) {
                    problem(subject, message)
                }
                if let pdfs {
                    report.pdfsChecked += 1
                    let file = pdfs.appendingPathComponent(certificate.fileName)
                    if let data = FileManager.default.contents(atPath: file.path) {
                        if hashPDF(data) != certificate.pdfSHA256 {
                            problem(subject, "\(file.path) is not the PDF as issued (SHA-256 differs)")
                        }
                    } else {
                        problem(subject, "its PDF \(file.path) is missing")
                    }
                }
            }
            cursor = last.id
        }
        for id in Set(issuedEntries.keys).subtracting(seen).sorted() {
            problem("certificate \(id)", "is in the log but missing from the registry (deleted?)")
        }
        report.problems += try await credentialProblems(logged: credentialEntries)
        // 2b. Every attendance record re-derives to its entry; every attendance entry has its record.
        var position: Int?
        while true {
            let page = try await registry.allAttendanceRecords(after: position, limit: 1000)
            guard let last = page.last else { break }
            for (_, record) in page {
                report.attendanceRecords += 1
                let key = AttendanceKey(record)
                guard let logged = attendanceEntries.removeValue(forKey: key.key) else {
                    problem(key.subject, "is in the register but was never logged (added, or its event, person or salt edited?)")
                    continue
                }
                let expected = TransparencyEntry.attendanceRecorded(record).canonicalBytes
                if MerkleTree.leafHash(expected) != logged.leaf {
                    let bytes = try await registry.logEntries(logged.index..<(logged.index + 1)).first?.body ?? []
                    problem(
                        key.subject,
                        "differs from its log entry \(logged.index) (\(Self.differences(bytes, expected, member: "record")))")
                }
            }
            position = last.position
        }
        for logged in attendanceEntries.values.sorted(by: { $0.index < $1.index }) {
            let bytes = try await registry.logEntries(logged.index..<(logged.index + 1)).first?.body ?? []
            let subject = AttendanceKey(entry: bytes)?.subject ?? "an attendance record"
            problem("log entry \(logged.index)", "logs \(subject), which is missing from the register (deleted, or edited?)")
        }

        for mismatch in try await registry.copiesDifferingFromRecords() {
            problem(
                "certificate \(mismatch.certificateID)", "its \(mismatch.copy) differs from \(mismatch.original), which is logged (edited?)"
            )
        }

        // 3. The archive of rendering inputs is whole.
        report.archive = try await checkArchive(&report.problems)

        // 4. The latest checkpoint is signed and matches the tree.
        if let checkpoint = try await registry.latestCheckpoint() {
            report.checkpointSize = checkpoint.size
            if let verifier {
                do {
                    let signed = try verifier.verify(note: checkpoint.note)
                    if signed.size != checkpoint.size || signed.root != checkpoint.root {
                        problem("checkpoint \(checkpoint.size)", "the stored size or root differs from the signed note")
                    }
                } catch {
                    problem("checkpoint \(checkpoint.size)", "\(error)")
                }
            } else {
                problem("checkpoint \(checkpoint.size)", "no verifier key given, so its signature was not checked (pass --key)")
            }
            if checkpoint.size > leaves.count {
                problem(
                    "checkpoint \(checkpoint.size)",
                    "covers \(checkpoint.size) entries but the log has only \(leaves.count) (entries removed?)")
            } else if MerkleTree.root(leaves, size: checkpoint.size) != checkpoint.root {
                problem("checkpoint \(checkpoint.size)", "the log's root at that size differs from the signed root (the log was rewritten)")
            }
        } else if size > 0 {
            problem("log", "has \(size) entries but no signed checkpoint; run 'cpdcert log checkpoint'")
        }

        // 5. The log only grew since the auditor's saved checkpoint.
        if let savedCheckpoint {
            do {
                guard let verifier else { throw LedgerError.badKey("no verifier key given to check the saved checkpoint (pass --key)") }
                let saved = try verifier.verify(note: savedCheckpoint)
                if saved.size > leaves.count {
                    problem("saved checkpoint \(saved.size)", "the log now has only \(leaves.count) entries: it shrank")
                } else if saved.size > 0 {
                    let proof = tree.proof(.consistency(oldSize: saved.size, newSize: leaves.count))
                    let consistent = MerkleTree.verifyConsistency(
                        oldSize: saved.size, newSize: leaves.count, oldRoot: saved.root, newRoot: MerkleTree.root(leaves), proof: proof)
                    if !consistent {
                        problem(
                            "saved checkpoint \(saved.size)", "the current log is not an extension of it: entries before it were rewritten")
                    }
                }
            } catch {
                problem("saved checkpoint", "\(error)")
            }
        }
        return report
    }

    /// What is wrong with the attendance record a certificate was issued on: the register
    /// (`audit event`) shows it, so it must say what the certificate's log entry commits to:
    /// the minutes, the rule, a verdict of eligible and, for a first issue, the name. A record
    /// What is wrong with a certificate's status history as the registry holds it, against the
    /// status changes the log records for it (their leaf hashes, in log order).
    func historyProblems(_ history: [StatusChange], logged: [SHA256Digest]) -> [String] {
        var problems: [String] = []
        var status = CertificateStatus.valid
        for change in history {
            do {
                try change.check(after: status)
            } catch {
                problems.append("its status history is not a possible sequence: \(error)")
            }
            status = change.status
        }
        let expected = history.map { MerkleTree.leafHash(TransparencyEntry.statusChanged($0).canonicalBytes) }
        if expected.count > logged.count {
            problems.append("\(expected.count - logged.count) of its status changes were never logged")
        } else if expected.count < logged.count {
            problems.append("the log records \(logged.count - expected.count) status change(s) the registry does not have")
        } else if expected != logged {
            problems.append("its status history differs from its log entries")
        }
        return problems
    }

    /// may be absent only where the event has no register at all (issued before registers were kept).
    func evidenceProblems(_ certificate: Certificate, eventsWithEvidence: inout [String: Bool]) async throws -> [String] {
        guard let source = certificate.evidenceSHA256 else { return [] }
        let records = try await registry.attendanceRecords(eventID: certificate.eventID, identity: certificate.identity)
        guard let record = records.first(where: { $0.sourceSHA256 == source }) else {
            if eventsWithEvidence[certificate.eventID] == nil {
                eventsWithEvidence[certificate.eventID] = !(try await registry.attendance(eventID: certificate.eventID).isEmpty)
            }
            guard eventsWithEvidence[certificate.eventID] == true else { return [] }
            return ["the attendance record it was issued on (evidence \(source.prefix(12))…) is missing from the register (deleted?)"]
        }
        let logged = certificate.eligibility
        var fields: [String] = []
        if record.attendedSeconds != logged.attendedSeconds { fields.append("attended_seconds") }
        if record.requiredSeconds != logged.requiredSeconds { fields.append("required_seconds") }
        if record.liveSeconds != logged.liveSeconds { fields.append("live_seconds") }
        if record.rule != logged.rule { fields.append("rule") }
        if !record.eligible { fields.append("eligible") }
        if certificate.supersedes == nil, record.name != certificate.content.attendeeName { fields.append("name") }
        guard !fields.isEmpty else { return [] }
        return ["the attendance record it was issued on differs from its log entry (fields differ: \(fields.joined(separator: ", ")))"]
    }

    /// Names the fields of the certificate (or `member`) that differ between two entries.
    static func differences(_ logged: [UInt8], _ expected: [UInt8], member: String = "certificate") -> String {
        func fields(_ bytes: [UInt8]) -> [String: String] {
            guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
                let certificate = object[member] as? [String: Any]
            else { return [:] }
            var flat: [String: String] = [:]
            for (key, value) in certificate {
                if let nested = value as? [String: Any] {
                    for (inner, innerValue) in nested { flat["\(key).\(inner)"] = "\(innerValue)" }
                } else {
                    flat[key] = "\(value)"
                }
            }
            return flat
        }
        let a = fields(logged), b = fields(expected)
        let keys = Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
        return keys.isEmpty ? "bytes differ" : "fields differ: " + keys.joined(separator: ", ")
    }
}
