import CPDCore
import Foundation
import GRDB

/// Maps `Certificate` to and from a `certificate` row (joined with its `status_change`).
enum CertificateRow {
    static let insertSQL = """
        INSERT INTO certificate (
            id, event_id, identity, attendee_name, content, attended_seconds, required_seconds,
            live_seconds, rule, evidence_sha256, template_name, template_sha256, pdf_sha256,
            issued_at, identity_salt, supersedes)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// SELECT of certificates with their status change; append WHERE / ORDER BY.
    static let selectSQL = """
        SELECT c.*, s.status AS change_status, s.reason AS change_reason, s.note AS change_note,
               s.operator AS change_operator, s.at AS change_at, s.replaced_by AS change_replaced_by
        FROM certificate c LEFT JOIN status_change s ON s.certificate_id = c.id
        """

    static func arguments(_ certificate: Certificate) throws -> StatementArguments {
        let content = String(decoding: try encoder.encode(certificate.content), as: UTF8.self)
        let eligibility = certificate.eligibility
        let values: [(any DatabaseValueConvertible)?] = [
            certificate.id.compact, certificate.eventID, certificate.identity.email,
            certificate.content.attendeeName, content, eligibility.attendedSeconds,
            eligibility.requiredSeconds, eligibility.liveSeconds, eligibility.rule,
            certificate.evidenceSHA256, certificate.templateName, certificate.templateSHA256,
            certificate.pdfSHA256, timestamp(certificate.issuedAt), certificate.identitySalt,
            certificate.supersedes?.compact,
        ]
        return StatementArguments(values)
    }

    /// A joined row (see `selectSQL`).
    static func decode(_ row: some CertificateColumns) throws -> Certificate {
        try decode(row, change: try change(from: row))
    }

    static func decode(_ row: some CertificateColumns, change: StatusChange?) throws -> Certificate {
        let idText = row.text("id") ?? ""
        func corrupt(_ reason: String) -> RegistryError { .corruptRecord(id: idText, reason: reason) }
        func text(_ column: String) throws -> String {
            guard let value = row.text(column) else { throw corrupt("\(column) is missing") }
            return value
        }
        func integer(_ column: String) throws -> Int {
            guard let value = row.integer(column) else { throw corrupt("\(column) is not a number") }
            return value
        }
        guard let id = try? CertificateID(parsing: idText) else { throw corrupt("the ID's check character does not match") }
        guard let identity = AttendeeIdentity(email: try text("identity")) else { throw corrupt("the identity is not an email address") }
        let contentText = try text("content")
        let content: CertificateContent
        if let read = StoredContentReader.content(contentText) {
            content = read
        } else {
            do {
                content = try decoder.decode(CertificateContent.self, from: Data(contentText.utf8))
            } catch {
                throw corrupt("its content is not valid JSON (\(error))")
            }
        }
        let issuedText = try text("issued_at")
        guard let issuedAt = parseTimestamp(issuedText) else { throw corrupt("issued_at '\(issuedText)' is not a timestamp") }
        var supersedes: CertificateID?
        if let text = row.text("supersedes") {
            guard let parsed = try? CertificateID(parsing: text) else { throw corrupt("supersedes '\(text)' is not an ID") }
            supersedes = parsed
        }
        return Certificate(
            id: id, eventID: try text("event_id"), identity: identity, content: content,
            eligibility: Eligibility(
                attendedSeconds: try integer("attended_seconds"), requiredSeconds: try integer("required_seconds"),
                liveSeconds: try integer("live_seconds"), rule: try text("rule")),
            evidenceSHA256: row.text("evidence_sha256"), templateName: try text("template_name"),
            templateSHA256: try text("template_sha256"), pdfSHA256: try text("pdf_sha256"),
            issuedAt: issuedAt, identitySalt: row.text("identity_salt") ?? "", supersedes: supersedes,
            status: change?.status ?? .valid, statusChange: change)
    }

    private static func change(from row: some CertificateColumns) throws -> StatusChange? {
        guard let statusText = row.text("change_status") else { return nil }
        let idText = row.text("id") ?? ""
        func corrupt(_ reason: String) -> RegistryError { .corruptRecord(id: idText, reason: reason) }
        guard let status = CertificateStatus(rawValue: statusText), let id = try? CertificateID(parsing: idText),
            let at = parseTimestamp(row.text("change_at")), let operatorName = row.text("change_operator")
        else { throw corrupt("its status change cannot be read") }
        var reason: RevocationReason?
        if let text = row.text("change_reason") {
            guard let parsed = RevocationReason(rawValue: text) else { throw corrupt("unknown revocation reason '\(text)'") }
            reason = parsed
        }
        var replacedBy: CertificateID?
        if let text = row.text("change_replaced_by") {
            replacedBy = try? CertificateID(parsing: text)
        }
        return StatusChange(
            certificateID: id, status: status, reason: reason, note: row.text("change_note"), operatorName: operatorName,
            at: at, replacedBy: replacedBy)
    }

    /// Canonical JSON: sorted keys, ISO 8601 dates, so the frozen text is stable.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// UTC ISO 8601 with milliseconds, which sorts as text in time order.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!))
    }

    static func parseTimestamp(_ text: String?) -> Date? {
        guard let text else { return nil }
        if let date = StoredTimestamp.date(text) { return date }
        return try? Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!).parse(text)
    }
}

/// What `CertificateRow.decode` reads a row through: a GRDB row, or a raw statement's row
/// (see `CertificateLookup`).
protocol CertificateColumns {
    /// The column's text; nil for NULL or a column the row lacks.
    func text(_ column: String) -> String?
    /// The column's integer; nil for NULL or a column the row lacks.
    func integer(_ column: String) -> Int?
}

extension Row: CertificateColumns {
    func text(_ column: String) -> String? { self[column] }
    func integer(_ column: String) -> Int? { self[column] }
}
