import CPDCore
import CPDRegistry
import Foundation
import NIOCore
import PostgresNIO

/// A certificate row as `CertificateRow.decode` reads it (CPDRegistry's mapping, shared with
/// SQLite, so both read a row the same way): the columns of `PostgresRows.certificateSelect`.
struct PostgresCertificateColumns: CertificateColumns {
    private var texts: [String?]
    private var integers: [Int?]

    static let integerColumns: Set<CertificateColumn> = [.attendedSeconds, .requiredSeconds, .liveSeconds]

    init(_ row: PostgresRow) throws {
        texts = Array(repeating: nil, count: CertificateColumn.allCases.count)
        integers = texts.map { _ in nil }
        for (index, cell) in row.enumerated() {
            guard let column = CertificateColumn(rawValue: index) else { break }
            if Self.integerColumns.contains(column) {
                integers[index] = try cell.decode(Int?.self)
            } else {
                texts[index] = try cell.decode(String?.self)
            }
        }
    }

    /// A row of `SELECT certificate_id AS id, <PostgresRows.historyColumns>`: an ID and a status change.
    init(historyRow row: PostgresRow) throws {
        texts = Array(repeating: nil, count: CertificateColumn.allCases.count)
        integers = texts.map { _ in nil }
        let columns = [CertificateColumn.id] + PostgresRows.changeColumns
        for (column, cell) in zip(columns, row) { texts[column.rawValue] = try cell.decode(String?.self) }
    }

    func text(_ column: CertificateColumn) -> String? { texts[column.rawValue] }
    func integer(_ column: CertificateColumn) -> Int? { integers[column.rawValue] }

    func withUTF8<Result>(_ column: CertificateColumn, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        guard var text = texts[column.rawValue] else { return nil }
        return text.withUTF8(body)
    }
}

enum PostgresRows {
    /// SELECT of certificates with their latest status change (the same join as SQLite's).
    static let certificateSelect = CertificateRow.selectSQL

    /// A status change's columns, in `CertificateColumn`'s order.
    static let changeColumns = CertificateColumn.allCases.filter { $0.selection.hasPrefix("s.") }

    /// `status_history`'s columns of a change (`s.status AS change_status`, ...).
    static let historyColumns = changeColumns.map(\.selection).joined(separator: ", ")

    /// The 32 bytes of a hash column.
    static func digest(_ buffer: ByteBuffer?, _ what: String) throws -> SHA256Digest {
        guard let buffer, let hash = SHA256Digest(bytes: Array(buffer.readableBytesView)) else {
            throw RegistryError.corruptRecord(id: what, reason: "a hash is not 32 bytes")
        }
        return hash
    }

    /// An attendance record from `SELECT <attendanceColumns>`.
    static let attendanceColumns =
        "event_id, identity, source_sha256, name, attended_seconds, required_seconds, live_seconds, rule, eligible, lines, recorded_at, identity_salt, sources"

    static func attendance(_ row: PostgresRow) throws -> AttendanceRecord {
        let cells = row.makeRandomAccess()
        func text(_ name: String) throws -> String { try cells[name].decode(String.self) }
        func integer(_ name: String) throws -> Int { try cells[name].decode(Int.self) }
        let (eventID, identityText, source, name, rule, lines) = (
            try text("event_id"), try text("identity"), try text("source_sha256"), try text("name"), try text("rule"),
            try text("lines")
        )
        let (attended, required, live) = (try integer("attended_seconds"), try integer("required_seconds"), try integer("live_seconds"))
        let (eligible, recorded, salt, sources) = (
            try cells["eligible"].decode(Bool.self), try text("recorded_at"), try text("identity_salt"), try text("sources")
        )
        guard let identity = AttendeeIdentity(email: identityText), let recordedAt = CertificateRow.parseTimestamp(recorded) else {
            throw RegistryError.corruptRecord(id: "attendance", reason: "a record cannot be read")
        }
        var record = AttendanceRecord(
            eventID: eventID, identity: identity, name: name,
            eligibility: Eligibility(attendedSeconds: attended, requiredSeconds: required, liveSeconds: live, rule: rule),
            sourceSHA256: source, lines: lines.split(separator: ",").compactMap { Int($0) }, recordedAt: recordedAt,
            identitySalt: salt)
        record.sources = try SQLiteCertificateRegistry.storedSources(sources)
        // As stored, not as the rule would judge it now.
        record.eligible = eligible
        return record
    }
}

/// A text array and which of its values are NULL, for `unnest` (postgres-nio encodes no NULL
/// inside an array): `CASE WHEN has THEN value END` puts the NULLs back.
struct NullableTexts {
    var values: [String] = []
    var present: [Bool] = []

    mutating func append(_ value: String?) {
        values.append(value ?? "")
        present.append(value != nil)
    }
}
