public import CPDCore

/// Reads cpdcert's canonical attendance CSV: a header row naming `full_name`, `email` and either
/// `minutes_attended` (one row per attendee) or `join_time` and `leave_time` (one row per
/// session; a person's rows merge), plus optional `job_title` and `organisation`. Without an
/// `email` column (a list of telephone dial-ins by caller name) the names are matched to the
/// document's roster.
///
/// ```swift
/// let times = LocalTimeReader(timeZone: zone, near: event.start)
/// let report = try CanonicalAttendanceDecoder().decode(data, fileName: "attendance.csv", times: times)
/// report.evidence   // one per person
/// report.rejected   // "attendance.csv:7: 'minutes_attended' must be a number ..."
/// ```
public struct CanonicalAttendanceDecoder: AttendanceDecoder {
    static let name = Column("full_name", "name", "attendee_name")
    static let email = Column("email", "email_address", "e-mail")
    static let minutes = Column("minutes_attended", "minutes", "attended_minutes")
    static let join = Column("join_time", "joined_at")
    static let leave = Column("leave_time", "left_at")
    static let jobTitle = Column("job_title", "role", "position")
    static let organisation = Column("organisation", "organization", "employer")
    static let hint =
        "Add it: full_name, email and either minutes_attended or join_time and leave_time are required; job_title and organisation are optional"

    /// Creates the decoder.
    public init() {}

    public func decode(_ document: AttendanceDocument, times: LocalTimeReader) throws(AttendanceFileError) -> AttendanceReport {
        // One pass over the rows, holding one at a time: this is the format of large batches.
        var reader = document.makeReader()
        var headerRow = reader.next()
        while let row = headerRow, row.isBlank { headerRow = reader.next() }
        guard let headerRow else { throw .empty(file: document.fileName) }
        let table = ReportTable(title: nil, header: HeaderMap(headers: headerRow.cells), headerLine: headerRow.line, rows: [])
        let bySession = table.has(Self.join) || table.has(Self.leave)
        try table.require([Self.name] + (bySession ? [Self.join, Self.leave] : [Self.minutes]), file: document.fileName, hint: Self.hint)
        let roster = try table.roster(unless: Self.email, in: document, what: "This cpdcert CSV")
        var builder = AttendanceReportBuilder(fileName: document.fileName)
        var firstLine: [AttendeeIdentity: Int] = [:]
        while let row = reader.next() {
            if row.isBlank { continue }
            do throws(RowProblem) {
                guard let name = try table.text(.name, Self.name, in: row) else {
                    throw RowProblem("'\(table.name(Self.name))' is empty; every attendee needs a name as it should be printed")
                }
                let identity =
                    if let roster {
                        try builder.identity(named: name, column: table.name(Self.name), roster: roster, line: row.line)
                    } else {
                        try table.identity(Self.email, in: row)
                    }
                let jobTitle = try table.text(.jobTitle, Self.jobTitle, in: row)
                let organisation = try table.text(.organisation, Self.organisation, in: row)
                if bySession {
                    guard let session = try table.session(join: Self.join, leave: Self.leave, in: row, times: times, builder: &builder)
                    else {
                        throw RowProblem("'\(table.name(Self.join))' and '\(table.name(Self.leave))' are empty; give the session's times")
                    }
                    builder.add(identity, name: name, session: session, line: row.line, jobTitle: jobTitle, organisation: organisation)
                    continue
                }
                let seconds = try Self.seconds(table.value(Self.minutes, in: row), column: table.name(Self.minutes))
                if let earlier = firstLine[identity] {
                    throw RowProblem(
                        "the same email as line \(earlier); list each attendee once (emails are compared ignoring case and spaces)")
                }
                firstLine[identity] = row.line
                let attendee = Attendee(fullName: name, identity: identity, jobTitle: jobTitle, organisation: organisation)
                builder.add(AttendanceEvidence(attendee: attendee, attendedSeconds: seconds, lines: [row.line]))
            } catch {
                builder.reject(row.line, error.message)
            }
        }
        return builder.report(problems: document.located(reader.problems))
    }

    /// The most minutes a row may report: 10 weeks, more than any course's contact time, and
    /// far from any limit of the arithmetic that follows.
    static let maximumMinutes = 100_800

    /// A minutes cell as whole seconds: decimal digits with an optional fraction, nothing else
    /// (`Double` would read `0x10` as 16, and `1e308` as a number no count can hold).
    static func seconds(_ text: String?, column: String) throws(RowProblem) -> Int {
        guard let text else { throw RowProblem("'\(column)' is empty; give the minutes attended, e.g. 180") }
        let negative = text.hasPrefix("-")
        guard let (whole, fraction) = decimal(negative ? text.dropFirst() : Substring(text)) else {
            throw RowProblem(
                "'\(column)' must be a number of minutes in plain digits such as 180 or 157.5, found '\(RowProblem.quote(text))'")
        }
        guard !negative || (whole.allSatisfy { $0 == "0" } && fraction.allSatisfy { $0 == "0" }) else {
            throw RowProblem("'\(column)' cannot be negative, found '\(RowProblem.quote(text))'")
        }
        // Leading zeros aside, seven digits are already more than the maximum.
        let significant = whole.drop { $0 == "0" }
        guard significant.count < 7, let minutes = Int(significant.isEmpty ? "0" : significant), minutes <= maximumMinutes,
            minutes < maximumMinutes || fraction.allSatisfy({ $0 == "0" })
        else {
            throw RowProblem(
                "'\(column)' is more than \(maximumMinutes) minutes (10 weeks), found '\(RowProblem.quote(text))'; give the minutes this person attended"
            )
        }
        // Four decimals (a hundredth of a second) are more than any report gives; the rest are dropped.
        let decimals = fraction.prefix(4)
        let tenThousandths = (Int(decimals) ?? 0) * [10_000, 1_000, 100, 10, 1][decimals.count]
        return minutes * 60 + (tenThousandths * 60 + 5_000) / 10_000
    }

    /// `digits[.digits]` split at the point; nil for anything else or an empty number.
    private static func decimal(_ text: Substring) -> (whole: Substring, fraction: Substring)? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        guard !(whole.isEmpty && fraction.isEmpty), (whole + fraction).utf8.allSatisfy({ (0x30...0x39).contains($0) })
        else { return nil }
        return (whole, fraction)
    }
}
