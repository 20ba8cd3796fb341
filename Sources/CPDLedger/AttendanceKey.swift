import CPDCore
import Foundation

/// What identifies an attendance record and its log entry alike: the event, the evidence file
/// and the identity commitment (the record's salt and identity, hashed); and how an audit names
/// the record without naming the person: its event, its lines and its file.
struct AttendanceKey: Sendable, Hashable {
    var key: String
    /// `attendance record of event 'county-lines-2020', line 4 of evidence 1a2b3c4d5e6f…`.
    var subject: String

    init(eventID: String, source: String, commitment: String, lines: [Int]) {
        key = [eventID, source, commitment].joined(separator: "\n")
        let place = lines.isEmpty ? "" : (lines.count == 1 ? "line " : "lines ") + lines.map(String.init).joined(separator: ", ") + " of "
        subject = "attendance record of event '\(eventID)', \(place)evidence \(source.prefix(12))…"
    }

    /// The key of a record as the register holds it.
    init(_ record: AttendanceRecord) {
        self.init(
            eventID: record.eventID, source: record.sourceSHA256,
            commitment: TransparencyEntry.identityCommitment(salt: record.identitySalt, record.identity).hex, lines: record.lines)
    }

    /// The key an attendance entry's canonical bytes state; nil when they are no such entry.
    init?(entry bytes: [UInt8]) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            object["type"] as? String == TransparencyEntry.attendanceType, let record = object["record"] as? [String: Any],
            let eventID = record["event_id"] as? String, let source = record["source_sha256"] as? String,
            let commitment = record["identity_commitment"] as? String
        else { return nil }
        self.init(eventID: eventID, source: source, commitment: commitment, lines: record["lines"] as? [Int] ?? [])
    }
}
