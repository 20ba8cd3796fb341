public import CPDCore
public import Foundation
import NIOSSL
public import PostgresNIO

/// A PostgreSQL registry's address as PostgreSQL users write it: a `postgres://` (or
/// `postgresql://`) URL, `postgres://user@host:port/database?sslmode=verify-full`, with libpq's
/// defaults and environment (`PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGPASSWORD`,
/// `PGPASSFILE`, `PGSSLMODE`, `PGSSLROOTCERT`, `PGCONNECT_TIMEOUT`) for what the URL leaves out.
///
/// The password comes from the URL, else `PGPASSWORD`, else the password file (`passfile=` in
/// the URL, `PGPASSFILE`, or `~/.pgpass`, in libpq's `host:port:database:user:password` lines),
/// so it need not be on a command line. A host that begins with `/` (`?host=/var/run/postgresql`)
/// is the folder of the server's Unix socket.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    /// How the connection is encrypted and the server checked, as libpq's `sslmode`.
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode
    /// PEM file of the certificate authorities that sign the server's certificate (`sslrootcert`).
    public var rootCertificate: String?
    /// How long to wait for the server at start before saying it cannot be reached.
    public var connectTimeout: Duration

    /// True when `text` is a URL for PostgreSQL.
    public static func names(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// The location `text` names. - Throws: `RegistryError.storage` saying what is wrong with it.
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(RegistryError) {
        guard Self.names(text), let components = URLComponents(string: text) else {
            throw .storage("'\(Self.redacted(text))' is not a PostgreSQL URL (postgres://user@host:5432/database)")
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] { query[item.name] = item.value ?? "" }
        func setting(_ name: String, _ variable: String) -> String? {
            query[name].flatMap { $0.isEmpty ? nil : $0 } ?? environment[variable].flatMap { $0.isEmpty ? nil : $0 }
        }
        let known: Set<String> = ["host", "port", "user", "password", "dbname", "sslmode", "sslrootcert", "passfile", "connect_timeout"]
        if let unknown = query.keys.sorted().first(where: { !known.contains($0) }) {
            throw .storage(
                "the PostgreSQL URL's parameter '\(unknown)' is not one cpdcert knows (it reads \(known.sorted().joined(separator: ", ")))")
        }
        host = components.host.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding } ?? setting("host", "PGHOST") ?? "localhost"
        let portText = components.port.map(String.init) ?? setting("port", "PGPORT") ?? "5432"
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw .storage("the PostgreSQL port '\(portText)' is not a port number")
        }
        self.port = port
        user =
            components.user.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding } ?? setting("user", "PGUSER")
            ?? environment["USER"] ?? "postgres"
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.removingPercentEncoding.flatMap { $0.isEmpty ? nil : $0 } ?? setting("dbname", "PGDATABASE") ?? user
        let modeText = setting("sslmode", "PGSSLMODE") ?? "prefer"
        guard let mode = SSLMode(rawValue: modeText) else {
            throw .storage(
                "sslmode '\(modeText)' is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", ")) (PostgreSQL's sslmode)")
        }
        sslMode = mode
        rootCertificate = setting("sslrootcert", "PGSSLROOTCERT")
        let timeoutText = setting("connect_timeout", "PGCONNECT_TIMEOUT") ?? "10"
        guard let seconds = Int(timeoutText), seconds > 0 else {
            throw .storage("connect_timeout '\(timeoutText)' is not a number of seconds above 0")
        }
        connectTimeout = .seconds(seconds)
        password =
            components.password.flatMap { $0.removingPercentEncoding } ?? query["password"]
            // An empty PGPASSWORD is no password, as libpq reads it: the password file is asked.
            ?? environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        if password == nil {
            let file =
                setting("passfile", "PGPASSFILE") ?? environment["HOME"].map { $0 + "/.pgpass" } ?? ""
            password = Self.password(inFile: file, host: host, port: port, database: database, user: user)
        }
    }

    /// The URL without its password.
    public var description: String {
        let address = host.hasPrefix("/") ? "localhost/\(database)?host=\(host)&port=\(port)" : "\(host):\(port)/\(database)"
        return "postgres://\(user)@\(address)"
    }

    /// Where a connection goes, as the server is named in messages.
    public var server: String { host.hasPrefix("/") ? "the socket in \(host) (port \(port))" : "\(host):\(port)" }

    /// `text` with any password in it replaced, for messages.
    static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "xxxxx"
        return components.string ?? text
    }

    /// The first line of a libpq password file matching the connection (`*` matches anything).
    static func password(inFile path: String, host: String, port: Int, database: String, user: String) -> String? {
        guard !path.isEmpty, let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            // Fields are separated by ':'; '\:' and '\\' stand for ':' and '\'.
            var fields: [String] = [""]
            var escaped = false
            for character in line {
                if escaped {
                    fields[fields.count - 1].append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == ":" && fields.count < 5 {
                    fields.append("")
                } else {
                    fields[fields.count - 1].append(character)
                }
            }
            guard fields.count == 5 else { continue }
            let hostMatches = fields[0] == "*" || fields[0] == host || (fields[0] == "localhost" && host.hasPrefix("/"))
            if hostMatches, fields[1] == "*" || fields[1] == String(port), fields[2] == "*" || fields[2] == database,
                fields[3] == "*" || fields[3] == user
            {
                return fields[4]
            }
        }
        return nil
    }

    /// What `sslMode` asks for: no TLS (nil), or TLS with these settings, required or not.
    func tls() throws(RegistryError) -> (configuration: TLSConfiguration, required: Bool)? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch sslMode {
        case .disable:
            return nil
        case .allow, .prefer, .require:
            // libpq checks nothing in these modes (but checks the CA when sslrootcert is given to require).
            configuration.certificateVerification = rootCertificate != nil && sslMode == .require ? .noHostnameVerification : .none
        case .verifyCA:
            configuration.certificateVerification = .noHostnameVerification
        case .verifyFull:
            configuration.certificateVerification = .fullVerification
        }
        if let rootCertificate {
            do {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(rootCertificate))
            } catch {
                throw .storage("cannot read the certificate authorities in sslrootcert \(rootCertificate): \(error)")
            }
        }
        return (configuration, ![.allow, .prefer].contains(sslMode))
    }

    /// A single connection's TLS settings.
    private func connectionTLS() throws(RegistryError) -> PostgresConnection.Configuration.TLS {
        guard let (configuration, required) = try tls() else { return .disable }
        do {
            let context = try NIOSSLContext(configuration: configuration)
            return required ? .require(context) : .prefer(context)
        } catch {
            throw .storage("cannot set up TLS for PostgreSQL (sslmode \(sslMode.rawValue)): \(error)")
        }
    }

    /// The pool's TLS settings.
    private func clientTLS() throws(RegistryError) -> PostgresClient.Configuration.TLS {
        guard let (configuration, required) = try tls() else { return .disable }
        return required ? .require(configuration) : .prefer(configuration)
    }

    /// A single connection's configuration (the start-up check, migrations).
    func connectionConfiguration() throws(RegistryError) -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if host.hasPrefix("/") {
            configuration = .init(
                unixSocketPath: "\(host)/.s.PGSQL.\(port)", username: user, password: password, database: database)
        } else {
            configuration = .init(host: host, port: port, username: user, password: password, database: database, tls: try connectionTLS())
        }
        configuration.options.connectTimeout = .seconds(connectTimeout.components.seconds)
        return configuration
    }

    /// The pool's configuration, `connections` at most.
    func clientConfiguration(connections: Int) throws(RegistryError) -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if host.hasPrefix("/") {
            configuration = .init(
                unixSocketPath: "\(host)/.s.PGSQL.\(port)", username: user, password: password, database: database)
        } else {
            configuration = .init(host: host, port: port, username: user, password: password, database: database, tls: try clientTLS())
        }
        configuration.options.connectTimeout = connectTimeout
        configuration.options.maximumConnections = connections
        configuration.options.connectionIdleTimeout = .seconds(60)
        return configuration
    }
}
