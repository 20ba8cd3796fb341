public import CPDCore
public import Foundation
import GRDB

/// The archive of rendering inputs in the registry's file (tables from `v6-rendering-archive`).
extension SQLiteCertificateRegistry {
    public func archivedFiles(among sha256s: [String]) async throws -> Set<String> {
        guard !sha256s.isEmpty else { return [] }
        return try await read { db in
            var held: Set<String> = []
            let statement = try db.cachedStatement(sql: "SELECT 1 FROM archive_file WHERE sha256 = ?")
            for sha256 in Set(sha256s) where try Int.fetchOne(statement, arguments: [sha256]) != nil { held.insert(sha256) }
            return held
        }
    }

    public func archive(_ inputs: RenderingInputs, files: [ArchivedFile]) async throws {
        let key = inputs.sha256, canonical = Data(inputs.canonical)
        try await write { db in
            let file = try db.cachedStatement(sql: "INSERT OR IGNORE INTO archive_file (sha256, size, bytes) VALUES (?, ?, ?)")
            for archived in files { try file.execute(arguments: [archived.sha256, archived.bytes.count, archived.bytes]) }
            let known = try db.cachedStatement(sql: "SELECT 1 FROM archive_file WHERE sha256 = ?")
            for named in inputs.files where try Int.fetchOne(known, arguments: [named.sha256]) == nil {
                throw RegistryError.storage("rendering inputs name \(named.name) (\(named.sha256)), which is not archived")
            }
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM rendering_inputs WHERE sha256 = ?", arguments: [key]) == nil else { return }
            try db.execute(sql: "INSERT INTO rendering_inputs (sha256, canonical) VALUES (?, ?)", arguments: [key, canonical])
            let id = db.lastInsertedRowID
            for sha256 in Set(inputs.files.map(\.sha256)) {
                try db.execute(sql: "INSERT INTO rendering_input_file (inputs_id, sha256) VALUES (?, ?)", arguments: [id, sha256])
            }
        }
    }

    public func recordRenderings(_ renderings: [CertificateID: String]) async throws {
        guard !renderings.isEmpty else { return }
        try await write { db in
            let lookup = try db.cachedStatement(sql: "SELECT id FROM rendering_inputs WHERE sha256 = ?")
            var ids: [String: Int64] = [:]
            for key in Set(renderings.values) {
                guard let id = try Int64.fetchOne(lookup, arguments: [key]) else {
                    throw RegistryError.storage("no rendering inputs \(key) are archived")
                }
                ids[key] = id
            }
            let insert = try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO certificate_rendering (certificate_id, inputs_id) VALUES (?, ?)")
            for (certificate, key) in renderings { try insert.execute(arguments: [certificate.compact, ids[key]]) }
        }
    }

    public func renderingInputs(certificateID: CertificateID) async throws -> RenderingInputs? {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT i.sha256, i.canonical FROM certificate_rendering r JOIN rendering_inputs i ON i.id = r.inputs_id
                            WHERE r.certificate_id = ?
                            """), arguments: [certificateID.compact])
            else { return nil }
            let key: String = row["sha256"], bytes: Data = row["canonical"]
            guard let inputs = RenderingInputs(canonical: [UInt8](bytes)), inputs.sha256 == key else {
                throw RegistryError.corruptRecord(
                    id: certificateID.description, reason: "its rendering inputs \(key) do not match their hash")
            }
            return inputs
        }
    }

    public func archivedFile(sha256: String) async throws -> Data? {
        try await read { db in try Data.fetchOne(db, sql: "SELECT bytes FROM archive_file WHERE sha256 = ?", arguments: [sha256]) }
    }

    public func archivedRenderingInputs() async throws -> [StoredRenderingInputs] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT i.sha256, i.canonical, (SELECT COUNT(*) FROM certificate_rendering r WHERE r.inputs_id = i.id) AS uses
                    FROM rendering_inputs i ORDER BY i.sha256
                    """
            ).map { row in
                let bytes: Data = row["canonical"]
                return StoredRenderingInputs(
                    key: row["sha256"], inputs: RenderingInputs(canonical: [UInt8](bytes)), certificates: row["uses"])
            }
        }
    }

    public func certificatesWithoutRenderingInputs() async throws -> Int {
        try await read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM certificate c
                    WHERE NOT EXISTS (SELECT 1 FROM certificate_rendering r WHERE r.certificate_id = c.id)
                    """) ?? 0
        }
    }
}
