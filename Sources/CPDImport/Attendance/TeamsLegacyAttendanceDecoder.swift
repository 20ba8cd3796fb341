public import CPDCore
import Foundation

/// Reads the Teams attendance list of 2020 to mid 2021: one table, `Full Name`, `User Action`
/// (`Joined`, `Joined before`, `Left`), `Timestamp`, one row per action.
///
/// ```swift
/// let report = try TeamsLegacyAttendanceDecoder().decode(data, fileName: "attendance.csv")
/// ```
/// That export has no email column, and a name alone is never an identity: the names are matched
/// to the registration list (`AttendanceDocument.roster`), or the organiser adds an `Email`
/// column (found by its name, in any position). Each `Left` closes the
/// person's earliest open join; a `Left` with no open join, and a join never closed (the list was
/// downloaded while the person was still in the meeting), are reported, not guessed. The export
/// does not say who organised the meeting, so every row counts as an attendee's.
public struct TeamsLegacyAttendanceDecoder: AttendanceDecoder {
    static let name = Column("Full Name", "Name")
    static let action = Column("User Action", "Action")
    static let timestamp = Column("Timestamp", "Time")
    static let email = Column("Email", "Email Address", "User Email", "Participant ID (UPN)", "UPN")

    /// Creates the decoder.
    public init() {}

    /// True for this format's header row.
    static func isHeader(_ header: HeaderMap) -> Bool {
        header.contains(name.names) && header.contains(action.names) && header.contains(timestamp.names)
    }

    /// One row's action, read.
    private struct Action {
        var identity: AttendeeIdentity
        var name: String?
        var joins: Bool
        var time: Date
        var line: Int
    }

    public func decode(_ document: AttendanceDocument, times: LocalTimeReader) throws(AttendanceFileError) -> AttendanceReport {
        let (rows, problems) = document.parsed()
        guard let table = ReportTable.first(in: rows, where: Self.isHeader) else {
            throw .missingTable(
                file: document.fileName, table: "Full Name, User Action, Timestamp",
                hint: "Pass the attendance list Teams downloaded, as it is, with an Email column added")
        }
        let roster = try table.roster(unless: Self.email, in: document, what: "Teams' attendance list of 2020-21")
        var builder = AttendanceReportBuilder(fileName: document.fileName)
        var actions: [Action] = []
        for row in table.rows {
            do throws(RowProblem) {
                let name = try table.displayName(Self.name, in: row)
                let identity =
                    if let roster {
                        try builder.identity(named: name, column: table.name(Self.name), roster: roster, line: row.line)
                    } else {
                        try table.identity(Self.email, in: row)
                    }
                guard let text = table.value(Self.action, in: row) else {
                    throw RowProblem("'\(table.name(Self.action))' is empty; expected Joined, Joined before or Left")
                }
                let kind = text.lowercased()
                guard kind.hasPrefix("joined") || kind == "left" else {
                    throw RowProblem("'\(table.name(Self.action))' is '\(text)'; expected Joined, Joined before or Left")
                }
                let time = try table.time(
                    table.value(Self.timestamp, in: row), column: Self.timestamp, in: row, times: times, missing: "when this happened",
                    isJoin: kind != "left", builder: &builder)
                actions.append(
                    Action(
                        identity: identity, name: name, joins: kind != "left",
                        time: time,
                        line: row.line))
            } catch {
                builder.reject(row.line, error.message)
            }
        }
        var open: [AttendeeIdentity: [Action]] = [:]
        for action in actions.enumerated().sorted(by: { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }).map(\.element) {
            if action.joins {
                open[action.identity, default: []].append(action)
                builder.add(action.identity, name: action.name, session: nil, line: action.line)
            } else if let join = open[action.identity]?.first {
                open[action.identity]!.removeFirst()
                builder.add(
                    action.identity, name: action.name, session: AttendanceInterval(start: join.time, end: action.time, line: join.line),
                    line: action.line)
            } else {
                builder.reject(action.line, "'Left' with no earlier 'Joined' for this attendee; this row is not counted")
            }
        }
        for join in open.values.joined() {
            builder.reject(
                join.line,
                "'Joined' with no later 'Left' for this attendee (the list was probably downloaded while they were in the meeting); cpdcert does not guess when they left, so this session is not counted"
            )
        }
        return builder.report(problems: problems)
    }
}
