public import CPDCore
public import Foundation

/// A registration list as a booking system exports it (Eventbrite's attendee export, a
/// Microsoft Forms download): a name column, or first-name and last-name columns, and an email
/// column, found by header name. It gives identities to report rows that carry only a name.
///
/// ```swift
/// let roster = try AttendanceRoster(data: bytes, fileName: "bookings.csv")
/// try roster.match("Llywelyn, Siân")   // .init(identity: sian@example.org, line: 4, loosely: false)
/// ```
/// Names are compared as `PersonNameKey.exact` writes them; only when none matches so, as
/// `PersonNameKey.loose` does, and then only when that finds exactly one identity. It never
/// guesses: a name that two people's bookings share is ambiguous.
public struct AttendanceRoster: Sendable {
    /// The file name as the user gave it, for diagnostics.
    public let fileName: String
    /// One booking: who, and its line.
    public struct Entry: Sendable, Hashable {
        /// The booking's identity.
        public var identity: AttendeeIdentity
        /// The name as the booking gives it.
        public var name: String
        /// 1-based line in the roster.
        public var line: Int
    }
    private var exact: [String: [Entry]] = [:]
    private var loose: [String: [Entry]] = [:]
    /// Rows that give no usable booking, with their lines.
    public private(set) var rejected: [Diagnostic] = []
    /// Warnings about the file (read as Windows-1252).
    public private(set) var warnings: [Diagnostic] = []

    static let name = Column("Name", "Full Name", "Attendee Name", "Your Name", "Attendee")
    static let firstName = Column("First Name", "Forename", "Given Name", "Attendee First Name")
    static let lastName = Column("Last Name", "Surname", "Family Name", "Attendee Last Name")
    static let email = Column("Email", "Email Address", "E-mail", "Attendee Email", "Your Email Address", "Your Email")

    /// Reads a roster file.
    /// - Throws: `AttendanceFileError` when the file cannot be read or has no email and name columns.
    public init(data: Data, fileName: String) throws(AttendanceFileError) {
        let document = try AttendanceDocument(data: data, fileName: fileName)
        self.fileName = fileName
        warnings = document.warnings
        let (rows, problems) = document.parsed()
        let isHeader = { (header: HeaderMap) in
            header.contains(Self.email.names) && (header.contains(Self.name.names) || header.contains(Self.firstName.names))
        }
        guard let table = ReportTable.first(in: rows, where: isHeader) else {
            throw .missingTable(
                file: fileName, table: "Email, Name (or First Name and Last Name)",
                hint:
                    "Pass the registration list as the booking system exports it (e.g. Eventbrite's attendee export), with an email column and a name column, or first-name and last-name columns"
            )
        }
        rejected = problems
        for row in table.rows {
            do throws(RowProblem) {
                // Microsoft Forms writes the respondent's account ("anonymous" on a public form) under
                // Email, and the form's own questions beside it: the first column that holds an address counts.
                let emails = Self.email.names.compactMap { table.header.value([$0], in: row) }
                guard let email = emails.first(where: { $0.contains("@") }) ?? emails.first else {
                    throw RowProblem("'\(table.name(Self.email))' is empty; a booking without an email cannot identify anyone")
                }
                // Bookings typed by hand: "Sian.Llywelyn @example.org" is the same person as sian.llywelyn@example.org.
                let identity = try ReportTable.identity(String(email.filter { !$0.isWhitespace }), column: table.name(Self.email))
                let display = Self.name.names.lazy.compactMap { table.header.value([$0], in: row) }.first
                let name = try PersonName.preferred(
                    first: table.text(.name, Self.firstName, in: row), last: table.text(.name, Self.lastName, in: row),
                    display: display.map { text throws(RowProblem) in try AttendeeField.name.check(text, column: table.name(Self.name)) })
                guard let name else {
                    throw RowProblem("no name in '\(table.name(Self.name))' or '\(table.name(Self.firstName))'; give the booking's name")
                }
                add(Entry(identity: identity, name: name, line: row.line))
            } catch {
                rejected.append(Diagnostic(file: fileName, line: row.line, message: error.message))
            }
        }
    }

    private mutating func add(_ entry: Entry) {
        let key = PersonNameKey.exact(entry.name)
        // One person booked twice (the same email, any case or spacing) is one identity.
        if exact[key]?.contains(where: { $0.identity == entry.identity }) == true { return }
        exact[key, default: []].append(entry)
        loose[PersonNameKey.loose(entry.name), default: []].append(entry)
    }

    /// How a name was matched.
    public struct Match: Sendable, Hashable {
        /// The booking matched.
        public var entry: Entry
        /// True when only the accent- and case-insensitive comparison matched.
        public var loosely: Bool
    }

    /// The booking `name` belongs to.
    /// - Throws: `RowProblem` saying the name is ambiguous (with the bookings' lines) or has no booking.
    func match(_ name: String, column: String) throws(RowProblem) -> Match {
        for (index, key) in [exact[PersonNameKey.exact(name)], loose[PersonNameKey.loose(name)]].enumerated() {
            guard let entries = key else { continue }
            let people = Set(entries.map(\.identity))
            guard people.count == 1 else { throw ambiguous(name, column: column, entries) }
            return Match(entry: entries[0], loosely: index == 1)
        }
        throw RowProblem(
            "'\(column)' is '\(RowProblem.quote(name))', and no booking in \(fileName) has that name; add the person to \(fileName) (a name and an email), or correct the name in either file"
        )
    }

    private func ambiguous(_ name: String, column: String, _ entries: [Entry]) -> RowProblem {
        let lines = entries.map { "\(fileName):\($0.line)" }.joined(separator: " and ")
        return RowProblem(
            "'\(column)' is '\(RowProblem.quote(name))', which bookings of \(entries.count) different people share (\(lines)); cpdcert does not guess who this is: make the names in \(fileName) tell them apart (as each is written in the report), or give this report an email column"
        )
    }
}
