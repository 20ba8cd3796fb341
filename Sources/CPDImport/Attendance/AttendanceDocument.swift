public import CPDCore
public import Foundation

/// An attendance file as rows of cells: decoded (UTF-8 or UTF-16, with or without BOM),
/// separator guessed (comma or tab), quoted cells unquoted, each row with its line number.
public struct AttendanceDocument: Sendable {
    /// The file name as the user gave it, for diagnostics.
    public let fileName: String
    /// Every row, blank ones included, in file order.
    public let rows: [CSVRow]
    /// Problems the CSV reader met (an unterminated quote), located.
    public let problems: [Diagnostic]

    /// Splits `text` into rows.
    public init(text: String, fileName: String) {
        var reader = CSVReader(text: text, separator: CSVReader.guessSeparator(in: text))
        var rows: [CSVRow] = []
        while let row = reader.next() { rows.append(row) }
        self.fileName = fileName
        self.rows = rows
        self.problems = reader.problems.map { Diagnostic(file: fileName, line: $0.line, message: $0.message) }
    }

    /// Decodes `data` and splits it into rows.
    /// - Throws: `AttendanceFileError.notText` or `.empty`.
    public init(data: Data, fileName: String) throws(AttendanceFileError) {
        guard let text = TextDecoding.decode(data) else { throw .notText(file: fileName) }
        self.init(text: text, fileName: fileName)
        guard rows.contains(where: { !$0.isBlank }) else { throw .empty(file: fileName) }
    }
}

/// Reads one attendance format: rows in, evidence per person and located diagnostics out.
public protocol AttendanceDecoder: Sendable {
    /// Decodes `document`, reading its local times with `times` (the event's zone).
    /// - Throws: `AttendanceFileError` when the file as a whole is unusable; a bad row is
    ///   reported in the result's `rejected` instead.
    func decode(_ document: AttendanceDocument, times: LocalTimeReader) throws(AttendanceFileError) -> AttendanceReport
}

extension AttendanceDecoder {
    /// Decodes the bytes of a file; `fileName` is used in diagnostics.
    public func decode(_ data: Data, fileName: String, times: LocalTimeReader) throws(AttendanceFileError) -> AttendanceReport {
        try decode(AttendanceDocument(data: data, fileName: fileName), times: times)
    }
}
