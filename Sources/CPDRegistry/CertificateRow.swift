package import CPDCore
package import Foundation
import GRDB

/// Maps `Certificate` to and from a `certificate` row (joined with its latest `status_history` row).
package enum CertificateRow {
    /// The columns `arguments` gives values for, in its order.
    package static let insertColumns = [
        "id", "event_id", "identity", "attendee_name", "content", "attended_seconds", "required_seconds",
        "live_seconds", "rule", "evidence_sha256", "template_name", "template_sha256", "pdf_sha256",
        "issued_at", "identity_salt", "supersedes", "issued_by",
    ]

    static let insertSQL =
        "INSERT INTO certificate (\(insertColumns.joined(separator: ", "))) VALUES (\(insertColumns.map { _ in "?" }.joined(separator: ", ")))"

    /// SELECT of certificates with their status change; append WHERE / ORDER BY. It names the
    /// columns `decode` reads, made from `CertificateColumn`, not `c.*`: SQLite copies every text
    /// column it returns into a buffer of its own, and `attendee_name` repeats the content's name.
    package static let selectSQL =
        "SELECT " + CertificateColumn.allCases.map(\.selection).joined(separator: ", ")
        + " FROM certificate c LEFT JOIN status_history s"
        + " ON s.seq = (SELECT MAX(h.seq) FROM status_history h WHERE h.certificate_id = c.id)"

    /// SELECT of one certificate's status changes, oldest first, named as `change(from:)` reads them.
    static let historySQL =
        "SELECT certificate_id AS id, "
        + CertificateColumn.allCases.map(\.selection).filter { $0.hasPrefix("s.") }.map { $0.dropFirst(2) }.joined(separator: ", ")
        + " FROM status_history s WHERE certificate_id = ? ORDER BY seq"

    static func arguments(_ certificate: Certificate) throws -> StatementArguments {
        let content = String(decoding: try encoder.encode(certificate.content), as: UTF8.self)
        let eligibility = certificate.eligibility
        let values: [(any DatabaseValueConvertible)?] = [
            certificate.id.compact, certificate.eventID, certificate.identity.email,
            certificate.content.attendeeName, content, eligibility.attendedSeconds,
            eligibility.requiredSeconds, eligibility.liveSeconds, eligibility.rule,
            certificate.evidenceSHA256, certificate.templateName, certificate.templateSHA256,
            certificate.pdfSHA256, timestamp(certificate.issuedAt), certificate.identitySalt,
            certificate.supersedes?.compact, certificate.issuedBy,
        ]
        try StoredText.check(
            zip(insertColumns, values).map { ($0, $1 as? String) }, subject: "certificate \(certificate.id)")
        return StatementArguments(values)
    }

    /// A joined row (see `selectSQL`).
    package static func decode(_ row: some CertificateColumns) throws -> Certificate {
        try decode(row, change: try change(from: row))
    }

    /// A joined row selected by its ID: the row's own ID is compared with `id` byte for byte
    /// rather than parsed again.
    package static func decode(_ row: some CertificateColumns, selectedBy id: CertificateID) throws -> Certificate {
        try decode(row, change: try change(from: row), knownID: id)
    }

    static func decode(_ row: some CertificateColumns, change: StatusChange?, knownID: CertificateID? = nil) throws -> Certificate {
        func corrupt(_ reason: String) -> RegistryError { .corruptRecord(id: row.text(.id) ?? "", reason: reason) }
        func text(_ column: CertificateColumn) throws -> String {
            guard let value = row.text(column) else { throw corrupt("\(column.name) is missing") }
            return value
        }
        func integer(_ column: CertificateColumn) throws -> Int {
            guard let value = row.integer(column) else { throw corrupt("\(column.name) is not a number") }
            return value
        }
        let id: CertificateID
        if let knownID, row.withUTF8(.id, { $0.elementsEqual(knownID.compact.utf8) }) == true {
            id = knownID
        } else {
            guard let parsed = try? CertificateID(parsing: try text(.id)) else { throw corrupt("the ID's check character does not match") }
            id = parsed
        }
        guard let identity = AttendeeIdentity(email: try text(.identity)) else { throw corrupt("the identity is not an email address") }
        // The frozen content is read from the column's bytes in place: no copy into a String.
        guard let read = row.withUTF8(.content, { StoredContentReader.content($0) }) else { throw corrupt("content is missing") }
        let content: CertificateContent
        if let read {
            content = read
        } else {
            let contentText = try text(.content)
            do {
                content = try decoder.decode(CertificateContent.self, from: Data(contentText.utf8))
            } catch {
                throw corrupt("its content is not valid JSON (\(error))")
            }
        }
        guard let issuedAt = timestamp(row, .issuedAt) else { throw corrupt("issued_at '\(row.text(.issuedAt) ?? "")' is not a timestamp") }
        var supersedes: CertificateID?
        if let text = row.text(.supersedes) {
            guard let parsed = try? CertificateID(parsing: text) else { throw corrupt("supersedes '\(text)' is not an ID") }
            supersedes = parsed
        }
        return Certificate(
            id: id, eventID: try text(.eventID), identity: identity, content: content,
            eligibility: Eligibility(
                attendedSeconds: try integer(.attendedSeconds), requiredSeconds: try integer(.requiredSeconds),
                liveSeconds: try integer(.liveSeconds), rule: try text(.rule)),
            evidenceSHA256: row.text(.evidenceSHA256), templateName: try text(.templateName),
            templateSHA256: try text(.templateSHA256), pdfSHA256: try text(.pdfSHA256),
            issuedAt: issuedAt, identitySalt: row.text(.identitySalt) ?? "", supersedes: supersedes,
            status: change?.status ?? .valid, statusChange: change, issuedBy: row.text(.issuedBy))
    }

    /// The certificate's latest status change, if it is in force: after a reinstatement the
    /// certificate is valid, as if never changed (its history says more).
    private static func change(from row: some CertificateColumns) throws -> StatusChange? {
        let change = try statusChange(row)
        return change?.isReinstatement == true ? nil : change
    }

    /// The status change a row holds, if any.
    package static func statusChange(_ row: some CertificateColumns) throws -> StatusChange? {
        guard let statusText = row.text(.changeStatus) else { return nil }
        let idText = row.text(.id) ?? ""
        func corrupt(_ reason: String) -> RegistryError { .corruptRecord(id: idText, reason: reason) }
        guard let status = CertificateStatus(rawValue: statusText), let id = try? CertificateID(parsing: idText),
            let at = timestamp(row, .changeAt), let operatorName = row.text(.changeOperator)
        else { throw corrupt("its status change cannot be read") }
        var reason: RevocationReason?
        if let text = row.text(.changeReason) {
            guard let parsed = RevocationReason(rawValue: text) else { throw corrupt("unknown revocation reason '\(text)'") }
            reason = parsed
        }
        var replacedBy: CertificateID?
        if let text = row.text(.changeReplacedBy) {
            replacedBy = try? CertificateID(parsing: text)
        }
        return StatusChange(
            certificateID: id, status: status, reason: reason, note: row.text(.changeNote), operatorName: operatorName,
            at: at, replacedBy: replacedBy)
    }

    /// Canonical JSON: sorted keys, ISO 8601 dates, so the frozen text is stable.
    package static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    package static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// UTC ISO 8601 with milliseconds, which sorts as text in time order.
    package static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!))
    }

    package static func parseTimestamp(_ text: String?) -> Date? {
        guard let text else { return nil }
        return StoredTimestamp.date(text) ?? foundationTimestamp(text)
    }

    /// A timestamp column, read by arithmetic from its bytes in place; Foundation's parser
    /// judges any other form. Nil for NULL or text that is no timestamp.
    static func timestamp(_ row: some CertificateColumns, _ column: CertificateColumn) -> Date? {
        if let date = row.withUTF8(column, { StoredTimestamp.date($0) }) ?? nil { return date }
        return row.text(column).flatMap(foundationTimestamp)
    }

    private static func foundationTimestamp(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!).parse(text)
    }
}

/// The columns `CertificateRow.decode` reads, in `CertificateRow.selectSQL`'s order; `name` as
/// the result names them. The raw value indexes a table of column positions (see
/// `CertificateLookup`).
package enum CertificateColumn: Int, CaseIterable, Sendable {
    case id, eventID, identity, content, attendedSeconds, requiredSeconds, liveSeconds, rule, evidenceSHA256
    case templateName, templateSHA256, pdfSHA256, issuedAt, identitySalt, supersedes, issuedBy
    case changeStatus, changeReason, changeNote, changeOperator, changeAt, changeReplacedBy

    package var name: String {
        switch self {
        case .id: "id"
        case .eventID: "event_id"
        case .identity: "identity"
        case .content: "content"
        case .attendedSeconds: "attended_seconds"
        case .requiredSeconds: "required_seconds"
        case .liveSeconds: "live_seconds"
        case .rule: "rule"
        case .evidenceSHA256: "evidence_sha256"
        case .templateName: "template_name"
        case .templateSHA256: "template_sha256"
        case .pdfSHA256: "pdf_sha256"
        case .issuedAt: "issued_at"
        case .identitySalt: "identity_salt"
        case .supersedes: "supersedes"
        case .issuedBy: "issued_by"
        case .changeStatus: "change_status"
        case .changeReason: "change_reason"
        case .changeNote: "change_note"
        case .changeOperator: "change_operator"
        case .changeAt: "change_at"
        case .changeReplacedBy: "change_replaced_by"
        }
    }

    /// The column's expression in `CertificateRow.selectSQL`: `c.<name>` for the certificate's
    /// own columns, `s.<column> AS change_<column>` for its status change's.
    package var selection: String {
        let prefix = "change_"
        guard name.hasPrefix(prefix) else { return "c.\(name)" }
        return "s.\(name.dropFirst(prefix.count)) AS \(name)"
    }
}

/// What `CertificateRow.decode` reads a row through: a GRDB row, or a raw statement's row
/// (see `CertificateLookup`).
package protocol CertificateColumns {
    /// The column's text; nil for NULL or a column the row lacks.
    func text(_ column: CertificateColumn) -> String?
    /// The column's integer; nil for NULL or a column the row lacks.
    func integer(_ column: CertificateColumn) -> Int?
    /// `body`'s answer for the column's UTF-8 bytes, lent for the call; nil for NULL or a column
    /// the row lacks.
    func withUTF8<Result>(_ column: CertificateColumn, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result?
}

extension Row: CertificateColumns {
    func text(_ column: CertificateColumn) -> String? { self[column.name] }
    func integer(_ column: CertificateColumn) -> Int? { self[column.name] }

    func withUTF8<Result>(_ column: CertificateColumn, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        guard var text: String = self[column.name] else { return nil }
        return text.withUTF8(body)
    }
}
