import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// Runs the built `cpdcert` on attendance files a careless export or an attacker could hand it:
/// every bad row is named with its line, the good rows are issued, nothing crashes, and the
/// registry stays readable by every command that reads it.
@Suite(.serialized) struct HostileAttendanceEndToEndTests {
    let event = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020/event.yaml").path

    /// Line 2 and the last line are good; each line between holds one hostile value.
    static let rows: [(line: Int, row: String, message: String)] = [
        (3, "Ann\u{0}Bee Okafor,ann.okafor@example.org,200", "'full_name' contains a control character (U+0000)"),
        (4, "Chidinma Okafor,chidinma\u{0}@example.org,200", "'email' contains a control character (U+0000)"),
        (5, "Seán Ó Conaill,sean@example.org,1e308", "'minutes_attended' must be a number of minutes in plain digits"),
        (6, "Niamh Ó Súilleabháin,niamh@example.org,99999999999999999999999", "'minutes_attended' is more than 100800 minutes"),
        (7, "Yusuf Al-Haddad,yusuf@example.org,1e17", "'minutes_attended' must be a number"),
        (8, "Katarzyna Zielińska,katarzyna@example.org,0x10", "'minutes_attended' must be a number"),
        (9, "Trần Văn Minh,tran@example.org,-180", "'minutes_attended' cannot be negative"),
        (10, "\u{200B}\u{200B},zw@example.org,200", "'full_name' has no visible character"),
        (11, "\u{301}\u{301}\u{301},marks@example.org,200", "'full_name' has no visible character"),
        (12, "Priya \u{E000},priya@example.org,200", "'full_name' contains a private-use character"),
        (13, String(repeating: "Ω", count: 5_000_000) + ",long@example.org,200", "'full_name' is 5000000 characters long"),
    ]

    func attendanceFile(in folder: URL) throws -> URL {
        let lines =
            ["full_name,email,minutes_attended", "Siân Llywelyn,sian@example.org,200"] + Self.rows.map(\.row)
            + ["王秀英,wang@example.org,190"]
        let file = folder.appendingPathComponent("attendance.csv")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        return file
    }

    @Test func everyHostileRowIsRejectedWithItsLineAndTheRegistryStaysReadable() throws {
        let folder = try ExternalTool.temporaryDirectory("hostile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let attendance = try attendanceFile(in: folder).path
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path

        let eligibility = try EndToEndTests.cpdcert(["eligibility", "--event", event, "--attendance", attendance])
        #expect(eligibility.status == 65, "stderr: \(eligibility.stderr)")
        let issue = try EndToEndTests.cpdcert([
            "issue", "--event", event, "--attendance", attendance, "--out", folder.appendingPathComponent("out").path,
            "--registry", registry,
        ])
        #expect(issue.status == 65, "stderr: \(issue.stderr)")
        #expect(issue.stdout.contains("issued now:       2"), "stdout: \(issue.stdout)")
        for (line, _, message) in Self.rows {
            for output in [eligibility.stdout + eligibility.stderr, issue.stderr] {
                #expect(output.contains("attendance.csv:\(line): \(message)"), "line \(line)")
            }
        }
        for output in [eligibility.stdout, eligibility.stderr, issue.stdout, issue.stderr] {
            #expect(!output.contains("\u{0}") && output.utf8.count < 100_000)
        }
        // Every reader of the registry still reads all of it.
        let keys = folder.appendingPathComponent("keys").path
        let made = try EndToEndTests.cpdcert(["keys", "init", "--name", "policyforesight.example.org/cpdcert", "--keys", keys])
        #expect(made.status == 0, "stderr: \(made.stderr)")
        let checkpoint = try EndToEndTests.cpdcert(["log", "checkpoint", "--registry", registry, "--keys", keys])
        #expect(checkpoint.status == 0, "stderr: \(checkpoint.stderr)")
        let audit = try EndToEndTests.cpdcert([
            "audit", "verify", "--registry", registry, "--keys", keys, "--pdfs", folder.appendingPathComponent("out").path,
        ])
        #expect(audit.status == 0, "stdout: \(audit.stdout) stderr: \(audit.stderr)")
        let again = try EndToEndTests.cpdcert([
            "issue", "--event", event, "--attendance", attendance, "--out", folder.appendingPathComponent("out").path,
            "--registry", registry,
        ])
        #expect(again.status == 65 && again.stdout.contains("issued now:       0"), "stderr: \(again.stderr)")
    }

    @Test func aWindows1252FileIsReadWithAWarningNamingItsFirstLineAndBinaryIsNotText() throws {
        let folder = try ExternalTool.temporaryDirectory("latin1")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("attendance.csv")
        // "Seán" saved as Windows-1252 on line 3: a lone 0xE1 byte, which is á there.
        var data = Data("full_name,email,minutes_attended\r\nSiân Llywelyn,sian@example.org,200\r\nSe".utf8)
        data.append(0xE1)
        data.append(contentsOf: Data("n Ó Conaill,sean@example.org,200\r\n".utf8))
        try data.write(to: file)
        let result = try EndToEndTests.cpdcert(["eligibility", "--event", event, "--attendance", file.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(
            result.stdout.contains("attendance.csv:3: not valid UTF-8 (the first line that is not), so the file was read as Windows-1252"))
        #expect(result.stdout.contains("Seán Ó Conaill"), "\(result.stdout)")
        // A NUL byte is no spreadsheet's text: still refused, with the first byte that is not UTF-8.
        data.append(contentsOf: [0x00])
        try data.write(to: file)
        let binary = try EndToEndTests.cpdcert(["eligibility", "--event", event, "--attendance", file.path])
        #expect(binary.status != 0)
        #expect(
            binary.stderr.contains("attendance.csv:3: not valid UTF-8 or UTF-16 text at byte 74 of the file"), "stderr: \(binary.stderr)")
    }
}
