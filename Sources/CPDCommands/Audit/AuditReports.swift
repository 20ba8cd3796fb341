import CPDCore
import CPDMail
import Foundation

/// A table that renders as aligned text, CSV (formula cells neutralised) or JSON.
struct ReportTable: Encodable {
    var columns: [String]
    var rows: [[String]]
    /// Lines after the table in text form, and extra keys in JSON.
    var footer: [String: String] = [:]

    func render(_ format: ReportFormat) -> String {
        switch format {
        case .csv:
            return ([CSVFormat.record(columns)] + rows.map(CSVFormat.record)).joined()
        case .json:
            struct Document: Encodable {
                let rows: [[String: String]]
                let summary: [String: String]
            }
            let document = Document(rows: rows.map { Dictionary(uniqueKeysWithValues: zip(columns, $0)) }, summary: footer)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return VisibleText.escapedJSON(String(decoding: (try? encoder.encode(document)) ?? Data(), as: UTF8.self))
        case .table:
            let rows = rows.map { $0.map(Console.line) }
            let widths = columns.indices.map { index in
                ([columns[index]] + rows.map { $0[index] }).map(\.count).max() ?? 0
            }
            func line(_ cells: [String]) -> String {
                zip(cells, widths).map { $0 + String(repeating: " ", count: max(0, $1 - $0.count)) }.joined(separator: "  ")
            }
            var lines = [line(columns), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)
            lines += footer.keys.sorted().map { Console.line("\($0): \(footer[$0]!)") }
            return lines.joined(separator: "\n")
        }
    }
}

/// A person's CPD record: what a revalidation or CPD log needs.
struct CPDRecord {
    let identity: AttendeeIdentity
    let certificates: [Certificate]
    /// The first and last day of activity asked for, if any.
    var period: (from: String?, to: String?) = (nil, nil)

    func render(_ format: ReportFormat) -> String {
        // Each certificate's day of activity, read once; a date that does not parse sorts first.
        let dated = certificates.map { (day: CertificateComposer.isoDay(ofEventDate: $0.content.eventDate), certificate: $0) }
            .sorted { ($0.day ?? "", $0.certificate.issuedAt) < ($1.day ?? "", $1.certificate.issuedAt) }
        let rows = dated.map { day, certificate -> [String] in
            let content = certificate.content
            var status = certificate.status.rawValue
            if let replacement = certificate.statusChange?.replacedBy { status += " by \(replacement)" }
            if let reason = certificate.statusChange?.reason { status += " (\(reason.words))" }
            return [
                day ?? content.eventDate, content.attendeeName,
                content.eventTitle, content.eventFormat, content.cpdHours, status, certificate.id.description,
                TransparencyEntry.timestamp(certificate.issuedAt), content.organiserName, content.learningOutcomes.joined(separator: "; "),
            ]
        }
        let hours = certificates.filter { $0.status == .valid }.compactMap { Double($0.content.cpdHours) }.reduce(0, +)
        var footer = ["person": identity.email, "total_valid_cpd_hours": CertificateComposer.hoursText(hours)]
        if let from = period.from { footer["from"] = from }
        if let to = period.to { footer["to"] = to }
        return ReportTable(
            columns: [
                "date", "name", "event", "format", "cpd_hours", "status", "certificate_id", "issued_at", "provider", "learning_outcomes",
            ],
            rows: rows, footer: footer
        ).render(format)
    }
}

/// An event's register: everyone the evidence named, with their certificate.
struct EventRegister {
    var rows: [[String]]
    /// Whether a `delivery` column follows: once anything of the event was sent by email.
    var delivery = false

    static func load(eventID: String, registry: any CertificateRegistry) async throws -> EventRegister {
        var certificates: [AttendeeIdentity: Certificate] = [:]
        var cursor: CertificateID?
        while true {
            let page = try await registry.certificates(eventID: eventID, after: cursor, limit: 1000)
            guard let last = page.last else { break }
            for certificate in page {
                // Keep the newest of a correction chain.
                if let existing = certificates[certificate.identity], existing.issuedAt > certificate.issuedAt { continue }
                certificates[certificate.identity] = certificate
            }
            cursor = last.id
        }
        var rows: [[String]] = []
        var seen: Set<AttendeeIdentity> = []
        for latest in try await registry.attendance(eventID: eventID) {
            seen.insert(latest.identity)
            let certificate = certificates[latest.identity]
            // A holder's line shows the evidence the certificate was issued on, which the audit
            // checks against the log, not whatever record was appended later.
            var record = latest
            if let evidence = certificate?.evidenceSHA256, evidence != latest.sourceSHA256,
                let issuedOn = try await registry.attendanceRecords(eventID: eventID, identity: latest.identity).first(where: {
                    $0.sourceSHA256 == evidence
                })
            {
                record = issuedOn
            }
            rows.append([
                record.identity.email, record.name, Duration.minutesText(seconds: record.attendedSeconds),
                Duration.minutesText(seconds: record.requiredSeconds), record.eligible ? "eligible" : "not eligible",
                certificate?.id.description ?? "", certificate?.status.rawValue ?? "none",
            ])
        }
        for (identity, certificate) in certificates where !seen.contains(identity) {
            rows.append([
                identity.email, certificate.content.attendeeName, Duration.minutesText(seconds: certificate.eligibility.attendedSeconds),
                Duration.minutesText(seconds: certificate.eligibility.requiredSeconds), "eligible", certificate.id.description,
                certificate.status.rawValue,
            ])
        }
        let attempts = try await (registry as? any DeliveryLog)?.deliveries(eventID: eventID) ?? []
        guard !attempts.isEmpty else { return EventRegister(rows: rows.sorted { $0[0] < $1[0] }) }
        let statuses = DeliveryStatus.byCertificate(attempts)
        rows = rows.map { row in
            let status = (try? CertificateID(parsing: row[5])).flatMap { statuses[$0] }
            return row + [status.map(Self.deliveryText) ?? (row[5].isEmpty ? "" : "not sent")]
        }
        return EventRegister(rows: rows.sorted { $0[0] < $1[0] }, delivery: true)
    }

    /// "accepted: 250 2.0.0 Ok (attempt 1)", or the latest failure; when a later attempt (a
    /// --resend) failed after an acceptance, both: "accepted: 250 ... (attempt 1); then resend
    /// failed: temporary failure: 451 ... (attempt 2)".
    static func deliveryText(_ status: DeliveryStatus) -> String {
        guard let latest = status.latest else { return "not sent" }
        guard let accepted = status.lastAccepted else { return DeliveryRun.describe(latest) }
        let text = "accepted: \(DeliveryRun.reply(accepted)) (attempt \(accepted.attempt))"
        return latest.outcome != .accepted ? "\(text); then resend failed: \(DeliveryRun.describe(latest))" : text
    }

    func render(_ format: ReportFormat) -> String {
        ReportTable(
            columns: ["email", "name", "attended_minutes", "required_minutes", "eligibility", "certificate_id", "status"]
                + (delivery ? ["delivery"] : []), rows: rows,
            footer: ["people": String(rows.count), "certificates": String(rows.filter { !$0[5].isEmpty }.count)]
        ).render(format)
    }
}
