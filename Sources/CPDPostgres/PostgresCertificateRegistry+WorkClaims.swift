public import CPDCore
import CPDRegistry
import Foundation
import PostgresNIO

/// Work claims in `work_claim` (see `PostgresSchema.workClaims`). Each runner claims with
/// `FOR UPDATE SKIP LOCKED`, so runners claiming at once take different rows without waiting on
/// each other, and leases are measured by the database's clock, so machines' clocks need not agree.
extension PostgresCertificateRegistry: WorkClaims {
    public func offerWork(eventID: String, identities: [AttendeeIdentity]) async throws {
        guard !identities.isEmpty else { return }
        let logger = self.logger
        try await write { connection in
            try await connection.query(
                """
                INSERT INTO work_claim (event_id, identity)
                SELECT \(eventID), identity FROM unnest(\(identities.map(\.email))::text[]) WITH ORDINALITY AS o (identity, n)
                ORDER BY n
                ON CONFLICT (event_id, identity) DO NOTHING
                """, logger: logger)
        }
    }

    public func claimWork(eventID: String, holder: String, limit: Int, lease: Duration, excluding: [AttendeeIdentity])
        async throws -> [ClaimedWork]
    {
        guard limit > 0 else { return [] }
        let logger = self.logger
        let milliseconds = Self.milliseconds(lease)
        return try await write { connection in
            let rows = try await connection.query(
                """
                WITH claimed AS (
                    UPDATE work_claim w SET holder = \(holder), lease_until = now() + \(milliseconds) * interval '1 millisecond'
                    WHERE (w.event_id, w.identity) IN (
                        SELECT event_id, identity FROM work_claim
                        WHERE event_id = \(eventID) AND written_to IS NULL AND (lease_until IS NULL OR lease_until < now())
                            AND identity <> ALL(\(excluding.map(\.email))::text[])
                        ORDER BY position LIMIT \(limit)
                        FOR UPDATE SKIP LOCKED)
                    RETURNING w.identity, w.position
                )
                SELECT claimed.identity, (
                    SELECT c.id FROM certificate c WHERE c.event_id = \(eventID) AND c.identity = claimed.identity
                        AND NOT EXISTS (SELECT 1 FROM certificate n WHERE n.supersedes = c.id)
                ) FROM claimed ORDER BY claimed.position
                """, logger: logger)
            var claimed: [ClaimedWork] = []
            for try await (identityText, idText) in rows.decode((String, String?).self) {
                guard let identity = AttendeeIdentity(email: identityText) else {
                    throw RegistryError.corruptRecord(id: identityText, reason: "a work claim's identity is not an email address")
                }
                let id = try idText.map { text in
                    guard let id = try? CertificateID(parsing: text) else {
                        throw RegistryError.corruptRecord(id: text, reason: "the certificate ID is not well-formed")
                    }
                    return id
                }
                claimed.append(ClaimedWork(identity: identity, certificateID: id))
            }
            return claimed
        }
    }

    @discardableResult
    public func renewClaims(holder: String, lease: Duration) async throws -> Int {
        let logger = self.logger
        let milliseconds = Self.milliseconds(lease)
        return try await write { connection in
            try await Self.column(
                """
                WITH renewed AS (
                    UPDATE work_claim SET lease_until = now() + \(milliseconds) * interval '1 millisecond'
                    WHERE holder = \(holder) AND written_to IS NULL RETURNING 1
                ) SELECT count(*)::bigint FROM renewed
                """, Int64.self, on: connection, logger: logger
            ).first.map(Int.init) ?? 0
        }
    }

    public func markWritten(eventID: String, identities: [AttendeeIdentity], output: String) async throws {
        guard !identities.isEmpty else { return }
        let logger = self.logger
        try await write { connection in
            try await connection.query(
                """
                UPDATE work_claim SET written_to = \(output), written_at = now(), lease_until = NULL
                WHERE event_id = \(eventID) AND identity = ANY(\(identities.map(\.email))::text[])
                """, logger: logger)
        }
    }

    public func releaseClaims(holder: String) async throws {
        let logger = self.logger
        try await write { connection in
            try await connection.query(
                "UPDATE work_claim SET holder = NULL, lease_until = NULL WHERE holder = \(holder) AND written_to IS NULL", logger: logger)
        }
    }

    public func heldElsewhere(eventID: String, holder: String, excluding: [AttendeeIdentity]) async throws -> HeldWork {
        let logger = self.logger
        return try await read { connection in
            let rows = try await connection.query(
                """
                SELECT count(*)::bigint,
                    (extract(epoch FROM min(lease_until) - now()) * 1000)::bigint
                FROM work_claim
                WHERE event_id = \(eventID) AND written_to IS NULL AND lease_until >= now() AND holder <> \(holder)
                    AND identity <> ALL(\(excluding.map(\.email))::text[])
                """, logger: logger)
            for try await (count, milliseconds) in rows.decode((Int64, Int64?).self) {
                return HeldWork(count: Int(count), soonestEnd: milliseconds.map { .milliseconds(max(0, $0)) })
            }
            return HeldWork(count: 0, soonestEnd: nil)
        }
    }

    public func identitiesNotWritten(to output: String, eventID: String) async throws -> Set<AttendeeIdentity> {
        let logger = self.logger
        return try await read { connection in
            let rows = try await connection.query(
                "SELECT identity FROM work_claim WHERE event_id = \(eventID) AND written_to IS DISTINCT FROM \(output)",
                logger: logger)
            var result: Set<AttendeeIdentity> = []
            for try await identityText in rows.decode(String.self) {
                guard let identity = AttendeeIdentity(email: identityText) else {
                    throw RegistryError.corruptRecord(id: identityText, reason: "a work claim's identity is not an email address")
                }
                result.insert(identity)
            }
            return result
        }
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}
