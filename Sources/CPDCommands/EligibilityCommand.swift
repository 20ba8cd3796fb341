import ArgumentParser
import CPDCore
import CPDImport
import Foundation

/// `cpdcert eligibility`: who qualifies, from the report the webinar platform exported, and why.
struct EligibilityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eligibility",
        abstract: "Report who qualifies for a certificate, and why, without issuing anything.",
        discussion: """
            Reads a Zoom webinar attendee report, a Zoom meeting participants report, a Teams \
            attendance report (or the older Teams attendance list) or cpdcert's CSV. Each person's \
            time is the union of their sessions inside the event's live time: overlapping sessions \
            count once, time before the start or after the end does not count.

            Several --attendance files (a Zoom report and the telephone dial-ins) are merged per \
            person before the rule is applied. A report that gives only names (Teams' 2020-21 list, \
            Zoom's Other Attended, a dial-in list by caller name) needs --roster, the registration \
            list, to tell who is who; --aliases links a person's several addresses.

            Exit status: 0 every row read; 65 some rows rejected (listed with file and line).
            """)

    @OptionGroup var eventOptions: EventOptions

    @OptionGroup var attendanceOptions: AttendanceOptions

    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() async throws {
        let event = try eventOptions.load()
        let imported = try attendanceOptions.load(for: event)
        let report = EligibilityReport(event: event, imported: imported)
        if json {
            Console.printJSON(String(decoding: try report.json(), as: UTF8.self))
        } else {
            var output = StandardOutput()
            report.write(to: &output)
            output.flush()
        }
        if !report.rejected.isEmpty { throw ExitStatus.dataError }
    }
}
