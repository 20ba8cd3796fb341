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

    /// A cell's text to quote in a message: at most 40 characters, control characters written
    /// as U+ codes, so that a message stays one short line whatever the cell holds.
    static func quote(_ text: String) -> String {
        var shown = ""
        for (count, scalar) in text.unicodeScalars.enumerated() {
            guard count < 40 else { return shown + "…" }
            shown += AttendeeField.refused(scalar) == nil ? String(scalar) : "U+\(AttendeeField.hex(scalar))"
        }
        return shown
    }
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

    /// The cell under `column` checked as `field` (see `AttendeeField`); nil when the column is
    /// absent or the cell empty.
    func text(_ field: AttendeeField, _ column: Column, in row: CSVRow, last: Bool = false) throws(RowProblem) -> String? {
        guard let text = value(column, in: row, last: last) else { return nil }
        return try field.check(text, column: name(column))
    }

    /// The name a platform's display-name cell gives (see `PersonName.display`), checked.
    func displayName(_ column: Column, in row: CSVRow) throws(RowProblem) -> String? {
        guard let text = try text(.name, column, in: row), let name = PersonName.display(text) else { return nil }
        try AttendeeField.requireVisibleName(name, column: self.name(column))
        return name
    }

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
        guard let identity = AttendeeIdentity(email: try AttendeeField.email.check(email, column: column)) else {
            throw RowProblem("'\(column)' is not an email address (it needs one '@' and a domain such as example.org)")
        }
        return identity
    }

    /// The session a row's join and leave cells give; nil when both are empty or `--` (Zoom's
    /// mark for a registrant who never joined).
    ///
    /// A time in the hour the clocks went back happened twice and the report does not say which
    /// (none of the platforms writes an offset): of the readings that keep the leave after the
    /// join, the shortest session is counted, so that no one is credited with time they may not
    /// have attended, and `builder` gets a warning on the row's line saying so.
    func session(join: Column, leave: Column, in row: CSVRow, times: LocalTimeReader, builder: inout AttendanceReportBuilder)
        throws(RowProblem) -> AttendanceInterval?
    {
        let joinText = value(join, in: row).flatMap { $0 == "--" ? nil : $0 }
        let leaveText = value(leave, in: row).flatMap { $0 == "--" ? nil : $0 }
        if joinText == nil, leaveText == nil { return nil }
        let starts = try instants(joinText, column: join, in: row, times: times, missing: "when this session began")
        let ends = try instants(leaveText, column: leave, in: row, times: times, missing: "when this session ended")
        let pairs = starts.flatMap { start in ends.filter { $0 >= start }.map { (start, $0) } }
        guard let (start, end) = pairs.min(by: { $0.1.timeIntervalSince($0.0) < $1.1.timeIntervalSince($1.0) }) else {
            throw RowProblem("'\(name(leave))' is before '\(name(join))'; check the row, or export the report again")
        }
        if starts.count > 1 || ends.count > 1 {
            let columns = [starts.count > 1 ? join : nil, ends.count > 1 ? leave : nil].compactMap { $0 }.map { "'\(name($0))'" }
            builder.warn(
                row.line,
                "\(columns.joined(separator: " and ")) fall\(columns.count == 1 ? "s" : "") in the hour that happened twice when the clocks went back in \(times.timeZone.identifier), and the report does not say which; cpdcert counts the shorter reading (\(Duration.minutesText(seconds: Int(end.timeIntervalSince(start)))) minutes for this session)"
            )
        }
        return AttendanceInterval(start: start, end: end, line: row.line)
    }

    /// The time in a cell (a join or a leave of its own, as the old Teams list gives them);
    /// `missing` says what an empty cell leaves unknown. A time that happened twice takes the
    /// reading that counts less (the later for a join, the earlier for a leave), with a warning.
    func time(
        _ text: String?, column: Column, in row: CSVRow, times: LocalTimeReader, missing: String, isJoin: Bool,
        builder: inout AttendanceReportBuilder
    ) throws(RowProblem) -> Date {
        let dates = try instants(text, column: column, in: row, times: times, missing: missing)
        if dates.count > 1 {
            builder.warn(
                row.line,
                "'\(name(column))' falls in the hour that happened twice when the clocks went back in \(times.timeZone.identifier), and the report does not say which; cpdcert takes the \(isJoin ? "later" : "earlier") reading, which counts less"
            )
        }
        return isJoin ? dates[dates.count - 1] : dates[0]
    }

    /// How far from the event's start a report's time may be: further, the year (or the file) is wrong.
    static let farFromEvent: TimeInterval = 366 * 86_400

    /// The instants a time cell can stand for, earlier first: one, or two for a time that
    /// happened twice when the clocks went back.
    private func instants(_ text: String?, column: Column, in row: CSVRow, times: LocalTimeReader, missing: String)
        throws(RowProblem) -> [Date]
    {
        guard let text else {
            throw RowProblem("'\(name(column))' is empty; cpdcert does not guess \(missing), so this session is not counted")
        }
        let dates: [Date]
        switch times.reading(from: text) {
        case .instant(let date)?:
            dates = [date]
        case .repeated(let first, let second)?:
            dates = [first, second]
        case .skipped(let before, let after)?:
            throw RowProblem(
                "'\(name(column))' is '\(RowProblem.quote(text))', a time that did not exist in \(times.timeZone.identifier): the clocks went forward from \(Self.utcOffset(before)) to \(Self.utcOffset(after)) that night and skipped it; check the time, or the time zone in the event file"
            )
        case nil:
            throw RowProblem(
                "'\(name(column))' is not a date and time cpdcert reads, found '\(RowProblem.quote(text))' (expected e.g. 09/16/2020 09:58:12 AM, Sep 16, 2020 09:58:12, 16/09/2020, 10:01:00 or 2020-09-16 10:01:00)"
            )
        }
        if let reference = times.referenceDate, dates.contains(where: { abs($0.timeIntervalSince(reference)) > Self.farFromEvent }) {
            throw RowProblem(
                "'\(name(column))' is '\(RowProblem.quote(text))', more than a year from the event's start; check the year, or that this is the event's report"
            )
        }
        return dates
    }

    /// "UTC+01:00".
    static func utcOffset(_ seconds: Int) -> String {
        let minutes = abs(seconds) / 60
        let hours = minutes / 60
        return "UTC\(seconds < 0 ? "-" : "+")\(hours < 10 ? "0" : "")\(hours):\(minutes % 60 < 10 ? "0" : "")\(minutes % 60)"
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
