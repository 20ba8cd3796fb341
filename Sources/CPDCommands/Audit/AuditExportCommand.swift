import ArgumentParser
import CPDCore
import CPDOperations
import CPDRegistry
import Foundation

/// `cpdcert audit export --out DIR`: everything as CSV and JSON, with a README.
struct AuditExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export certificates, status history, the log and checkpoints as CSV and JSON.")

    @Option(help: ArgumentHelp("Folder to write the export into.", valueName: "dir"))
    var out: String

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        let store = try await registry.open(readOnly: true)
        var certificates: [[String]] = []
        var history: [[String]] = []
        var cursor: CertificateID?
        while true {
            let page = try await store.allCertificates(after: cursor, limit: 1000)
            guard let last = page.last else { break }
            for certificate in page {
                let content = certificate.content
                certificates.append([
                    certificate.id.description, certificate.eventID, certificate.identity.email, content.attendeeName,
                    content.jobTitle ?? "",
                    content.organisation ?? "", content.eventTitle, content.eventDate, content.cpdHours,
                    String(certificate.eligibility.attendedSeconds), String(certificate.eligibility.requiredSeconds),
                    certificate.eligibility.rule,
                    certificate.status.rawValue, certificate.supersedes?.description ?? "",
                    TransparencyEntry.timestamp(certificate.issuedAt), certificate.issuedBy ?? "",
                    certificate.templateName, certificate.templateSHA256, certificate.pdfSHA256, certificate.evidenceSHA256 ?? "",
                ])
                for change in try await store.statusHistory(certificateID: certificate.id) {
                    history.append([
                        change.certificateID.description, change.status.rawValue, change.reason?.rawValue ?? "", change.note ?? "",
                        change.operatorName, TransparencyEntry.timestamp(change.at), change.replacedBy?.description ?? "",
                    ])
                }
            }
            cursor = last.id
        }
        var entries: [[String]] = []
        let size = try await store.logSize()
        var start = 0
        while start < size {
            let page = try await store.logEntries(start..<min(size, start + 1000))
            guard !page.isEmpty else { break }
            entries += page.map {
                [String($0.index), $0.certificateID?.description ?? "", $0.leafHash.hex, String(decoding: $0.body, as: UTF8.self)]
            }
            start += page.count
        }
        let checkpoint = try await store.latestCheckpoint()
        let tables: [(String, ReportTable)] = [
            (
                "certificates",
                ReportTable(
                    columns: [
                        "certificate_id", "event_id", "email", "name", "job_title", "organisation", "event_title", "event_date",
                        "cpd_hours",
                        "attended_seconds", "required_seconds", "rule", "status", "supersedes", "issued_at", "issued_by", "template",
                        "template_sha256",
                        "pdf_sha256", "evidence_sha256",
                    ], rows: certificates)
            ),
            (
                "status_changes",
                ReportTable(columns: ["certificate_id", "status", "reason", "note", "operator", "at", "replaced_by"], rows: history)
            ),
            ("log_entries", ReportTable(columns: ["index", "certificate_id", "leaf_hash", "entry"], rows: entries)),
        ]
        let folder = URL(fileURLWithPath: out)
        do {
            let output = try DirectoryOutput(directory: folder)
            var files: [(name: String, data: Data)] = []
            for (name, table) in tables {
                files.append(("\(name).csv", Data(table.render(.csv).utf8)))
                files.append(("\(name).json", Data(table.render(.json).utf8)))
            }
            if let checkpoint { files.append(("checkpoint.txt", Data(checkpoint.note.utf8))) }
            files.append(("README.md", Data(Self.readme(certificates: certificates.count, changes: history.count, entries: size).utf8)))
            try output.write(files)
        } catch {
            Console.error("cannot write the export to \(out): \(error.localizedDescription)")
            throw ExitStatus.ioError
        }
        Console.print("Exported \(certificates.count) certificates, \(history.count) status changes and \(size) log entries to \(out)/")
    }

    static func readme(certificates: Int, changes: Int, entries: Int) -> String {
        """
        # cpdcert registry export

        Written by `cpdcert audit export`. Each table is given twice: CSV (RFC 4180, UTF-8, CRLF;
        any cell starting with =, +, -, @, a tab or a carriage return is prefixed with ' so a
        spreadsheet never runs it as a formula) and JSON (`rows`: one object per row).

        - `certificates.csv` / `.json` (\(certificates) rows): every certificate ever issued, as frozen at issue,
          with its current status (valid, revoked, superseded), what it supersedes, who issued it (`issued_by`:
          the operator of its batch or correction, empty for one issued before that was recorded), why the person
          qualified (attended and required seconds, the rule), and the SHA-256 of the template, the
          issued PDF and the attendance file. Contains email addresses: handle as personal data.
        - `status_changes.csv` / `.json` (\(changes) rows): every revocation, reinstatement (status `valid`) and supersession, in order, with reason, note,
          operator and time. Nothing is ever edited in place.
        - `log_entries.csv` / `.json` (\(entries) rows): the append-only transparency log. `entry` is the exact
          canonical JSON whose RFC 9162 leaf hash, SHA-256(0x00 ‖ entry), is `leaf_hash`. An
          `attendance-recorded` entry (what an attendance file said about one person, eligible or not)
          is about no certificate: its `certificate_id` is empty, and it names the person only by
          salted commitments.
        - `checkpoint.txt`: the latest signed checkpoint (C2SP signed note: origin, tree size, base64
          root hash, Ed25519 signature). Keep it: `cpdcert audit verify --since-checkpoint checkpoint.txt`
          later proves the log only grew.
        """
    }
}
