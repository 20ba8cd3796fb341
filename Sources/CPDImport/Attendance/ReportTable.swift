import CPDCore
import Foundation

/// A column a decoder looks for: the header names it goes by, and the name to use in messages
/// when the file has none of them.
struct Column: Sendable {
    /// Header names, most usual first; compared as `HeaderMap` does (case and punctuation ignored).
    let names: [String]
    /// The names normalised once, since every row looks them up.
    let keys: [String]

    init(_ names: String...) {
        self.names = names
        self.keys = names.map(HeaderMap.key)
    }

    var label: String { names[0] }
}

/// What is wrong with one row, said without repeating an email address.
struct RowProblem: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// One table inside a report: the header row and the non-blank rows under it.
///
/// Reports hold several tables: Zoom's webinar report under title lines such as `Attendee
/// Details,`; Teams' under `1. Summary`, `2. Participants`, `3. In-Meeting Activities`; Zoom's
/// meeting report after an untitled summary block.
struct ReportTable {
    /// The title line above the table, if there was one.
    var title: String?
    /// The header row's columns.
    var header: HeaderMap
    /// The header row's line.
    var headerLine: Int
    /// The non-blank data rows, in file order.
    var rows: [CSVRow]

    /// The tables under title rows: a title row has one non-empty cell, the first, for which
    /// `isTitle` is true; the next non-blank row is the header; the table runs to the next title.
    static func sections(in rows: [CSVRow], isTitle: (String) -> Bool) -> [ReportTable] {
        var tables: [ReportTable] = []
        var pendingTitle: String?
        for row in rows where !row.isBlank {
            if let candidate = row.titleCell, isTitle(candidate) {
                pendingTitle = candidate
            } else if let title = pendingTitle {
                tables.append(ReportTable(title: title, header: HeaderMap(headers: row.cells), headerLine: row.line, rows: []))
                pendingTitle = nil
            } else if !tables.isEmpty {
                tables[tables.count - 1].rows.append(row)
            }
        }
        return tables
    }

    /// The first table whose header row satisfies `isHeader`; its rows run to the end of the file.
    static func first(in rows: [CSVRow], where isHeader: (HeaderMap) -> Bool) -> ReportTable? {
        for (index, row) in rows.enumerated() where !row.isBlank {
            let header = HeaderMap(headers: row.cells)
            guard isHeader(header) else { continue }
            return ReportTable(title: nil, header: header, headerLine: row.line, rows: rows[(index + 1)...].filter { !$0.isBlank })
        }
        return nil
    }

    init(title: String?, header: HeaderMap, headerLine: Int, rows: [CSVRow]) {
        self.title = title
        self.header = header
        self.headerLine = headerLine
        self.rows = rows
    }

    /// True when the header has `column`.
    func has(_ column: Column) -> Bool { header.index(ofKeys: column.keys) != nil }

    /// The column's header as the file writes it (for messages).
    func name(_ column: Column) -> String { header.header(of: column.names) ?? column.label }

    /// The trimmed cell under `column` (its last column of that name when `last`), or nil when
    /// the column is absent or the cell empty.
    func value(_ column: Column, in row: CSVRow, last: Bool = false) -> String? { header.value(keys: column.keys, in: row, last: last) }

    /// Fails the file unless the header has every one of `columns`.
    func require(_ columns: [Column], file: String, hint: String) throws(AttendanceFileError) {
        for column in columns where !has(column) {
            throw .missingColumn(file: file, line: headerLine, column: column.label, found: header.headers, hint: hint)
        }
    }

    /// The identity in the row's `column`; `whenEmpty` says why the cell may be empty.
    func identity(_ column: Column, in row: CSVRow, last: Bool = false, whenEmpty: String = "the email address identifies the attendee")
        throws(RowProblem) -> AttendeeIdentity
    {
        guard let email = value(column, in: row, last: last) else {
            throw RowProblem("'\(name(column))' is empty; \(whenEmpty)")
        }
        return try Self.identity(email, column: name(column))
    }

    /// `email` as an identity, or the reason it is not one.
    static func identity(_ email: String, column: String) throws(RowProblem) -> AttendeeIdentity {
        guard let identity = AttendeeIdentity(email: email) else {
            throw RowProblem("'\(column)' is not an email address (it needs one '@' and a domain such as example.org)")
        }
        return identity
    }

    /// The session a row's join and leave cells give; nil when both are empty or `--` (Zoom's
    /// mark for a registrant who never joined).
    func session(join: Column, leave: Column, in row: CSVRow, times: LocalTimeReader) throws(RowProblem) -> AttendanceInterval? {
        let joinText = value(join, in: row).flatMap { $0 == "--" ? nil : $0 }
        let leaveText = value(leave, in: row).flatMap { $0 == "--" ? nil : $0 }
        if joinText == nil, leaveText == nil { return nil }
        let start = try time(joinText, column: join, in: row, times: times, missing: "when this session began")
        let end = try time(leaveText, column: leave, in: row, times: times, missing: "when this session ended")
        guard end >= start else {
            throw RowProblem("'\(name(leave))' is before '\(name(join))'; check the row, or export the report again")
        }
        return AttendanceInterval(start: start, end: end, line: row.line)
    }

    /// The time in a cell; `missing` says what an empty cell leaves unknown.
    func time(_ text: String?, column: Column, in row: CSVRow, times: LocalTimeReader, missing: String)
        throws(RowProblem) -> Date
    {
        guard let text else {
            throw RowProblem("'\(name(column))' is empty; cpdcert does not guess \(missing), so this session is not counted")
        }
        guard let date = times.date(from: text) else {
            throw RowProblem(
                "'\(name(column))' is not a date and time cpdcert reads, found '\(text)' (expected e.g. 09/16/2020 09:58:12 AM, Sep 16, 2020 09:58:12, 16/09/2020, 10:01:00 or 2020-09-16 10:01:00)"
            )
        }
        return date
    }
}

extension CSVRow {
    /// The first cell, trimmed, when it is the only non-empty cell (a title line such as
    /// `Attendee Details,` or `2. Participants`).
    var titleCell: String? {
        guard let first = cells.first?.trimmingWhitespace(), !first.isEmpty,
            cells.dropFirst().allSatisfy({ $0.trimmingWhitespace().isEmpty })
        else { return nil }
        return first
    }
}
