import CPDCore

extension AttendanceDocument {
    /// The first table whose header satisfies `isHeader`, with the CSV reader's problems; fails
    /// the file naming `table` and saying how to export it (`hint`) when there is none.
    func table(where isHeader: (HeaderMap) -> Bool, table name: String, hint: String) throws(AttendanceFileError) -> (
        table: ReportTable, problems: [Diagnostic]
    ) {
        let (rows, problems) = parsed()
        guard let table = ReportTable.first(in: rows, where: isHeader) else {
            throw .missingTable(file: fileName, table: name, hint: hint)
        }
        return (table, problems)
    }
}
