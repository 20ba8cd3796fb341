public import CPDCore
public import Foundation

/// Reads cpdcert's canonical attendance CSV: a header row, then one row per attendee with
/// `full_name`, `email`, `minutes_attended` and, optionally, `job_title` and `organisation`.
///
/// ```swift
/// let report = try CanonicalAttendanceDecoder().decode(data, fileName: "attendance.csv")
/// report.evidence   // one per person
/// report.rejected   // "attendance.csv:7: 'minutes_attended' must be a number ..."
/// ```
public struct CanonicalAttendanceDecoder: Sendable {
    static let nameHeaders = ["full_name", "name", "attendee_name"]
    static let emailHeaders = ["email", "email_address", "e-mail"]
    static let minutesHeaders = ["minutes_attended", "minutes", "attended_minutes"]
    static let jobTitleHeaders = ["job_title", "role", "position"]
    static let organisationHeaders = ["organisation", "organization", "employer"]

    /// Creates the decoder.
    public init() {}

    /// Decodes `data`; `fileName` is used in diagnostics.
    /// - Throws: `AttendanceFileError` when the file as a whole is unusable (not text, no header,
    ///   a required column missing). Bad rows are reported in the result instead.
    public func decode(_ data: Data, fileName: String) throws(AttendanceFileError) -> AttendanceReport {
        guard let text = TextDecoding.decode(data) else {
            throw .notText(file: fileName)
        }
        var reader = CSVReader(text: text, separator: CSVReader.guessSeparator(in: text))
        guard let headerRow = reader.next(), !headerRow.isBlank else {
            throw .empty(file: fileName)
        }
        let header = HeaderMap(headers: headerRow.cells)
        for (column, names) in [("full_name", Self.nameHeaders), ("email", Self.emailHeaders), ("minutes_attended", Self.minutesHeaders)]
        where header.index(of: names) == nil {
            throw .missingColumn(file: fileName, column: column, found: headerRow.cells)
        }

        var evidence: [AttendanceEvidence] = []
        var firstLine: [AttendeeIdentity: Int] = [:]
        var rejected: [Diagnostic] = []
        func reject(_ line: Int, _ message: String) {
            rejected.append(Diagnostic(file: fileName, line: line, message: message))
        }
        while let row = reader.next() {
            if row.isBlank { continue }
            guard let name = header.value(Self.nameHeaders, in: row) else {
                reject(row.line, "'full_name' is empty; every attendee needs a name as it should be printed")
                continue
            }
            guard let email = header.value(Self.emailHeaders, in: row) else {
                reject(row.line, "'email' is empty; the email address identifies the attendee")
                continue
            }
            guard let identity = AttendeeIdentity(email: email) else {
                reject(row.line, "'email' is not an email address (it needs one '@' and a domain such as example.org)")
                continue
            }
            guard let minutesText = header.value(Self.minutesHeaders, in: row) else {
                reject(row.line, "'minutes_attended' is empty; give the minutes attended, e.g. 180")
                continue
            }
            guard let minutes = Double(minutesText), minutes.isFinite else {
                reject(row.line, "'minutes_attended' must be a number of minutes such as 180 or 157.5, found '\(minutesText)'")
                continue
            }
            guard minutes >= 0 else {
                reject(row.line, "'minutes_attended' cannot be negative, found '\(minutesText)'")
                continue
            }
            if let earlier = firstLine[identity] {
                reject(
                    row.line, "the same email as line \(earlier); list each attendee once (emails are compared ignoring case and spaces)")
                continue
            }
            firstLine[identity] = row.line
            let attendee = Attendee(
                fullName: name, identity: identity,
                jobTitle: header.value(Self.jobTitleHeaders, in: row),
                organisation: header.value(Self.organisationHeaders, in: row))
            evidence.append(AttendanceEvidence(attendee: attendee, attendedSeconds: Int((minutes * 60).rounded()), lines: [row.line]))
        }
        for problem in reader.problems {
            reject(problem.line, problem.message)
        }
        return AttendanceReport(evidence: evidence, rejected: rejected)
    }
}

/// An attendance file that cannot be read at all.
public enum AttendanceFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case notText(file: String)
    case empty(file: String)
    case missingColumn(file: String, column: String, found: [String])

    public var description: String {
        switch self {
        case .notText(let file):
            return "\(file): not a text file in UTF-8 or UTF-16; export the attendance report as CSV"
        case .empty(let file):
            return "\(file):1: the file is empty; it needs a header row naming the columns full_name, email and minutes_attended"
        case .missingColumn(let file, let column, let found):
            let shown = found.map { "'\($0)'" }.joined(separator: ", ")
            return
                "\(file):1: no '\(column)' column; the header row has \(shown). Add a '\(column)' column (full_name, email and minutes_attended are required; job_title and organisation are optional)"
        }
    }
}
