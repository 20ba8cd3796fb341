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
        if path == standardInput { return try FileHandle.standardInput.readToEnd() ?? Data() }
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

/// `--attendance FILE [--format F]`, shared by `issue` and `eligibility`.
struct AttendanceOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The attendance report: Zoom webinar or meeting, Teams (either kind), or cpdcert CSV; - for standard input.",
            valueName: "file"))
    var attendance: String

    @Option(
        help: ArgumentHelp(
            "The report's format, when detection picks the wrong one.",
            discussion: "Default: detected from the content.", valueName: "format"))
    var format: AttendanceFormat?

    /// The report read for `event`, with the file's SHA-256 kept as evidence.
    func load(for event: Event) throws -> AttendanceImporter.Result {
        do {
            // The bytes go once they are text and hashed: a large report is then held once while it is read.
            let (document, digest) = try { () throws -> (AttendanceDocument, String) in
                let data = try InputFile.read(attendance, hint: "pass the attendance report with --attendance")
                return (try AttendanceDocument(data: data, fileName: attendance), Hex.sha256(data))
            }()
            var result = try AttendanceImporter(event: event).read(document, format: format)
            result.report.sourceSHA256 = digest
            return result
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
