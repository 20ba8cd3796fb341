import ArgumentParser
import CPDCore
import CPDLedger
import CPDOperations
import CPDRegistry
import Foundation

/// `cpdcert audit ...`: read-only checks and reports for auditors.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check and report on the registry (read-only).",
        subcommands: [AuditVerifyCommand.self, AuditPersonCommand.self, AuditEventCommand.self, AuditExportCommand.self])
}

/// `cpdcert audit verify`.
struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Re-derive the log from the rows, check the evidence behind each certificate, the tree, the signed checkpoint, the PDFs, and that the log only grew.",
        discussion: "Exit status: 0 no problem found; 65 problems found (each is printed).")

    @Option(help: ArgumentHelp("Folder of issued PDFs to check against their stored SHA-256.", valueName: "dir"))
    var pdfs: String?

    @Option(help: ArgumentHelp("A checkpoint you saved earlier: the log must extend it; - for standard input.", valueName: "file"))
    var sinceCheckpoint: String?

    @Option(help: ArgumentHelp("The verifier key (text or file); default: log.pub in the key folder.", valueName: "key"))
    var key: String?

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var keys: KeyOptions

    func run() async throws {
        let store = try await registry.open(readOnly: true)
        var saved: String?
        if let sinceCheckpoint {
            let data = try InputFile.read(
                sinceCheckpoint, hint: "pass the checkpoint you saved with --since-checkpoint, or - for standard input")
            saved = String(decoding: data, as: UTF8.self)
        }
        let auditor = Auditor(
            registry: store, verifier: try keys.verifier(key), pdfs: pdfs.map { URL(fileURLWithPath: $0) }, savedCheckpoint: saved,
            hashPDF: Hex.sha256)
        let report = try await auditor.run()
        for problem in report.problems { Console.print(Console.line("PROBLEM \(problem)")) }
        let archive = report.archive
        Console.print(
            "Archive: \(archive.files) files (\(archive.bytes) bytes) behind \(archive.renderings) distinct renderings"
                + (archive.certificatesWithout > 0
                    ? "; \(archive.certificatesWithout) certificate(s) issued before the archive have none (re-created only from an unchanged template)"
                    : ""))
        Console.print(
            "Checked \(report.certificates) certificates, \(report.attendanceRecords) attendance records, \(report.logEntries) log entries, "
                + "\(report.pdfsChecked) PDFs"
                + (report.checkpointSize.map { ", checkpoint at size \($0)" } ?? "") + ": "
                + (report.problems.isEmpty ? "no problem found." : "\(report.problems.count) problem(s)."))
        if !report.problems.isEmpty { throw ExitStatus.dataError }
    }
}

/// Output formats for audit reports.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}

/// `cpdcert audit person <email>`: a CPD record for one person.
struct AuditPersonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person",
        abstract: "One person's CPD record: every certificate and the total valid hours of the activities in a period.",
        discussion:
            "Exit status: 0 the record is printed (it may be empty for the period); 1 the registry has no certificate for the person.")

    @Argument(help: "The person's email address.")
    var email: String

    @Option(help: ArgumentHelp("First day of activity to include (YYYY-MM-DD), by the event's date.", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Last day of activity to include (YYYY-MM-DD), by the event's date.", valueName: "date"))
    var to: String?

    @Option(help: "table, csv or json.")
    var format: ReportFormat = .table

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        guard let identity = AttendeeIdentity(email: email) else {
            Console.error("'\(email)' is not an email address")
            throw ExitStatus.usage
        }
        let start = try from.map { try Self.day($0, "--from") }
        let end = try to.map { try Self.day($0, "--to") }
        if let start, let end, start > end {
            Console.error("--from \(start) is after --to \(end)")
            throw ExitStatus.usage
        }
        let store = try await registry.open(readOnly: true)
        let all = try await store.certificates(identity: identity)
        guard !all.isEmpty else {
            Console.error("no certificate for this person in \(registry.display); check the email address")
            throw ExitStatus.notFound
        }
        // By the day of the activity, not the day the certificate was issued: a record for 2020
        // holds the events attended in 2020, wherever they were certified.
        let certificates = all.filter { certificate in
            let day = CertificateComposer.isoDay(ofEventDate: certificate.content.eventDate) ?? ""
            return (start.map { day >= $0 } ?? true) && (end.map { day <= $0 } ?? true)
        }
        Console.print(CPDRecord(identity: identity, certificates: certificates, period: (start, end)).render(format))
    }

    /// `text` checked as a real calendar day, returned as written (ISO days compare as text).
    static func day(_ text: String, _ flag: String) throws -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.isLenient = false
        guard text.utf8.count == 10, let date = formatter.date(from: text), formatter.string(from: date) == text else {
            Console.error("\(flag) must be a date like 2020-09-16, found '\(text)'")
            throw ExitStatus.usage
        }
        return text
    }
}

/// `cpdcert audit event <event-id>`: the event's register.
struct AuditEventCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event",
        abstract: "An event's register: everyone in the attendance evidence, minutes, eligibility, certificate status.")

    @Argument(help: "The event id.")
    var eventID: String

    @Option(help: "table, csv or json.")
    var format: ReportFormat = .table

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        let store = try await registry.open(readOnly: true)
        let register = try await EventRegister.load(eventID: eventID, registry: store)
        if register.rows.isEmpty {
            Console.error("no attendance evidence or certificates for event '\(eventID)' in \(registry.display)")
            throw ExitStatus.notFound
        }
        Console.print(register.render(format))
    }
}
