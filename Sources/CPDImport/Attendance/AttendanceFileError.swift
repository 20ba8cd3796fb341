/// An attendance file that cannot be read at all. (A bad row is a `Diagnostic` instead, and the
/// rest of the file is used.)
public enum AttendanceFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not UTF-8 or UTF-16 text; where the first byte that is not part of a character is, if
    /// the file has one (line, and byte offset from the start of the file).
    case notText(file: String, line: Int? = nil, offset: Int? = nil)
    /// No rows at all.
    case empty(file: String)
    /// A byte order mark after the start of the file (two files joined into one), on `line`.
    case byteOrderMarkInside(file: String, line: Int)
    /// A column the format needs is not in the header row; `hint` says what the format needs.
    case missingColumn(file: String, line: Int, column: String, found: [String], hint: String)
    /// A table the format needs is not in the file.
    case missingTable(file: String, table: String, hint: String)
    /// The content matches none of the formats cpdcert reads.
    case unknownFormat(file: String)

    public var description: String {
        switch self {
        case .notText(let file, let line?, let offset?):
            return
                "\(file):\(line): not valid UTF-8 or UTF-16 text at byte \(offset + 1) of the file (probably a character saved in another encoding, such as Windows-1252); save or export the attendance report as CSV in UTF-8"
        case .notText(let file, _, _):
            return "\(file): not a text file in UTF-8 or UTF-16; export the attendance report as CSV"
        case .byteOrderMarkInside(let file, let line):
            return
                "\(file):\(line): a byte order mark (U+FEFF) inside the file, where a second file begins when two are joined into one; pass each report as it was exported, with --attendance once for each"
        case .empty(let file):
            return "\(file):1: the file is empty; export the attendance report again, or give a header row naming the columns"
        case .missingColumn(let file, let line, let column, let found, let hint):
            // A file without a header row shows its first data row here: never repeat an email.
            let shown = found.filter { !$0.isEmpty }.map { $0.contains("@") ? "(an email address)" : "'\($0)'" }.joined(separator: ", ")
            return "\(file):\(line): no '\(column)' column; the header row has \(shown). \(hint)"
        case .missingTable(let file, let table, let hint):
            return "\(file): no '\(table)' table. \(hint)"
        case .unknownFormat(let file):
            return
                "\(file): cannot tell which attendance report this is; cpdcert reads \(AttendanceFormat.allCases.map(\.summary).joined(separator: ", ")). Name the format with --format \(AttendanceFormat.allCases.map(\.rawValue).joined(separator: "|"))"
        }
    }
}
