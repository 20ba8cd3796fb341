public import CPDCore
public import Foundation
import GRDB

/// The organiser console's tables (migration v12-console). Sessions are tokens of kind `session`.
extension SQLiteCertificateRegistry: ConsoleStore {
    private static let accountColumns = "id, email, role, password_hash, disabled, failed_logins, locked_until, created_at"

    private static func account(_ row: Row) throws -> ConsoleAccount {
        let role: String = row["role"]
        guard let parsed = ConsoleRole(rawValue: role) else {
            throw RegistryError.storage("console_account holds an unknown role '\(role)'")
        }
        return ConsoleAccount(
            id: row["id"], email: row["email"], role: parsed, passwordHash: row["password_hash"], disabled: row["disabled"],
            failedLogins: row["failed_logins"], lockedUntil: (row["locked_until"] as Double?).map(Date.init(timeIntervalSince1970:)),
            createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }

    public func addAccount(email: String, role: ConsoleRole, at: Date) async throws -> ConsoleAccount {
        let email = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let id: Int64 = try await writeReturning { db in
            if try Int.fetchOne(db, sql: "SELECT 1 FROM console_account WHERE email = ?", arguments: [email]) != nil {
                throw RegistryError.storage("an account for \(email) exists already")
            }
            try db.execute(
                sql: "INSERT INTO console_account (email, role, created_at) VALUES (?, ?, ?)",
                arguments: [email, role.rawValue, at.timeIntervalSince1970])
            return db.lastInsertedRowID
        }
        return ConsoleAccount(
            id: id, email: email, role: role, passwordHash: nil, disabled: false, failedLogins: 0, lockedUntil: nil, createdAt: at)
    }

    public func account(email: String) async throws -> ConsoleAccount? {
        let email = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return try await read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.accountColumns) FROM console_account WHERE email = ?", arguments: [email])
                .map(Self.account)
        }
    }

    public func account(id: Int64) async throws -> ConsoleAccount? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.accountColumns) FROM console_account WHERE id = ?", arguments: [id]).map(Self.account)
        }
    }

    public func accounts() async throws -> [ConsoleAccount] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.accountColumns) FROM console_account ORDER BY id").map(Self.account)
        }
    }

    public func setPasswordHash(_ hash: String, accountID: Int64) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE console_account SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?",
                arguments: [hash, accountID])
        }
    }

    public func setDisabled(_ disabled: Bool, accountID: Int64, at: Date) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE console_account SET disabled = ? WHERE id = ?", arguments: [disabled, accountID])
            if disabled {
                try db.execute(
                    sql: "UPDATE console_token SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL",
                    arguments: [at.timeIntervalSince1970, accountID])
            }
        }
    }

    public func setLoginFailures(_ count: Int, lockedUntil: Date?, accountID: Int64) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE console_account SET failed_logins = ?, locked_until = ? WHERE id = ?",
                arguments: [count, lockedUntil?.timeIntervalSince1970, accountID])
        }
    }

    public func addToken(kind: ConsoleTokenKind, hash: String, accountID: Int64, label: String, expires: Date?, at: Date) async throws {
        try await insertToken(kind: kind.rawValue, hash: hash, accountID: accountID, label: label, expires: expires, at: at)
    }

    private func insertToken(kind: String, hash: String, accountID: Int64, label: String, expires: Date?, at: Date) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO console_token (hash, kind, account_id, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [hash, kind, accountID, label, at.timeIntervalSince1970, expires?.timeIntervalSince1970])
        }
    }

    /// The live-token condition: of this kind, unused, unrevoked, unexpired, of an enabled account.
    private static let liveToken = """
        SELECT t.account_id FROM console_token t JOIN console_account a ON a.id = t.account_id
        WHERE t.hash = ? AND t.kind = ? AND t.used_at IS NULL AND t.revoked_at IS NULL
        AND (t.expires_at IS NULL OR t.expires_at > ?) AND a.disabled = 0
        """

    private func liveAccount(kind: String, hash: String, at: Date) async throws -> Int64? {
        try await read { db in
            try Int64.fetchOne(db, sql: Self.liveToken, arguments: [hash, kind, at.timeIntervalSince1970])
        }
    }

    public func tokenAccount(kind: ConsoleTokenKind, hash: String, at: Date) async throws -> Int64? {
        try await liveAccount(kind: kind.rawValue, hash: hash, at: at)
    }

    public func useToken(kind: ConsoleTokenKind, hash: String, at: Date) async throws -> Bool {
        try await writeReturning { db in
            try db.execute(
                sql: """
                    UPDATE console_token SET used_at = ? WHERE hash = ? AND kind = ? AND used_at IS NULL AND revoked_at IS NULL
                    AND (expires_at IS NULL OR expires_at > ?)
                    """, arguments: [at.timeIntervalSince1970, hash, kind.rawValue, at.timeIntervalSince1970])
            return db.changesCount == 1
        }
    }

    public func revokeTokens(kind: ConsoleTokenKind, accountID: Int64, at: Date) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE console_token SET revoked_at = ? WHERE account_id = ? AND kind = ? AND revoked_at IS NULL",
                arguments: [at.timeIntervalSince1970, accountID, kind.rawValue])
        }
    }

    public func addSession(hash: String, accountID: Int64, expires: Date, at: Date) async throws {
        try await insertToken(kind: "session", hash: hash, accountID: accountID, label: "", expires: expires, at: at)
    }

    public func sessionAccount(hash: String, at: Date) async throws -> Int64? {
        try await liveAccount(kind: "session", hash: hash, at: at)
    }

    public func removeSession(hash: String) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM console_token WHERE hash = ? AND kind = 'session'", arguments: [hash])
        }
    }

    public func saveEvent(_ event: ConsoleEvent) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO console_event (event_id, owner_id, definition, attendance, attendance_file, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (event_id) DO UPDATE SET definition = excluded.definition, attendance = excluded.attendance,
                        attendance_file = excluded.attendance_file
                    """,
                arguments: [
                    event.eventID, event.ownerID, event.definition, event.attendance, event.attendanceFileName,
                    event.createdAt.timeIntervalSince1970,
                ])
            try db.execute(sql: "DELETE FROM console_event_file WHERE event_id = ?", arguments: [event.eventID])
            for file in event.files {
                try db.execute(
                    sql: "INSERT INTO console_event_file (event_id, kind, file_name, content) VALUES (?, ?, ?, ?)",
                    arguments: [event.eventID, file.kind.rawValue, file.name, file.content])
            }
        }
    }

    private static func event(_ row: Row, shares: [String: Set<Int64>], db: Database) throws -> ConsoleEvent {
        let id: String = row["event_id"]
        let files = try Row.fetchAll(db, sql: "SELECT * FROM console_event_file WHERE event_id = ? ORDER BY seq", arguments: [id]).map {
            file throws -> ConsoleEventFile in
            let kind: String = file["kind"]
            guard let parsed = ConsoleEventFile.Kind(rawValue: kind) else {
                throw RegistryError.storage("console_event_file holds a kind '\(kind)'")
            }
            return ConsoleEventFile(kind: parsed, name: file["file_name"], content: file["content"])
        }
        return ConsoleEvent(
            eventID: id, ownerID: row["owner_id"], definition: row["definition"], attendance: row["attendance"],
            attendanceFileName: row["attendance_file"], createdAt: Date(timeIntervalSince1970: row["created_at"]),
            sharedWith: shares[id] ?? [], files: files)
    }

    /// The accounts each event is shared with (of one event, when `eventID` is given).
    private static func shares(_ db: Database, eventID: String? = nil) throws -> [String: Set<Int64>] {
        var shares: [String: Set<Int64>] = [:]
        let rows =
            try eventID.map { try Row.fetchAll(db, sql: "SELECT * FROM console_event_share WHERE event_id = ?", arguments: [$0]) }
            ?? Row.fetchAll(db, sql: "SELECT * FROM console_event_share")
        for row in rows { shares[row["event_id"], default: []].insert(row["account_id"]) }
        return shares
    }

    public func event(id: String) async throws -> ConsoleEvent? {
        try await read { db in
            let shares = try Self.shares(db, eventID: id)
            return try Row.fetchOne(db, sql: "SELECT * FROM console_event WHERE event_id = ?", arguments: [id]).map {
                try Self.event($0, shares: shares, db: db)
            }
        }
    }

    public func events() async throws -> [ConsoleEvent] {
        try await read { db in
            let shares = try Self.shares(db)
            return try Row.fetchAll(db, sql: "SELECT * FROM console_event ORDER BY created_at DESC, event_id").map {
                try Self.event($0, shares: shares, db: db)
            }
        }
    }

    public func setShared(_ shared: Bool, eventID: String, accountID: Int64) async throws {
        try await write { db in
            try db.execute(
                sql: shared
                    ? "INSERT OR IGNORE INTO console_event_share (event_id, account_id) VALUES (?, ?)"
                    : "DELETE FROM console_event_share WHERE event_id = ? AND account_id = ?",
                arguments: [eventID, accountID])
        }
    }

    private static func job(_ row: Row) throws -> ConsoleJob {
        let state: String = row["state"]
        guard let parsed = ConsoleJob.State(rawValue: state) else { throw RegistryError.storage("console_job holds a state '\(state)'") }
        let work: ConsoleJob.Work
        switch row["kind"] as String {
        case "issue": work = .issue
        case "send":
            let only = try (row["certificate_id"] as String?).map { text in
                guard let id = try? CertificateID(parsing: text) else {
                    throw RegistryError.storage("console_job holds a certificate ID '\(text)'")
                }
                return id
            }
            work = .send(retryFailed: row["retry_failed"], only: only)
        case let kind: throw RegistryError.storage("console_job holds a kind '\(kind)'")
        }
        return ConsoleJob(
            id: row["id"], eventID: row["event_id"], requestedBy: row["requested_by"], work: work, state: parsed, total: row["total"],
            issued: row["issued"], failed: row["failed"], message: row["message"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            finishedAt: (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }

    public func addJob(eventID: String, requestedBy: Int64, work: ConsoleJob.Work, at: Date) async throws -> ConsoleJob {
        let (kind, retryFailed, only): (String, Bool, CertificateID?) =
            switch work {
            case .issue: ("issue", false, nil)
            case .send(let retryFailed, let only): ("send", retryFailed, only)
            }
        let id: Int64 = try await writeReturning { db in
            try db.execute(
                sql: """
                    INSERT INTO console_job (event_id, requested_by, kind, retry_failed, certificate_id, state, created_at)
                    VALUES (?, ?, ?, ?, ?, 'queued', ?)
                    """,
                arguments: [eventID, requestedBy, kind, retryFailed, only?.compact, at.timeIntervalSince1970])
            return db.lastInsertedRowID
        }
        return ConsoleJob(
            id: id, eventID: eventID, requestedBy: requestedBy, work: work, state: .queued, total: 0, issued: 0, failed: 0, message: "",
            createdAt: at,
            finishedAt: nil)
    }

    public func updateJob(_ job: ConsoleJob) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE console_job SET state = ?, total = ?, issued = ?, failed = ?, message = ?, finished_at = ? WHERE id = ?",
                arguments: [
                    job.state.rawValue, job.total, job.issued, job.failed, job.message, job.finishedAt?.timeIntervalSince1970, job.id,
                ])
        }
    }

    public func jobs(eventID: String) async throws -> [ConsoleJob] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM console_job WHERE event_id = ? ORDER BY id DESC", arguments: [eventID]).map(Self.job)
        }
    }

    public func unfinishedJobs() async throws -> [ConsoleJob] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM console_job WHERE state IN ('queued', 'running') ORDER BY id").map(Self.job)
        }
    }

    public func recordAction(_ action: ConsoleAction) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO console_action (at, account_email, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
                arguments: [action.at.timeIntervalSince1970, action.accountEmail, action.action, action.subject, action.detail])
        }
    }

    public func actions(limit: Int) async throws -> [ConsoleAction] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM console_action ORDER BY seq DESC LIMIT ?", arguments: [limit]).map { row in
                ConsoleAction(
                    at: Date(timeIntervalSince1970: row["at"]), accountEmail: row["account_email"], action: row["action"],
                    subject: row["subject"], detail: row["detail"])
            }
        }
    }

    /// `write` that hands back what `body` returns.
    private func writeReturning<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.write(body)
        } catch let error as RegistryError {
            throw error
        } catch {
            throw RegistryError.storage("cannot write to the registry: \(Self.describe(error))")
        }
    }
}
