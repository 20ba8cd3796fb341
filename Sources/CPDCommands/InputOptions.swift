public import ArgumentParser
import CPDCore
public import CPDImport
import CPDOperations
import Foundation

/// `--event FILE`, shared by the commands that work on one event.
struct EventOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The event definition (event.yaml); - for standard input.", valueName: "file"))
    var event: String

    /// The event, checked as far as issuing needs (a known time zone).
    func load() throws -> Event {
        try TemplateOptions.loadEvent(event)
    }
}

/// Standard input can be read once: a second `-` (`--event - --attendance -`) would read nothing.
private enum StandardInputOnce {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var claimed = false  // guarded by `lock`

    /// True the first time only.
    static func claim() -> Bool {
        lock.withLock {
            defer { claimed = true }
            return !claimed
        }
    }
}

/// Reading the files a user names.
enum InputFile {
    /// Why a file that exists cannot be read.
    struct Unreadable: Error {
        let reason: String
    }

    /// The name that means standard input wherever a file is read (`--attendance -`).
    static let standardInput = "-"

    /// The bytes at `path`, read to the end, so a pipe works as well as a file (`--attendance -`,
    /// `<(unzip -p report.zip)`); `-` reads standard input. Nil when there is no such file.
    /// - Throws: the reason it cannot be read (a folder, no permission).
    static func contents(of path: String) throws -> Data? {
        if path == standardInput {
            guard StandardInputOnce.claim() else {
                throw Unreadable(reason: "standard input is read by another option already; give this one a file")
            }
            return try FileHandle.standardInput.readToEnd() ?? Data()
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return nil }
        guard !isFolder.boolValue else { throw Unreadable(reason: "it is a folder; name the file inside it") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Unreadable(reason: "it cannot be opened (check its permissions)")
        }
        defer { try? handle.close() }
        return try handle.readToEnd() ?? Data()
    }

    /// `contents(of:)` for a command: a missing file and an unreadable one are reported, with
    /// `hint` saying which option names the file, and end the command (66 and 74).
    static func read(_ path: String, hint: String) throws -> Data {
        let data: Data?
        do {
            data = try contents(of: path)
        } catch {
            Console.error("\(path): cannot be read: \((error as? Unreadable)?.reason ?? error.localizedDescription)")
            throw ExitStatus.ioError
        }
        guard let data else {
            Console.error("\(path): no such file; \(hint)")
            throw ExitStatus.noInput
        }
        return data
    }
}

/// `--attendance FILE... [--format F] [--roster FILE] [--aliases FILE]`, shared by `issue` and `eligibility`.
struct AttendanceOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "An attendance report: Zoom webinar or meeting, Teams (either kind), or cpdcert CSV; - for standard input. Repeat it for each file of the event (e.g. the Zoom report and the telephone dial-ins): their rows are merged per person.",
            valueName: "file"))
    var attendance: [String]

    @Option(
        help: ArgumentHelp(
            "The reports' format, when detection picks the wrong one: once for every file, or once per --attendance in the same order.",
            discussion: "Default: detected from the content.", valueName: "format"))
    var format: [AttendanceFormat] = []

    @Option(
        help: ArgumentHelp(
            "The registration list (e.g. Eventbrite's attendee export, a Microsoft Forms download: names and emails), which identifies the rows of a report that gives only names.",
            valueName: "file"))
    var roster: String?

    @Option(
        help: ArgumentHelp(
            "A CSV of two email columns linking a person's addresses; the certificate goes to the first.", valueName: "file"))
    var aliases: String?

    func validate() throws {
        guard !attendance.isEmpty else { throw ValidationError("Missing expected argument '--attendance <file>'") }
        guard format.count <= 1 || format.count == attendance.count else {
            throw ValidationError(
                "--format is given \(format.count) times for \(attendance.count) --attendance files; give it once for all, or once for each"
            )
        }
    }

    /// The files as named, joined for messages ("zoom.csv, phone.csv").
    var files: String { attendance.joined(separator: ", ") }

    /// Every report read for `event`, merged per identity, with each file's SHA-256 kept as evidence.
    func load(for event: Event) throws -> ImportedAttendance {
        do {
            let inputs = AttendanceInputs(
                reports: attendance.enumerated().map { index, file in
                    AttendanceInputs.File(name: file, format: format.count > 1 ? format[index] : format.first) {
                        try InputFile.read(file, hint: "pass the attendance report with --attendance")
                    }
                },
                roster: roster.map { path in
                    AttendanceInputs.File(name: path) { try InputFile.read(path, hint: "pass the registration list with --roster") }
                },
                aliases: aliases.map { path in
                    AttendanceInputs.File(name: path) { try InputFile.read(path, hint: "pass the list of linked addresses with --aliases") }
                })
            return try inputs.read(for: event)
        } catch let status as ExitCode {
            throw status
        } catch {
            Console.error("\(error)")
            throw ExitStatus.dataError
        }
    }

    /// Warnings about the file as a whole: sessions that all miss the live time mean the wrong
    /// report, or the wrong date or time zone in event.yaml.
    static func warnings(_ report: AttendanceReport, event: Event, file: String) -> [String] {
        let rows = report.warnings.map(\.description)
        let withSessions = report.evidence.filter { !$0.sessions.isEmpty }
        guard !withSessions.isEmpty, withSessions.allSatisfy({ $0.attendedTime(in: event).countedSeconds == 0 }) else { return rows }
        return rows + [
            "\(file): no session in this report falls within the event's live time; check that it is this event's report, and the date, times and time zone in the event file"
        ]
    }
}

extension AttendanceFormat: ExpressibleByArgument {}
