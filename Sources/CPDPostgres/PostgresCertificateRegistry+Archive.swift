public import CPDCore
public import Foundation
import Logging
import NIOCore
import PostgresNIO

// The archive of rendering inputs, the credentials and the delivery log.
extension PostgresCertificateRegistry: CredentialStore, DeliveryLog {
    public func archivedFiles(among sha256s: [String]) async throws -> Set<String> {
        guard !sha256s.isEmpty else { return [] }
        let logger = self.logger
        let held = try await read { connection in
            try await Self.column(
                "SELECT sha256 FROM archive_file WHERE sha256 = ANY(\(Array(Set(sha256s)))::text[])", String.self, on: connection,
                logger: logger)
        }
        return Set(held)
    }

    public func archive(_ inputs: RenderingInputs, files: [ArchivedFile]) async throws {
        let logger = self.logger
        let key = inputs.sha256, canonical = ByteBuffer(bytes: inputs.canonical)
        try await write { connection in
            if !files.isEmpty {
                try await connection.query(
                    """
                    INSERT INTO archive_file (sha256, size, bytes)
                    SELECT * FROM unnest(\(files.map(\.sha256))::text[], \(files.map(\.bytes.count))::bigint[],
                        \(files.map { ByteBuffer(bytes: $0.bytes) })::bytea[])
                    ON CONFLICT (sha256) DO NOTHING
                    """, logger: logger)
            }
            let named = Array(Set(inputs.files.map(\.sha256)))
            let held = Set(
                try await Self.column(
                    "SELECT sha256 FROM archive_file WHERE sha256 = ANY(\(named)::text[])", String.self, on: connection, logger: logger))
            if let missing = inputs.files.first(where: { !held.contains($0.sha256) }) {
                throw RegistryError.storage("rendering inputs name \(missing.name) (\(missing.sha256)), which is not archived")
            }
            let ids = try await Self.column(
                """
                INSERT INTO rendering_inputs (sha256, canonical) VALUES (\(key), \(canonical))
                ON CONFLICT (sha256) DO NOTHING RETURNING id
                """, Int.self, on: connection, logger: logger)
            guard let id = ids.first else { return }
            try await connection.query(
                """
                INSERT INTO rendering_input_file (inputs_id, sha256) SELECT \(id), sha256 FROM unnest(\(named)::text[]) AS f (sha256)
                """, logger: logger)
        }
    }

    public func recordRenderings(_ renderings: [CertificateID: String]) async throws {
        guard !renderings.isEmpty else { return }
        let logger = self.logger
        let pairs = renderings.sorted { $0.key.compact < $1.key.compact }
        try await write { connection in
            let keys = Array(Set(pairs.map(\.value)))
            let found = try await Self.column(
                "SELECT sha256 FROM rendering_inputs WHERE sha256 = ANY(\(keys)::text[])", String.self, on: connection, logger: logger)
            if let missing = Set(keys).subtracting(found).sorted().first {
                throw RegistryError.storage("no rendering inputs \(missing) are archived")
            }
            try await connection.query(
                """
                INSERT INTO certificate_rendering (certificate_id, inputs_id)
                SELECT r.certificate_id, i.id FROM unnest(\(pairs.map(\.key.compact))::text[], \(pairs.map(\.value))::text[])
                    AS r (certificate_id, sha256)
                JOIN rendering_inputs i ON i.sha256 = r.sha256
                ON CONFLICT (certificate_id) DO NOTHING
                """, logger: logger)
        }
    }

    public func renderingInputs(certificateID: CertificateID) async throws -> RenderingInputs? {
        let logger = self.logger
        return try await read { connection in
            let rows = try await connection.query(
                """
                SELECT i.sha256, i.canonical FROM certificate_rendering r JOIN rendering_inputs i ON i.id = r.inputs_id
                WHERE r.certificate_id = \(certificateID.compact)
                """, logger: logger)
            for try await (key, bytes) in rows.decode((String, ByteBuffer).self) {
                guard let inputs = RenderingInputs(canonical: Array(bytes.readableBytesView)), inputs.sha256 == key else {
                    throw RegistryError.corruptRecord(
                        id: certificateID.description, reason: "its rendering inputs \(key) do not match their hash")
                }
                return inputs
            }
            return nil
        }
    }

    public func archivedFile(sha256: String) async throws -> Data? {
        let logger = self.logger
        return try await read { connection in
            try await Self.column(
                "SELECT bytes FROM archive_file WHERE sha256 = \(sha256)", ByteBuffer.self, on: connection, logger: logger
            )
            .first.map { Data($0.readableBytesView) }
        }
    }

    public func archivedRenderingInputs() async throws -> [StoredRenderingInputs] {
        let logger = self.logger
        return try await read { connection in
            var result: [StoredRenderingInputs] = []
            let rows = try await connection.query(
                """
                SELECT i.sha256, i.canonical, (SELECT COUNT(*) FROM certificate_rendering r WHERE r.inputs_id = i.id)
                FROM rendering_inputs i ORDER BY i.sha256
                """, logger: logger)
            for try await (key, bytes, uses) in rows.decode((String, ByteBuffer, Int).self) {
                result.append(
                    StoredRenderingInputs(key: key, inputs: RenderingInputs(canonical: Array(bytes.readableBytesView)), certificates: uses))
            }
            return result
        }
    }

    public func certificatesWithoutRenderingInputs() async throws -> Int {
        let logger = self.logger
        return try await read { connection in
            try await Self.column(
                """
                SELECT COUNT(*) FROM certificate c WHERE NOT EXISTS (SELECT 1 FROM certificate_rendering r WHERE r.certificate_id = c.id)
                """, Int.self, on: connection, logger: logger
            ).first ?? 0
        }
    }

    // MARK: Credentials

    public func credential(certificateID: CertificateID) async throws -> IssuedCredential? {
        let logger = self.logger
        return try await read { connection in
            try await Self.credentials(
                "SELECT certificate_id, status_index, jws FROM credential WHERE certificate_id = \(certificateID.compact)", connection,
                logger
            ).first
        }
    }

    public func nextStatusIndex() async throws -> Int {
        let logger = self.logger
        return try await read { connection in
            try await Self.column("SELECT COALESCE(MAX(status_index) + 1, 0) FROM credential", Int.self, on: connection, logger: logger)
                .first ?? 0
        }
    }

    public func recordCredentials(_ credentials: [IssuedCredential]) async throws {
        guard !credentials.isEmpty else { return }
        let logger = self.logger
        try await write { connection in
            var log = try await PostgresLogAppender.start(connection, logger: logger)
            do {
                try await connection.query(
                    """
                    INSERT INTO credential (certificate_id, status_index, jws, sha256)
                    SELECT * FROM unnest(\(credentials.map(\.certificateID.compact))::text[], \(credentials.map(\.statusIndex))::bigint[],
                        \(credentials.map(\.jws))::text[], \(credentials.map(\.sha256))::text[])
                    """, logger: logger)
            } catch let error where Self.serverError(error)?.state == "23505" {
                throw RegistryError.storage(
                    "a certificate of the batch has a credential already, or a status index is taken (another run at the same time?); "
                        + "run the command again")
            }
            for credential in credentials { try log.append(.credentialIssued(credential)) }
            try await log.write(connection, logger: logger)
        }
    }

    public func credentialStatusBits() async throws -> (size: Int, set: [Int]) {
        let logger = self.logger
        let (size, set) = try await read { connection in
            let size =
                try await Self.column("SELECT COALESCE(MAX(status_index) + 1, 0) FROM credential", Int.self, on: connection, logger: logger)
                .first ?? 0
            // A certificate is out of force when its latest status change says so.
            let set = try await Self.column(
                """
                SELECT c.status_index FROM credential c
                WHERE (SELECT h.status FROM status_history h WHERE h.certificate_id = c.certificate_id ORDER BY h.seq DESC LIMIT 1)
                    IN ('revoked', 'superseded')
                ORDER BY c.status_index
                """, Int.self, on: connection, logger: logger)
            return (size, set)
        }
        return (size, set)
    }

    public func allCredentials() async throws -> [IssuedCredential] {
        let logger = self.logger
        return try await read { connection in
            try await Self.credentials("SELECT certificate_id, status_index, jws FROM credential ORDER BY status_index", connection, logger)
        }
    }

    public func recordCredentialKey(_ key: PublishedCredentialKey) async throws {
        let logger = self.logger
        try await write { connection in
            try await connection.query(
                """
                INSERT INTO credential_key (key_id, origin, public_key_pem) VALUES (\(key.keyID), \(key.origin), \(key.publicKeyPEM))
                ON CONFLICT (key_id) DO NOTHING
                """, logger: logger)
        }
    }

    public func credentialKeys() async throws -> [PublishedCredentialKey] {
        let logger = self.logger
        return try await read { connection in
            try await Self.rows("SELECT key_id, origin, public_key_pem FROM credential_key ORDER BY seq", on: connection, logger: logger) {
                let (id, origin, pem) = try $0.decode((String, String, String).self)
                return PublishedCredentialKey(keyID: id, origin: origin, publicKeyPEM: pem)
            }
        }
    }

    public func recordStatusList(_ jws: String) async throws {
        let logger = self.logger
        try await write { connection in
            try await connection.query("INSERT INTO credential_status_list (jws) VALUES (\(jws))", logger: logger)
        }
    }

    public func latestStatusList() async throws -> String? {
        let logger = self.logger
        return try await read { connection in
            try await Self.column(
                "SELECT jws FROM credential_status_list ORDER BY seq DESC LIMIT 1", String.self, on: connection, logger: logger
            ).first
        }
    }

    private static func credentials(_ query: PostgresQuery, _ connection: PostgresConnection, _ logger: Logger) async throws
        -> [IssuedCredential]
    {
        try await rows(query, on: connection, logger: logger) { row in
            let (id, index, jws) = try row.decode((String, Int, String).self)
            guard let certificateID = try? CertificateID(parsing: id) else {
                throw RegistryError.corruptRecord(id: id, reason: "not a certificate ID")
            }
            return IssuedCredential(certificateID: certificateID, statusIndex: index, jws: jws)
        }
    }

    // MARK: Delivery log

    public func recordDelivery(_ attempt: DeliveryAttempt) async throws {
        let logger = self.logger
        try await write { connection in
            try await connection.query(
                """
                INSERT INTO delivery_attempt (certificate_id, event_id, attempt, outcome, reply_code, reply_text, message_id, at)
                VALUES (\(attempt.certificateID.compact), \(attempt.eventID), \(attempt.attempt), \(attempt.outcome.rawValue),
                    \(attempt.replyCode), \(attempt.replyText), \(attempt.messageID), \(attempt.at.timeIntervalSince1970))
                """, logger: logger)
        }
    }

    public func deliveries(eventID: String) async throws -> [DeliveryAttempt] {
        let logger = self.logger
        return try await read { connection in
            try await Self.rows(
                """
                SELECT certificate_id, event_id, attempt, outcome, reply_code, reply_text, message_id, at
                FROM delivery_attempt WHERE event_id = \(eventID) ORDER BY seq
                """, on: connection, logger: logger
            ) { row in
                let (id, event, attempt, outcome, code, text, messageID, at) = try row.decode(
                    (String, String, Int, String, Int?, String, String, Double).self)
                guard let certificateID = try? CertificateID(parsing: id), let parsed = DeliveryAttempt.Outcome(rawValue: outcome) else {
                    throw RegistryError.storage(
                        "delivery_attempt holds a row the registry cannot read (certificate '\(id)', outcome '\(outcome)')")
                }
                return DeliveryAttempt(
                    certificateID: certificateID, eventID: event, attempt: attempt, outcome: parsed, replyCode: code, replyText: text,
                    messageID: messageID, at: Date(timeIntervalSince1970: at))
            }
        }
    }
}
