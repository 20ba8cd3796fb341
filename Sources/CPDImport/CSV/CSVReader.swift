import CPDCore

/// One parsed CSV record with the line it starts on.
public struct CSVRow: Sendable, Equatable {
    /// 1-based line number of the record's first character.
    public var line: Int
    /// The cells, unquoted.
    public var cells: [String]

    /// Creates a row.
    public init(line: Int, cells: [String]) {
        self.line = line
        self.cells = cells
    }

    /// True when every cell is empty or white space (e.g. a row of trailing separators).
    public var isBlank: Bool { cells.allSatisfy { $0.trimmingWhitespace().isEmpty } }
}

/// An RFC 4180 reader: quoted cells may hold separators, doubled quotes and newlines;
/// CRLF, LF and lone CR all end a record.
public struct CSVReader: Sequence, IteratorProtocol {
    private var scalars: String.UnicodeScalarView.Iterator
    private var pending: Unicode.Scalar?
    private var line = 1
    private let separator: Unicode.Scalar
    /// Problems met so far (an unterminated quote), by line.
    public private(set) var problems: [(line: Int, message: String)] = []

    /// Reads `text` with `separator` (comma, semicolon or tab).
    public init(text: String, separator: Unicode.Scalar = ",") {
        self.scalars = text.unicodeScalars.makeIterator()
        self.separator = separator
    }

    /// Guesses the separator: a tab when more of the first 50 lines hold a tab than hold only
    /// commas or semicolons (Teams writes tab-separated reports whose dates contain commas, and
    /// whose first line, "1. Summary", has neither); else a semicolon when more lines hold more
    /// semicolons than commas than the other way round (Excel's CSV where the decimal mark is a
    /// comma, as in much of Europe); else a comma.
    public static func guessSeparator(in text: String) -> Unicode.Scalar {
        var tabLines = 0
        var commaLines = 0
        var semicolonLines = 0
        for line in text.prefix(64 * 1024).split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).prefix(50) {
            if line.contains("\t") {
                tabLines += 1
                continue
            }
            var commas = 0
            var semicolons = 0
            for character in line {
                if character == "," { commas += 1 } else if character == ";" { semicolons += 1 }
            }
            if semicolons > commas {
                semicolonLines += 1
            } else if commas > 0 {
                commaLines += 1
            }
        }
        if tabLines > commaLines + semicolonLines { return "\t" }
        return semicolonLines > commaLines ? ";" : ","
    }

    private mutating func nextScalar() -> Unicode.Scalar? {
        if let scalar = pending {
            pending = nil
            return scalar
        }
        return scalars.next()
    }

    public mutating func next() -> CSVRow? {
        var cells: [String] = []
        var cell = String.UnicodeScalarView()
        let startLine = line
        var inQuotes = false
        var sawAnything = false
        var cellWasQuoted = false
        while let scalar = nextScalar() {
            sawAnything = true
            if inQuotes {
                if scalar == "\"" {
                    if let following = nextScalar() {
                        if following == "\"" {
                            cell.append("\"")
                        } else {
                            inQuotes = false
                            pending = following
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    if scalar == "\r" {
                        let following = nextScalar()
                        if following != "\n" { pending = following }
                        line += 1
                        cell.append("\n")
                        continue
                    }
                    cell.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where cell.isEmpty && !cellWasQuoted:
                inQuotes = true
                cellWasQuoted = true
            case separator:
                cells.append(String(cell))
                cell = String.UnicodeScalarView()
                cellWasQuoted = false
            case "\n", "\r":
                if scalar == "\r" {
                    let following = nextScalar()
                    if following != "\n" { pending = following }
                }
                line += 1
                cells.append(String(cell))
                return CSVRow(line: startLine, cells: cells)
            default:
                cell.append(scalar)
            }
        }
        if inQuotes {
            problems.append((startLine, "a quoted cell is never closed; check for a stray '\"'"))
        }
        guard sawAnything else { return nil }
        cells.append(String(cell))
        return CSVRow(line: startLine, cells: cells)
    }
}
