public import CPDCore
import Foundation

/// Reads an in-person event's door scans: one row a scan, with the person's `Email` (their
/// identity), `Name`, a `Timestamp` and a `Direction` of `in` or `out` (also entry/exit,
/// enter/leave, IN/OUT), as badge readers and check-in apps export them.
///
/// ```swift
/// let report = try DoorScanDecoder().decode(data, fileName: "door-scans.csv")
/// ```
/// Each person's scans are taken in time order: an `in` opens a stay and the next `out` closes
/// it. A second `in` while a stay is open (the person went out by a door without a reader) is
/// reported and the open stay is not counted, since when it ended is not known; so is an `out`
/// with no open stay, and an `in` never closed. Nothing is guessed.
public struct DoorScanDecoder: AttendanceDecoder {
    static let name = Column("Name", "Full Name", "Attendee Name", "Attendee")
    static let email = Column("Email", "Email Address", "Identity", "Attendee Email")
    static let timestamp = Column("Timestamp", "Scan Time", "Scanned At", "Time")
    static let direction = Column("Direction", "In/Out", "Scan Type", "Event")
    static let inWords: Set<String> = ["in", "entry", "enter", "entered", "check-in", "checkin", "arrive", "arrival"]
    static let outWords: Set<String> = ["out", "exit", "leave", "left", "exited", "check-out", "checkout", "depart", "departure"]

    /// Creates the decoder.
    public init() {}

    /// True for a door-scan table's header.
    static func isHeader(_ header: HeaderMap) -> Bool {
        header.contains(email.names) && header.contains(timestamp.names) && header.contains(direction.names)
    }

    private struct Scan {
        var name: String?
        var entering: Bool
        var time: Date
        var line: Int
    }

    public func decode(_ document: AttendanceDocument, times: LocalTimeReader) throws(AttendanceFileError) -> AttendanceReport {
        let (table, problems) = try document.table(
            where: Self.isHeader, table: "door scans",
            hint: "give a CSV with Email, Name, Timestamp and Direction (in or out) columns, one row a scan")
        var builder = AttendanceReportBuilder(fileName: document.fileName)
        var order: [AttendeeIdentity] = []
        var scans: [AttendeeIdentity: [Scan]] = [:]
        for row in table.rows {
            do throws(RowProblem) {
                let identity = try table.identity(Self.email, in: row)
                guard let word = table.value(Self.direction, in: row)?.lowercased(),
                    Self.inWords.contains(word) || Self.outWords.contains(word)
                else {
                    throw RowProblem("'\(table.name(Self.direction))' must be in or out; cpdcert does not guess which way the person went")
                }
                let entering = Self.inWords.contains(word)
                let time = try table.time(
                    table.value(Self.timestamp, in: row), column: Self.timestamp, in: row, times: times, missing: "when the scan was made",
                    isJoin: entering, builder: &builder)
                let name = try table.text(.name, Self.name, in: row)
                if scans[identity] == nil { order.append(identity) }
                scans[identity, default: []].append(Scan(name: name, entering: entering, time: time, line: row.line))
            } catch {
                builder.reject(row.line, error.message)
            }
        }
        for identity in order {
            var open: Scan?
            // Scans of one moment keep their file order: an in and an out at the same second pair up.
            for scan in (scans[identity] ?? []).enumerated().sorted(by: { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) })
                .map(\.element)
            {
                if scan.entering {
                    if let unclosed = open {
                        builder.reject(
                            unclosed.line,
                            "an 'in' scan followed by another 'in' (line \(scan.line)) with no 'out' between: when this stay ended is not known, so it is not counted"
                        )
                    }
                    open = scan
                } else if let start = open {
                    builder.add(
                        identity, name: scan.name ?? start.name,
                        session: AttendanceInterval(start: start.time, end: scan.time, line: start.line),
                        line: start.line)
                    builder.add(identity, name: nil, session: nil, line: scan.line)
                    open = nil
                } else {
                    builder.reject(
                        scan.line, "an 'out' scan with no 'in' before it: when this stay began is not known, so it is not counted")
                }
            }
            if let unclosed = open {
                builder.reject(
                    unclosed.line, "an 'in' scan never followed by an 'out': when this stay ended is not known, so it is not counted")
                builder.add(identity, name: unclosed.name, session: nil, line: unclosed.line)
            }
        }
        return builder.report(problems: problems)
    }
}
