package import CPDCore
package import Foundation

/// What every registry checks of an attendance record before it stores one, and the time as it
/// is stored (shared by the SQLite and PostgreSQL adapters, so both refuse and store the same).
package enum StoredAttendance {
    /// Fails when a text field holds a NUL or the identity salt is not 32 lower-case hex digits.
    package static func check(_ record: AttendanceRecord) throws {
        try StoredText.check(
            [("event_id", record.eventID), ("identity", record.identity.email), ("name", record.name), ("rule", record.rule)],
            subject: "the attendance record of line \(record.lines.first ?? 0)")
        guard record.identitySalt.utf8.count == 32,
            record.identitySalt.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
        else {
            throw RegistryError.storage("the attendance record of line \(record.lines.first ?? 0) has no well-formed identity salt")
        }
    }

    /// A record time as stored, and the date that text reads back as.
    package static func timestamp(_ date: Date) throws -> (text: String, stored: Date) {
        let text = CertificateRow.timestamp(date)
        guard let stored = CertificateRow.parseTimestamp(text) else {
            throw RegistryError.storage("cannot store the attendance time \(text)")
        }
        return (text, stored)
    }
}
