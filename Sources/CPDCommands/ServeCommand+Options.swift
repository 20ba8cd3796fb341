import ArgumentParser
import CPDCore
import CPDServer
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension ServeCommand {
    /// The `--trust-forwarded-for` addresses, each an IPv4 or IPv6 address.
    func proxies() throws -> Set<String> {
        let addresses = trustForwardedFor.flatMap { $0.split(separator: ",") }.map { String($0).trimmingCharacters(in: .whitespaces) }
        for address in addresses where !Self.isIPAddress(address) {
            throw ValidationError(
                "--trust-forwarded-for takes the proxy's IP address (e.g. 127.0.0.1 or ::1), found '\(address)'")
        }
        return Set(addresses)
    }

    /// The `--metrics-address`, as host and port.
    func metricsListener() throws -> (host: String, port: Int)? {
        guard let metricsAddress else { return nil }
        let invalid = ValidationError("--metrics-address must be host:port, e.g. 127.0.0.1:9090 or [::1]:9090, found '\(metricsAddress)'")
        guard let colon = metricsAddress.lastIndex(of: ":"), let port = Int(metricsAddress[metricsAddress.index(after: colon)...]),
            (0...65535).contains(port)
        else { throw invalid }
        var host = String(metricsAddress[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains(where: \.isWhitespace) else { throw invalid }
        return (host, port)
    }

    static func isIPAddress(_ text: String) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return inet_pton(AF_INET, text, &buffer) == 1 || inet_pton(AF_INET6, text, &buffer) == 1
    }

    /// Ready while the registry file is still there, the same file, readable, and answers a read
    /// (an open SQLite file that was deleted or replaced goes on answering from the old file).
    static func readiness(of registry: any CertificateRegistry, at path: String) -> Readiness {
        let opened = fileIdentity(path)
        return Readiness {
            guard let identity = fileIdentity(path) else {
                throw ReadinessFailure(reason: "the registry file is missing", detail: "no file at \(path)")
            }
            guard identity == opened else {
                throw ReadinessFailure(
                    reason: "the registry file was replaced; restart the service to serve the new one",
                    detail: "\(path) is not the file opened at start")
            }
            guard access(path, R_OK) == 0 else {
                throw ReadinessFailure(reason: "the registry file cannot be read", detail: "\(path): permission denied")
            }
            do {
                _ = try await registry.logSize()
            } catch {
                throw ReadinessFailure(reason: "the registry cannot be read", detail: "\(error)")
            }
        }
    }

    /// The device and inode of the file at `path`; nil when there is none.
    private static func fileIdentity(_ path: String) -> [UInt64]? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return [UInt64(status.st_dev), UInt64(status.st_ino)]
    }
}
