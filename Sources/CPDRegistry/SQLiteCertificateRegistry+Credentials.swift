public import CPDCore
import Foundation
import GRDB

extension SQLiteCertificateRegistry: CredentialStore {
    public func credential(certificateID: CertificateID) async throws -> IssuedCredential? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT certificate_id, status_index, jws FROM credential WHERE certificate_id = ?",
                arguments: [certificateID.compact]
            ).map(Self.credential)
        }
    }

    public func nextStatusIndex() async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(status_index) + 1, 0) FROM credential") ?? 0 }
    }

    public func recordCredentials(_ credentials: [IssuedCredential]) async throws {
        try await write { db in
            var index = try LogWriter.nextIndex(db)
            for credential in credentials {
                do {
                    try db.execute(
                        sql: "INSERT INTO credential (certificate_id, status_index, jws, sha256) VALUES (?, ?, ?, ?)",
                        arguments: [credential.certificateID.compact, credential.statusIndex, credential.jws, credential.sha256])
                } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                    throw RegistryError.storage(
                        "certificate \(credential.certificateID) has a credential already, or status index \(credential.statusIndex) "
                            + "is taken (another run at the same time?); run the command again")
                }
                try LogWriter.append(.credentialIssued(credential), index: index, in: db)
                index += 1
            }
        }
    }

    public func credentialStatusBits() async throws -> (size: Int, set: [Int]) {
        try await read { db in
            let size = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(status_index) + 1, 0) FROM credential") ?? 0
            // A certificate is out of force when its latest status change says so (see status_history).
            let set = try Int.fetchAll(
                db,
                sql: """
                    SELECT c.status_index FROM credential c
                    WHERE (SELECT h.status FROM status_history h WHERE h.certificate_id = c.certificate_id ORDER BY h.seq DESC LIMIT 1)
                        IN ('revoked', 'superseded')
                    ORDER BY c.status_index
                    """)
            return (size, set)
        }
    }

    public func allCredentials() async throws -> [IssuedCredential] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT certificate_id, status_index, jws FROM credential ORDER BY status_index").map(Self.credential)
        }
    }

    public func recordCredentialKey(_ key: PublishedCredentialKey) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO credential_key (key_id, origin, public_key_pem) VALUES (?, ?, ?)",
                arguments: [key.keyID, key.origin, key.publicKeyPEM])
        }
    }

    public func credentialKeys() async throws -> [PublishedCredentialKey] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT key_id, origin, public_key_pem FROM credential_key ORDER BY rowid").map { row in
                PublishedCredentialKey(keyID: row["key_id"], origin: row["origin"], publicKeyPEM: row["public_key_pem"])
            }
        }
    }

    public func recordStatusList(_ jws: String) async throws {
        try await write { db in try db.execute(sql: "INSERT INTO credential_status_list (jws) VALUES (?)", arguments: [jws]) }
    }

    public func latestStatusList() async throws -> String? {
        try await read { db in try String.fetchOne(db, sql: "SELECT jws FROM credential_status_list ORDER BY seq DESC LIMIT 1") }
    }

    private static func credential(_ row: Row) throws -> IssuedCredential {
        let id: String = row["certificate_id"]
        guard let certificateID = try? CertificateID(parsing: id) else {
            throw RegistryError.corruptRecord(id: id, reason: "not a certificate ID")
        }
        return IssuedCredential(certificateID: certificateID, statusIndex: row["status_index"], jws: row["jws"])
    }
}
