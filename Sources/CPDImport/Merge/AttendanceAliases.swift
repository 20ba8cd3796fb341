public import CPDCore
public import Foundation

/// Links a person's several addresses (a work and a personal account) to one identity: a CSV
/// of two email columns, one pair a row; the certificate goes to the first-named address.
///
/// ```swift
/// let aliases = try AttendanceAliases(data: bytes, fileName: "aliases.csv")
/// aliases.identity(for: personal)   // the work address named first beside it
/// ```
/// Pairs chain: `a,b` and `b,c` make one person of all three, known by `a`: the first address
/// of the first row that names any of them. A header row (its cells are not addresses) is skipped.
public struct AttendanceAliases: Sendable {
    /// The file name as the user gave it.
    public let fileName: String
    private var primary: [AttendeeIdentity: AttendeeIdentity] = [:]
    /// Each group's primary, and the row that first named the group.
    private var since: [AttendeeIdentity: Int] = [:]
    /// Rows that are not two addresses, with their lines.
    public private(set) var rejected: [Diagnostic] = []
    /// Warnings about the file (read as Windows-1252).
    public private(set) var warnings: [Diagnostic] = []

    /// No aliases: every address is its own identity.
    public init() {
        fileName = ""
    }

    /// Reads an aliases file.
    /// - Throws: `AttendanceFileError` when the file cannot be read as text.
    public init(data: Data, fileName: String) throws(AttendanceFileError) {
        let document = try AttendanceDocument(data: data, fileName: fileName)
        self.fileName = fileName
        warnings = document.warnings
        let (rows, problems) = document.parsed()
        rejected = problems
        var first = true
        for row in rows where !row.isBlank {
            let cells = row.cells.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            defer { first = false }
            if first, !cells.contains(where: { $0.contains("@") }) { continue }
            do throws(RowProblem) {
                guard cells.count == 2 else {
                    throw RowProblem("\(cells.count) cells; give two email addresses of one person, the certificate's first")
                }
                link(
                    try ReportTable.identity(cells[0], column: "first address"),
                    try ReportTable.identity(cells[1], column: "second address"),
                    row: row.line)
            } catch {
                rejected.append(Diagnostic(file: fileName, line: row.line, message: error.message))
            }
        }
    }

    /// True when no address is linked to another.
    public var isEmpty: Bool { primary.isEmpty }

    /// The identity a certificate for `identity` goes to.
    public func identity(for identity: AttendeeIdentity) -> AttendeeIdentity {
        primary[identity] ?? identity
    }

    /// Joins the groups of `first` and `second` (the pair on row `row`): the group keeps the
    /// primary of whichever group a row named first, so the primary is always the first address
    /// of the first row that names anyone of the group.
    private mutating func link(_ first: AttendeeIdentity, _ second: AttendeeIdentity, row: Int) {
        let a = primary[first] ?? first
        let b = primary[second] ?? second
        if since[a] == nil { since[a] = row }
        if since[b] == nil { since[b] = row }
        guard a != b else { return }
        let (keep, other) = since[b]! < since[a]! ? (b, a) : (a, b)
        for (address, known) in primary where known == other { primary[address] = keep }
        primary[other] = keep
        since[other] = nil
    }
}
