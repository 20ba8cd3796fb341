public import CPDCore
import CPDRegistry
public import Foundation
import Logging
import NIOCore
import PostgresNIO

// The certificate store, status history and event definitions.
extension PostgresCertificateRegistry {
    /// A verification server's lookup: a prepared statement (parsed and planned once per
    /// connection, not at every lookup).
    nonisolated(nonsending) public func certificate(id: CertificateID) async throws -> Certificate? {
        let logger = self.logger
        return try await read { connection in
            for try await certificate in try await connection.execute(CertificateByID(id: id), logger: logger) { return certificate }
            return nil
        }
    }

    public func issuedIDs(eventID: String) async throws -> [AttendeeIdentity: CertificateID] {
        let logger = self.logger
        return try await read { connection in
            var result: [AttendeeIdentity: CertificateID] = [:]
            let rows = try await connection.query(
                """
                SELECT identity, id FROM certificate c WHERE event_id = \(eventID)
                AND NOT EXISTS (SELECT 1 FROM certificate n WHERE n.supersedes = c.id)
                """, logger: logger)
            for try await (identityText, idText) in rows.decode((String, String).self) {
                guard let identity = AttendeeIdentity(email: identityText), let id = try? CertificateID(parsing: idText) else {
                    throw RegistryError.corruptRecord(id: idText, reason: "its identity or ID is not well-formed")
                }
                result[identity] = id
            }
            return result
        }
    }

    public func certificates(eventID: String, after: CertificateID?, limit: Int) async throws -> [Certificate] {
        let logger = self.logger
        return try await read { connection in
            try await Self.rows(
                """
                \(unescaped: PostgresRows.certificateSelect) WHERE c.event_id = \(eventID) AND c.id > \(after?.compact ?? "")
                ORDER BY c.id LIMIT \(limit)
                """, on: connection, logger: logger
            ) { try CertificateRow.decode(PostgresCertificateColumns($0)) }
        }
    }

    public func allCertificates(after: CertificateID?, limit: Int) async throws -> [Certificate] {
        let logger = self.logger
        return try await read { connection in
            try await Self.rows(
                "\(unescaped: PostgresRows.certificateSelect) WHERE c.id > \(after?.compact ?? "") ORDER BY c.id LIMIT \(limit)",
                on: connection, logger: logger
            ) { try CertificateRow.decode(PostgresCertificateColumns($0)) }
        }
    }

    public func certificates(identity: AttendeeIdentity) async throws -> [Certificate] {
        let logger = self.logger
        return try await read { connection in
            try await Self.rows(
                "\(unescaped: PostgresRows.certificateSelect) WHERE c.identity = \(identity.email) ORDER BY c.issued_at, c.id",
                on: connection, logger: logger
            ) { try CertificateRow.decode(PostgresCertificateColumns($0)) }
        }
    }

    public func certificate(pdfSHA256 sha256: String) async throws -> Certificate? {
        let logger = self.logger
        return try await read { connection in
            try await Self.rows(
                "\(unescaped: PostgresRows.certificateSelect) WHERE c.pdf_sha256 = \(sha256) ORDER BY c.id LIMIT 1",
                on: connection, logger: logger
            ) { try CertificateRow.decode(PostgresCertificateColumns($0)) }.first
        }
    }

    public func insert(_ certificates: [Certificate]) async throws {
        guard !certificates.isEmpty else { return }
        let logger = self.logger
        try await write { connection in
            var log = try await PostgresLogAppender.start(connection, logger: logger)
            try await Self.insert(certificates, log: &log, connection, logger: logger)
            try await log.write(connection, logger: logger)
        }
    }

    /// Inserts `certificates` with one statement and adds their entries to `log`.
    static func insert(_ certificates: [Certificate], log: inout PostgresLogAppender, _ connection: PostgresConnection, logger: Logger)
        async throws
    {
        var columns = CertificateColumnsArrays()
        for certificate in certificates {
            try columns.append(certificate)
            var frozen = certificate
            frozen.status = .valid
            frozen.statusChange = nil
            try log.append(.issued(frozen))
        }
        do {
            try await connection.query(
                """
                INSERT INTO certificate (id, event_id, identity, attendee_name, content, attended_seconds, required_seconds,
                    live_seconds, rule, evidence_sha256, template_name, template_sha256, pdf_sha256, issued_at, identity_salt,
                    supersedes, issued_by)
                SELECT id, event_id, identity, attendee_name, content, attended_seconds, required_seconds, live_seconds, rule,
                    CASE WHEN has_evidence THEN evidence_sha256 END, template_name, template_sha256, pdf_sha256, issued_at,
                    identity_salt, CASE WHEN has_supersedes THEN supersedes END, CASE WHEN has_issued_by THEN issued_by END
                FROM unnest(\(columns.ids)::text[], \(columns.eventIDs)::text[], \(columns.identities)::text[],
                    \(columns.names)::text[], \(columns.contents)::text[], \(columns.attended)::bigint[], \(columns.required)::bigint[],
                    \(columns.live)::bigint[], \(columns.rules)::text[], \(columns.evidence.values)::text[],
                    \(columns.evidence.present)::boolean[], \(columns.templateNames)::text[], \(columns.templateSHA256s)::text[],
                    \(columns.pdfSHA256s)::text[], \(columns.issuedAt)::text[], \(columns.salts)::text[],
                    \(columns.supersedes.values)::text[], \(columns.supersedes.present)::boolean[],
                    \(columns.issuedBy.values)::text[], \(columns.issuedBy.present)::boolean[])
                    WITH ORDINALITY AS c (id, event_id, identity, attendee_name, content, attended_seconds, required_seconds,
                        live_seconds, rule, evidence_sha256, has_evidence, template_name, template_sha256, pdf_sha256, issued_at,
                        identity_salt, supersedes, has_supersedes, issued_by, has_issued_by, n)
                ORDER BY n
                """, logger: logger)
        } catch let error where serverError(error)?.state == "23505" {
            throw duplicate(error, certificates)
        }
    }

    /// The registry error for a unique violation by one of `certificates`.
    private static func duplicate(_ error: any Error, _ certificates: [Certificate]) -> RegistryError {
        let (_, constraint, said) = serverError(error) ?? ("", nil, nil)
        let detail = said ?? ""
        switch constraint {
        case "certificate_pkey":
            if let certificate = certificates.first(where: { detail.contains("(\($0.id.compact))") }) {
                return .duplicateID(certificate.id)
            }
            return .storage("a certificate ID of the batch is already in the registry (\(detail))")
        case "certificate_one_per_attendee", "certificate_supersedes_key":
            let certificate =
                certificates.first { detail.contains(", \($0.identity.email))") || detail.contains("\($0.supersedes?.compact ?? "-"))") }
                ?? certificates[0]
            return .duplicateAttendee(eventID: certificate.eventID, certificateID: certificate.id)
        default:
            return .storage("the registry refused the batch: \(describe(error))")
        }
    }

    public func changeStatus(_ change: StatusChange, replacement: Certificate?) async throws {
        let logger = self.logger
        try StoredText.check(
            [("note", change.note), ("operator", change.operatorName)], subject: "the status change of \(change.certificateID)")
        try await write { connection in
            // The head first: every status change of the registry waits here, so the one read next is current.
            var log = try await PostgresLogAppender.start(connection, logger: logger)
            guard
                let current = try await Self.rows(
                    "\(unescaped: PostgresRows.certificateSelect) WHERE c.id = \(change.certificateID.compact)", on: connection,
                    logger: logger, { try CertificateRow.decode(PostgresCertificateColumns($0)) }
                ).first
            else { throw RegistryError.notFound(change.certificateID) }
            try change.check(after: current.status)
            if let replacement {
                guard replacement.supersedes == current.id, replacement.eventID == current.eventID,
                    replacement.identity == current.identity
                else {
                    throw RegistryError.storage("a correction must supersede \(current.id) for the same event and attendee")
                }
                try await Self.insert([replacement], log: &log, connection, logger: logger)
            }
            try await connection.query(
                """
                INSERT INTO status_history (certificate_id, status, reason, note, operator, at, replaced_by)
                VALUES (\(change.certificateID.compact), \(change.status.rawValue), \(change.reason?.rawValue), \(change.note),
                    \(change.operatorName), \(CertificateRow.timestamp(change.at)), \(change.replacedBy?.compact))
                """, logger: logger)
            try log.append(.statusChanged(change))
            try await log.write(connection, logger: logger)
        }
    }

    public func statusHistory(certificateID: CertificateID) async throws -> [StatusChange] {
        let logger = self.logger
        return try await read { connection in
            try await Self.rows(
                """
                SELECT certificate_id AS id, \(unescaped: PostgresRows.historyColumns) FROM status_history s
                WHERE certificate_id = \(certificateID.compact) ORDER BY seq
                """, on: connection, logger: logger
            ) { try CertificateRow.statusChange(PostgresCertificateColumns(historyRow: $0)) }.compactMap { $0 }
        }
    }

    public func copiesDifferingFromRecords() async throws -> [StoredCopyMismatch] {
        let logger = self.logger
        return try await read { connection in
            var found: [StoredCopyMismatch] = []
            let rows = try await connection.query("SELECT id, attendee_name, content FROM certificate ORDER BY id", logger: logger)
            for try await (id, copy, text) in rows.decode((String, String?, String).self) {
                let content =
                    StoredContentReader.content(text)
                    ?? (try? CertificateRow.decoder.decode(CertificateContent.self, from: Data(text.utf8)))
                if copy != content?.attendeeName {
                    found.append(
                        StoredCopyMismatch(
                            certificateID: (try? CertificateID(parsing: id))?.description ?? id, copy: "certificate.attendee_name",
                            original: "the name in its content"))
                }
            }
            return found
        }
    }

    // MARK: Event definitions

    public func eventDefinition(eventID: String) async throws -> EventDefinition? {
        let logger = self.logger
        return try await read { connection in
            let rows = try await connection.query(
                """
                SELECT canonical, sha256 FROM (
                    SELECT canonical, sha256, revision FROM event_definition_revision WHERE event_id = \(eventID)
                    UNION ALL SELECT canonical, sha256, 0 FROM event_definition WHERE event_id = \(eventID)
                ) d ORDER BY revision DESC LIMIT 1
                """, logger: logger)
            for try await (canonical, sha256) in rows.decode((ByteBuffer, String).self) {
                guard let definition = EventDefinition(canonical: Array(canonical.readableBytesView)), definition.eventID == eventID,
                    definition.sha256.hex == sha256
                else { throw RegistryError.corruptRecord(id: "event \(eventID)", reason: "its frozen definition does not match its hash") }
                return definition
            }
            return nil
        }
    }

    public func freezeEventDefinition(_ definition: EventDefinition, at: Date) async throws {
        let logger = self.logger
        try await write { connection in
            try await connection.query(
                """
                INSERT INTO event_definition (event_id, canonical, sha256, frozen_at)
                VALUES (\(definition.eventID), \(ByteBuffer(bytes: definition.canonical)), \(definition.sha256.hex),
                    \(CertificateRow.timestamp(at)))
                ON CONFLICT (event_id) DO NOTHING
                """, logger: logger)
        }
    }

    public func reviseEventDefinition(_ definition: EventDefinition, reason: String, at: Date) async throws {
        let logger = self.logger
        try await write { connection in
            let canonical = ByteBuffer(bytes: definition.canonical), timestamp = CertificateRow.timestamp(at)
            // An event frozen before definitions were kept gets this one as its first.
            let inserted = try await Self.column(
                """
                INSERT INTO event_definition (event_id, canonical, sha256, frozen_at)
                VALUES (\(definition.eventID), \(canonical), \(definition.sha256.hex), \(timestamp))
                ON CONFLICT (event_id) DO NOTHING RETURNING 1
                """, Int.self, on: connection, logger: logger)
            guard inserted.isEmpty else { return }
            // The event's row locked, so two revisions at once get numbers one after the other.
            try await connection.query(
                "SELECT 1 FROM event_definition WHERE event_id = \(definition.eventID) FOR UPDATE", logger: logger)
            try await connection.query(
                """
                INSERT INTO event_definition_revision (event_id, revision, canonical, sha256, revised_at, reason)
                SELECT \(definition.eventID), COALESCE(MAX(revision), 0) + 1, \(canonical), \(definition.sha256.hex), \(timestamp),
                    \(reason)
                FROM event_definition_revision WHERE event_id = \(definition.eventID)
                """, logger: logger)
        }
    }
}

/// A batch of certificates as one array per column, for `unnest`.
struct CertificateColumnsArrays {
    var ids: [String] = [], eventIDs: [String] = [], identities: [String] = [], names: [String] = [], contents: [String] = []
    var attended: [Int] = [], required: [Int] = [], live: [Int] = [], rules: [String] = []
    var evidence = NullableTexts()
    var templateNames: [String] = [], templateSHA256s: [String] = [], pdfSHA256s: [String] = [], issuedAt: [String] = []
    var salts: [String] = []
    var supersedes = NullableTexts(), issuedBy = NullableTexts()

    mutating func append(_ certificate: Certificate) throws {
        let content = String(decoding: try CertificateRow.encoder.encode(certificate.content), as: UTF8.self)
        let values: [String?] = [
            certificate.id.compact, certificate.eventID, certificate.identity.email, certificate.content.attendeeName, content,
            nil, nil, nil, certificate.eligibility.rule, certificate.evidenceSHA256, certificate.templateName,
            certificate.templateSHA256, certificate.pdfSHA256, CertificateRow.timestamp(certificate.issuedAt),
            certificate.identitySalt, certificate.supersedes?.compact, certificate.issuedBy,
        ]
        // PostgreSQL refuses a NUL in text outright; say which field of which certificate, as SQLite's adapter does.
        try StoredText.check(zip(CertificateRow.insertColumns, values).map { ($0, $1) }, subject: "certificate \(certificate.id)")
        ids.append(certificate.id.compact)
        eventIDs.append(certificate.eventID)
        identities.append(certificate.identity.email)
        names.append(certificate.content.attendeeName)
        contents.append(content)
        attended.append(certificate.eligibility.attendedSeconds)
        required.append(certificate.eligibility.requiredSeconds)
        live.append(certificate.eligibility.liveSeconds)
        rules.append(certificate.eligibility.rule)
        evidence.append(certificate.evidenceSHA256)
        templateNames.append(certificate.templateName)
        templateSHA256s.append(certificate.templateSHA256)
        pdfSHA256s.append(certificate.pdfSHA256)
        issuedAt.append(CertificateRow.timestamp(certificate.issuedAt))
        salts.append(certificate.identitySalt)
        supersedes.append(certificate.supersedes?.compact)
        issuedBy.append(certificate.issuedBy)
    }
}

/// The certificate with an ID, with its latest status change.
struct CertificateByID: PostgresPreparedStatement {
    static let sql = PostgresRows.certificateSelect + " WHERE c.id = $1"
    typealias Row = Certificate
    var id: CertificateID

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(id.compact)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Certificate {
        try CertificateRow.decode(PostgresCertificateColumns(row), selectedBy: id)
    }
}
