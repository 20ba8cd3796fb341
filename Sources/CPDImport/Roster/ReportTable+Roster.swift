import CPDCore

extension ReportTable {
    /// The roster that gives this table's rows their identities: nil when the table has an
    /// email column (a blank email in it stays a rejected row), the document's roster otherwise.
    /// - Throws: `.missingColumn` for a table with neither, saying to pass a roster.
    func roster(unless email: Column, in document: AttendanceDocument, what: String) throws(AttendanceFileError) -> AttendanceRoster? {
        guard !has(email) else { return nil }
        guard let roster = document.roster else {
            throw .missingColumn(
                file: document.fileName, line: headerLine, column: email.label, found: header.headers,
                hint:
                    "\(what) gives names and no email, and cpdcert never uses a name alone as an identity: pass the event's registration list (names and emails, as the booking system exports it) with --roster FILE, or add an '\(email.label)' column"
            )
        }
        return roster
    }
}

extension AttendanceReportBuilder {
    /// The identity `roster` gives the name in a row (`column` names the cell for messages); the
    /// booking's name becomes the one printed, as the person wrote it when registering ("Siân
    /// Llywelyn" for a dial-in listed as "LLYWELYN, SIAN"). A match found only ignoring accents
    /// and case is warned about on the row's line.
    /// - Throws: `RowProblem` for an empty name, one no booking has, or one several people's share.
    mutating func identity(named name: String?, column: String, roster: AttendanceRoster, line: Int) throws(RowProblem)
        -> AttendeeIdentity
    {
        guard let name else {
            throw RowProblem("'\(column)' is empty; this report has no email column, so the name is what identifies the attendee")
        }
        let match = try roster.match(name, column: column)
        if match.loosely {
            warn(
                line,
                "'\(RowProblem.quote(name))' matched the booking '\(RowProblem.quote(match.entry.name))' (\(roster.fileName):\(match.entry.line)) only ignoring accents and case; check it is the same person"
            )
        }
        if registeredNames[match.entry.identity] == nil { registeredNames[match.entry.identity] = match.entry.name }
        return match.entry.identity
    }
}
