public import CPDCore

extension Samples {
    /// Grows `registry`'s log to `count` entries with attendance records (one entry each, cheap
    /// to make: nothing is composed or rendered), inserted through the registry in batches.
    /// `progress` is told the size after each batch.
    public static func fillLog(
        _ registry: any CertificateRegistry, to count: Int, batch: Int = 5000, progress: (Int) -> Void = { _ in }
    ) async throws {
        let salts = SeededRandomSource(seed: 16)
        var written = try await registry.logSize()
        while written < count {
            let records = (written..<min(count, written + batch)).map { index in
                let person = attendee(names[index % names.count], index: index)
                return AttendanceRecord(
                    eventID: event.id, identity: person.identity, name: person.fullName,
                    eligibility: Eligibility(evidence: evidence(person, minutes: 100 + index % 120), event: event),
                    sourceSHA256: String(repeating: "a", count: 64), lines: [index + 2], recordedAt: FixedClock().now,
                    identitySalt: salts.identitySalt())
            }
            try await registry.recordAttendance(records)
            written = try await registry.logSize()
            progress(written)
        }
    }
}
