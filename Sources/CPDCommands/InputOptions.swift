public import ArgumentParser
import CPDCore
public import CPDImport
import CPDRunner
import Foundation

/// `--event FILE`, shared by the commands that work on one event.
struct EventOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The event definition (event.yaml).", valueName: "file"))
    var event: String

    /// The event, checked as far as issuing needs (a known time zone).
    func load() throws -> Event {
        guard let data = FileManager.default.contents(atPath: event) else {
            Console.error("\(event): no such file; pass the event definition with --event")
            throw ExitStatus.noInput
        }
        do {
            let loaded = try EventLoader.load(data, fileName: event)
            _ = try CertificateComposer(event: loaded)
            return loaded
        } catch {
            Console.error("\(error)")
            throw ExitStatus.configError
        }
    }
}

/// `--attendance FILE [--format F]`, shared by `issue` and `eligibility`.
struct AttendanceOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The attendance report: Zoom webinar or meeting, Teams (either kind), or cpdcert CSV.", valueName: "file"))
    var attendance: String

    @Option(
        help: ArgumentHelp(
            "The report's format, when detection picks the wrong one.",
            discussion: "Default: detected from the content.", valueName: "format"))
    var format: AttendanceFormat?

    /// The report read for `event`, with the file's SHA-256 kept as evidence.
    func load(for event: Event) throws -> AttendanceImporter.Result {
        guard let data = FileManager.default.contents(atPath: attendance) else {
            Console.error("\(attendance): no such file; pass the attendance report with --attendance")
            throw ExitStatus.noInput
        }
        do {
            var result = try AttendanceImporter(event: event).read(data, fileName: attendance, format: format)
            result.report.sourceSHA256 = Hex.sha256(data)
            return result
        } catch {
            Console.error("\(error)")
            throw ExitStatus.dataError
        }
    }

    /// Warnings about the file as a whole: sessions that all miss the live time mean the wrong
    /// report, or the wrong date or time zone in event.yaml.
    static func warnings(_ report: AttendanceReport, event: Event, file: String) -> [String] {
        let withSessions = report.evidence.filter { !$0.sessions.isEmpty }
        guard !withSessions.isEmpty, withSessions.allSatisfy({ $0.attendedTime(in: event).countedSeconds == 0 }) else { return [] }
        return [
            "\(file): no session in this report falls within the event's live time; check that it is this event's report, and the date, times and time zone in the event file"
        ]
    }
}

extension AttendanceFormat: ExpressibleByArgument {}
