public import CPDCore
import Foundation
import GRDB

extension SQLiteCertificateRegistry: DeliveryLog {
    /// Appends one attempt to `delivery_attempt` (migration v11-delivery-log; append-only).
    public func recordDelivery(_ attempt: DeliveryAttempt) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO delivery_attempt
                        (certificate_id, event_id, attempt, outcome, reply_code, reply_text, message_id, at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    attempt.certificateID.compact, attempt.eventID, attempt.attempt, attempt.outcome.rawValue, attempt.replyCode,
                    attempt.replyText, attempt.messageID, attempt.at.timeIntervalSince1970,
                ])
        }
    }

    public func deliveries(eventID: String) async throws -> [DeliveryAttempt] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT certificate_id, event_id, attempt, outcome, reply_code, reply_text, message_id, at
                    FROM delivery_attempt WHERE event_id = ? ORDER BY seq
                    """, arguments: [eventID]
            ).map { row in
                let id: String = row["certificate_id"]
                let outcome: String = row["outcome"]
                guard let certificateID = try? CertificateID(parsing: id), let parsed = DeliveryAttempt.Outcome(rawValue: outcome) else {
                    throw RegistryError.storage(
                        "delivery_attempt holds a row the registry cannot read (certificate '\(id)', outcome '\(outcome)')")
                }
                return DeliveryAttempt(
                    certificateID: certificateID, eventID: row["event_id"], attempt: row["attempt"], outcome: parsed,
                    replyCode: row["reply_code"], replyText: row["reply_text"], messageID: row["message_id"],
                    at: Date(timeIntervalSince1970: row["at"]))
            }
        }
    }
}
