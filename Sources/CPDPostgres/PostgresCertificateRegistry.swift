public import CPDCore
import CPDRegistry
public import Foundation
public import Logging
import NIOCore
import PostgresNIO

/// The certificate registry in a PostgreSQL database, through postgres-nio's connection pool:
/// the same ports as the SQLite file, for several runners and verification servers at once.
///
/// ```swift
/// let registry = try await PostgresCertificateRegistry.open(PostgresLocation("postgres://cpdcert@db.example.org/cpdcert"))
/// try await registry.insert([certificate])
/// ```
/// Every write runs in one transaction; those that append to the transparency log first lock
/// the log's head row (see `PostgresSchema`), so the log stays one gap-free sequence under any
/// number of writers, each entry committed with the change it records.
public final class PostgresCertificateRegistry: CertificateRegistry, PDFHashLookup {
    let client: PostgresClient
    /// Where the database is, for messages.
    public let location: PostgresLocation
    let logger: Logger
    /// Runs the pool (`PostgresClient.run()`) while the registry lives.
    private let running: Task<Void, Never>
    /// How long a read or a write may wait (for a connection, the server's answer) before it fails
    /// with `RegistryError.unavailable`, rather than wait forever for a server that is down.
    let deadline: Duration

    private init(client: PostgresClient, location: PostgresLocation, logger: Logger, deadline: Duration) {
        self.client = client
        self.location = location
        self.logger = logger
        self.deadline = deadline
        running = Task { await client.run() }
    }

    deinit { running.cancel() }

    /// Connects to the database `location` names, checking within its connect timeout that the
    /// server answers and accepts the user; migrates the schema forward unless `readOnly` (then a
    /// schema not fully migrated is refused). A newer schema than this build knows is refused.
    /// - Parameters:
    ///   - connections: the most connections the pool opens.
    ///   - deadline: how long any later read or write may wait.
    public static func open(
        _ location: PostgresLocation, readOnly: Bool = false, connections: Int = 8, deadline: Duration = .seconds(30),
        logger: Logger = Logger(label: "cpdcert.postgres")
    ) async throws(RegistryError) -> PostgresCertificateRegistry {
        let configuration = try location.connectionConfiguration()
        let connection: PostgresConnection
        do {
            connection = try await within(location.connectTimeout + .seconds(1), "connect to PostgreSQL at \(location.server)") {
                try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
            }
        } catch {
            throw .storage("cannot open the registry \(location): \(describe(error))")
        }
        do {
            try await PostgresMigrator.migrate(connection, location: location, readOnly: readOnly, logger: logger)
            try? await connection.close()
        } catch {
            try? await connection.close()
            throw translate(error, doing: "prepare the registry \(location)")
        }
        let client = PostgresClient(configuration: try location.clientConfiguration(connections: connections), backgroundLogger: logger)
        return PostgresCertificateRegistry(client: client, location: location, logger: logger, deadline: deadline)
    }

    /// The server's version and the migrations applied, oldest first.
    public func schema() async throws -> (server: String, migrations: [String]) {
        let logger = self.logger
        return try await read { connection in
            let version = try await Self.column(
                "SELECT 'PostgreSQL ' || current_setting('server_version')", String.self, on: connection, logger: logger)
            return (version.first ?? "PostgreSQL", try await PostgresMigrator.appliedNames(connection, logger: logger))
        }
    }

    // MARK: Running queries

    /// Runs `body` on a pooled connection, within the deadline, translating the driver's errors.
    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let client = self.client
        do {
            return try await Self.within(deadline, "read the registry \(location)") {
                try await client.withConnection { connection in try await body(connection) }
            }
        } catch {
            throw Self.translate(error, doing: "read the registry \(location)")
        }
    }

    /// Runs `body` in a transaction on a pooled connection, within the deadline: committed when it
    /// returns, rolled back when it throws.
    func write<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let client = self.client, logger = self.logger
        do {
            return try await Self.within(deadline, "write to the registry \(location)") {
                try await client.withTransaction(logger: logger) { connection in try await body(connection) }
            }
        } catch {
            throw Self.translate(error, doing: "write to the registry \(location)")
        }
    }

    /// A deadline passed.
    struct DeadlinePassed: Error, CustomStringConvertible {
        var what: String
        var limit: Duration
        var description: String { "could not \(what) within \(limit.components.seconds) s" }
    }

    /// `body`'s result, or `DeadlinePassed` once `limit` has passed (`body` is cancelled then).
    static func within<T: Sendable>(_ limit: Duration, _ what: String, _ body: @escaping @Sendable () async throws -> T)
        async throws -> T
    {
        // Not a task group: a group waits for every child, and a query on a connection the
        // server dropped mid-restart was seen to ignore cancellation, so a batch hung for ever past
        // its deadline. The first of the body and the timer to finish answers; the other is cancelled and left.
        let race = FirstOf<T>()
        let work = Task {
            do {
                race.finish(.success(try await body()))
            } catch {
                race.finish(.failure(error))
            }
        }
        let timer = Task {
            try? await Task.sleep(for: limit)
            race.finish(.failure(DeadlinePassed(what: what, limit: limit)))
        }
        defer {
            work.cancel()
            timer.cancel()
        }
        return try await withTaskCancellationHandler {
            try await race.value()
        } onCancel: {
            race.finish(.failure(CancellationError()))
        }
    }

    /// The driver's error as a registry error: what the server said, or why it could not be reached.
    static func translate(_ error: any Error, doing what: String) -> RegistryError {
        if let transaction = error as? PostgresTransactionError {
            // What failed first: BEGIN, the transaction's own work, or COMMIT.
            if let first = transaction.beginError ?? transaction.closureError ?? transaction.commitError {
                return translate(first, doing: what)
            }
        }
        if let error = error as? RegistryError { return error }
        if let error = error as? DeadlinePassed { return .unavailable(error.description) }
        if let error = error as? PSQLError, error.code != .server {
            return .unavailable("cannot \(what): \(describe(error))")
        }
        return .storage("cannot \(what): \(describe(error))")
    }

    /// What went wrong, in the server's words when it said something (PSQLError's own
    /// description hides everything).
    static func describe(_ error: any Error) -> String {
        if let error = error as? DeadlinePassed { return error.description }
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            let detail = error.serverInfo?[.detail].map { " (\($0))" } ?? ""
            return message + detail
        }
        switch error.code {
        case .connectionError, .serverClosedConnection, .uncleanShutdown:
            let underlying = error.underlying.map { ": \($0)" } ?? ""
            return "the connection failed\(underlying)"
        case .sslUnsupported:
            return "the server does not offer TLS, which sslmode asks for (sslmode=disable or prefer goes without)"
        case .authMechanismRequiresPassword:
            return "the server asks for a password: give it in PGPASSWORD or a password file (~/.pgpass, PGPASSFILE)"
        case .unsupportedAuthMechanism:
            return "the server asks for a way of signing in postgres-nio does not speak (use scram-sha-256 or md5)"
        case .poolClosed, .clientClosedConnection:
            return "the registry was closed"
        default:
            return "\(error.code)"
        }
    }

    /// The server's SQLSTATE and constraint of a failed statement.
    static func serverError(_ error: any Error) -> (state: String, constraint: String?, detail: String?)? {
        if let transaction = error as? PostgresTransactionError, let first = transaction.closureError ?? transaction.commitError {
            return serverError(first)
        }
        guard let error = error as? PSQLError, error.code == .server, let state = error.serverInfo?[.sqlState] else { return nil }
        return (state, error.serverInfo?[.constraintName], error.serverInfo?[.detail])
    }

    /// Every row of `query`, decoded by `decode`.
    static func rows<T>(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger, _ decode: (PostgresRow) throws -> T)
        async throws -> [T]
    {
        var result: [T] = []
        for try await row in try await connection.query(query, logger: logger) { result.append(try decode(row)) }
        return result
    }

    /// The first column of each row of `query`.
    static func column<T: PostgresDecodable>(_ query: PostgresQuery, _ type: T.Type, on connection: PostgresConnection, logger: Logger)
        async throws -> [T]
    {
        var result: [T] = []
        for try await value in try await connection.query(query, logger: logger).decode(T.self) { result.append(value) }
        return result
    }
}

/// The first result handed to it, to one waiter: the rest are dropped.
final class FirstOf<T: Sendable>: @unchecked Sendable {
    // @unchecked: `result` and `waiter` are only touched while holding `lock`.
    private let lock = NSLock()
    private var result: Result<T, any Error>?
    private var waiter: CheckedContinuation<T, any Error>?

    func finish(_ outcome: Result<T, any Error>) {
        let waiting: CheckedContinuation<T, any Error>? = lock.withLock {
            guard case .none = result else { return nil }
            result = outcome
            defer { waiter = nil }
            return waiter
        }
        waiting?.resume(with: outcome)
    }

    func value() async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<T, any Error>? = lock.withLock {
                if case .none = result { waiter = continuation }
                return result
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
