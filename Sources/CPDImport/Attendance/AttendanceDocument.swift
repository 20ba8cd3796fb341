public import CPDCore
public import Foundation

/// An attendance file as rows of cells: decoded (UTF-8 or UTF-16, with or without BOM, else
/// Windows-1252), separator guessed (comma, semicolon or tab), quoted cells unquoted, each row with its line number.
///
/// Rows are parsed as they are read, not held: a decoder that reads the file once (cpdcert's
/// own CSV, the format of large batches) keeps one row at a time, whatever the file's size.
public struct AttendanceDocument: Sendable {
    /// The file name as the user gave it, for diagnostics.
    public let fileName: String
    private let text: String
    private let separator: Unicode.Scalar

    /// Takes `text` as the file's content.
    public init(text: String, fileName: String) {
        self.text = text
        self.fileName = fileName
        self.separator = CSVReader.guessSeparator(in: text)
    }

    /// Names to give identities to rows of a report (or a section) that has no email column.
    public var roster: AttendanceRoster?
    /// Warnings about the file as a whole (read as Windows-1252), located.
    public private(set) var warnings: [Diagnostic] = []

    /// Decodes `data`: UTF-8 or UTF-16, else Windows-1252 with a warning naming the first line
    /// that needed it (Excel's "CSV" on Windows).
    /// - Throws: `AttendanceFileError.notText`, `.byteOrderMarkInside` for a byte order mark
    ///   after the start, or `.empty` when it has no non-blank row.
    public init(data: Data, fileName: String) throws(AttendanceFileError) {
        guard let decoded = TextDecoding.decodeSpreadsheet(data) else {
            let invalid = TextDecoding.firstInvalid(in: data)
            throw .notText(file: fileName, line: invalid?.line, offset: invalid?.offset)
        }
        if let line = TextDecoding.strayByteOrderMark(in: decoded.text) { throw .byteOrderMarkInside(file: fileName, line: line) }
        self.init(text: decoded.text, fileName: fileName)
        if let line = decoded.windows1252Line {
            warnings.append(
                Diagnostic(
                    file: fileName, line: line,
                    message:
                        "not valid UTF-8 (the first line that is not), so the file was read as Windows-1252 (the encoding Excel saves CSV in on Windows); check the names, or save the file as CSV UTF-8"
                ))
        }
        guard makeReader().contains(where: { !$0.isBlank }) else { throw .empty(file: fileName) }
    }

    /// A reader at the first row; its `problems` are complete once it has returned nil.
    public func makeReader() -> CSVReader {
        CSVReader(text: text, separator: separator)
    }

    /// Every row, blank ones included, in file order, and the problems the CSV reader met (an
    /// unterminated quote), located. For decoders that look at the rows more than once.
    public func parsed() -> (rows: [CSVRow], problems: [Diagnostic]) {
        var reader = makeReader()
        var rows: [CSVRow] = []
        while let row = reader.next() { rows.append(row) }
        return (rows, located(reader.problems))
    }

    /// Every row, blank ones included, in file order.
    public var rows: [CSVRow] { parsed().rows }

    /// The reader's problems as diagnostics in this file.
    func located(_ problems: [(line: Int, message: String)]) -> [Diagnostic] {
        problems.map { Diagnostic(file: fileName, line: $0.line, message: $0.message) }
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
