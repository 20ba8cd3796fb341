public import CPDCore
import Foundation
import GRDB

/// The certificate registry in one SQLite file (WAL mode), through GRDB on the system libsqlite3.
///
/// ```swift
/// let registry = try SQLiteCertificateRegistry(path: "cpdcert.sqlite")
/// try await registry.insert([certificate])
/// let found = try await registry.certificate(id: certificate.id)
/// ```
/// Many readers (the verification server) may read while one batch writes.
public final class SQLiteCertificateRegistry: CertificateRegistry {
    // DatabaseWriter is Sendable and serialises writes; reads run concurrently in WAL mode.
    private let writer: any DatabaseWriter

    /// Opens (creating if needed, and migrating) the registry at `path`.
    /// With `readOnly`, the file must exist and is never written.
    public init(path: String, readOnly: Bool = false) throws(RegistryError) {
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        do {
            if readOnly {
                guard FileManager.default.fileExists(atPath: path) else {
                    throw RegistryError.storage("no registry at \(path); issue certificates first, or pass --registry PATH")
                }
                writer = try DatabasePool(path: path, configuration: configuration)
                try writer.read { db in
                    let applied = try RegistrySchema.migrator.appliedIdentifiers(db)
                    let known = Set(RegistrySchema.migrator.migrations)
                    if !applied.isSubset(of: known) {
                        throw RegistryError.storage(
                            "\(path) was written by a newer cpdcert (unknown migrations \(applied.subtracting(known).sorted())); upgrade cpdcert"
                        )
                    }
                    guard applied == known else {
                        throw RegistryError.storage(
                            "\(path) needs migrating; run any writing command (e.g. cpdcert issue) once, or open it without read-only")
                    }
                }
            } else {
                writer = try DatabasePool(path: path, configuration: configuration)
                try RegistrySchema.migrator.migrate(writer)
            }
        } catch let error as RegistryError {
            throw error
        } catch {
            throw RegistryError.storage("cannot open the registry at \(path): \(Self.describe(error))")
        }
    }

    /// A registry in memory, for tests.
    public init() throws(RegistryError) {
        do {
            writer = try DatabaseQueue()
            try RegistrySchema.migrator.migrate(writer)
        } catch {
            throw RegistryError.storage("cannot create an in-memory registry: \(Self.describe(error))")
        }
    }

    public func certificate(id: CertificateID) async throws -> Certificate? {
        try await read { db in
            let statement = try db.cachedStatement(sql: "SELECT * FROM certificate WHERE id = ?")
            return try Row.fetchOne(statement, arguments: [id.compact]).map(CertificateRow.decode)
        }
    }

    public func issuedIDs(eventID: String) async throws -> [AttendeeIdentity: CertificateID] {
        try await read { db in
            let statement = try db.cachedStatement(sql: "SELECT identity, id FROM certificate WHERE event_id = ?")
            var result: [AttendeeIdentity: CertificateID] = [:]
            let rows = try Row.fetchCursor(statement, arguments: [eventID])
            while let row = try rows.next() {
                let idText: String = row["id"]
                guard let identity = AttendeeIdentity(email: row["identity"]), let id = try? CertificateID(parsing: idText) else {
                    throw RegistryError.corruptRecord(id: idText, reason: "its identity or ID is not well-formed")
                }
                result[identity] = id
            }
            return result
        }
    }

    public func certificates(eventID: String, after: CertificateID?, limit: Int) async throws -> [Certificate] {
        try await read { db in
            let statement = try db.cachedStatement(
                sql: "SELECT * FROM certificate WHERE event_id = ? AND id > ? ORDER BY id LIMIT ?")
            return try Row.fetchAll(statement, arguments: [eventID, after?.compact ?? "", limit]).map(CertificateRow.decode)
        }
    }

    public func insert(_ certificates: [Certificate]) async throws {
        do {
            try await writer.write { db in
                let statement = try db.cachedStatement(sql: CertificateRow.insertSQL)
                for certificate in certificates {
                    do {
                        try statement.execute(arguments: CertificateRow.arguments(certificate))
                    } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                        throw Self.translateConstraint(error, certificate)
                    }
                }
            }
        } catch let error as RegistryError {
            throw error
        } catch {
            throw RegistryError.storage("cannot record certificates: \(Self.describe(error))")
        }
    }

    /// Runs a read, translating storage errors.
    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.read(body)
        } catch let error as RegistryError {
            throw error
        } catch {
            throw RegistryError.storage("cannot read the registry: \(Self.describe(error))")
        }
    }

    private static func translateConstraint(_ error: DatabaseError, _ certificate: Certificate) -> RegistryError {
        let message = error.message ?? ""
        if message.contains("certificate.event_id") || message.contains("certificate.identity") {
            return .duplicateAttendee(eventID: certificate.eventID, certificateID: certificate.id)
        }
        if message.contains("certificate.id") {
            return .duplicateID(certificate.id)
        }
        return .storage("the registry refused certificate \(certificate.id): \(message)")
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "\(error.resultCode)"
        }
        return "\(error)"
    }
}
