import CPDCore

/// Reads a table of one row a person with a total time, a first join and a last leave (Teams'
/// 2021 meeting summary, GoTo Webinar's attendee report, Google Meet's attendance report): the
/// reading shared by their decoders. Each row becomes evidence counted as `ReportedSpan` says;
/// a row with no time at all is a registrant who never joined.
struct SpanReportReader {
    /// The display-name column, or first- and last-name columns (one of the two).
    var name: Column?
    var firstName: Column?
    var lastName: Column?
    var email: Column
    var join: Column
    var leave: Column
    var duration: Column
    /// What a plain number in the duration column counts, in seconds.
    var bareUnit: Int
    /// Why the row is not about an attendee (a host, an organiser), or nil when it is.
    var notAttendee: @Sendable (ReportTable, CSVRow) -> String? = { _, _ in nil }

    /// Reads `document`'s table (the first whose header satisfies `isHeader`; `table` and `hint`
    /// say what is missing when there is none), which must have the `required` columns.
    func decode(
        _ document: AttendanceDocument, times: LocalTimeReader, isHeader: (HeaderMap) -> Bool, table name: String, hint: String,
        required: [Column], requiredHint: String
    ) throws(AttendanceFileError) -> AttendanceReport {
        let (table, problems) = try document.table(where: isHeader, table: name, hint: hint)
        try table.require(required, file: document.fileName, hint: requiredHint)
        var builder = AttendanceReportBuilder(fileName: document.fileName)
        read(table, times: times, builder: &builder)
        return builder.report(problems: problems)
    }

    /// Reads every row of `table` into `builder`.
    func read(_ table: ReportTable, times: LocalTimeReader, builder: inout AttendanceReportBuilder) {
        var seen: [AttendeeIdentity: Int] = [:]
        for row in table.rows {
            do throws(RowProblem) {
                if let reason = notAttendee(table, row) {
                    builder.ignore(row.line, reason)
                    continue
                }
                let identity = try table.identity(email, in: row)
                if let earlier = seen[identity] {
                    throw RowProblem(
                        "a second row for the attendee of line \(earlier); this report gives totals, not sessions, and two totals cannot be merged without counting an overlap twice: keep one row, or export the sessions instead"
                    )
                }
                guard let shown = try self.name(in: row, of: table) else {
                    throw RowProblem("the row gives no name; add the name as it should be printed")
                }
                seen[identity] = row.line
                let span = try table.span(
                    join: join, leave: leave, duration: duration, in: row, times: times, bareUnit: bareUnit, builder: &builder)
                if let span {
                    builder.add(
                        AttendanceEvidence(attendee: Attendee(fullName: shown, identity: identity), time: .span(span), lines: [row.line]))
                } else {
                    builder.add(identity, name: shown, session: nil, line: row.line)
                }
            } catch {
                builder.reject(row.line, error.message)
            }
        }
    }

    /// The row's name: its display name, or its first and last names.
    private func name(in row: CSVRow, of table: ReportTable) throws(RowProblem) -> String? {
        if let name { return try table.displayName(name, in: row) }
        let first = try firstName.map { column throws(RowProblem) in try table.text(.name, column, in: row) } ?? nil
        let last = try lastName.map { column throws(RowProblem) in try table.text(.name, column, in: row) } ?? nil
        guard let joined = PersonName.preferred(first: first, last: last, display: nil) else { return nil }
        try AttendeeField.requireVisibleName(joined, column: table.name(firstName ?? email))
        return joined
    }
}
