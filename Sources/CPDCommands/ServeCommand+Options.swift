import ArgumentParser
import CPDCore
import CPDServer
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension ServeCommand {
    /// The `serve.trust_forwarded_for` addresses (`--trust-forwarded-for`; checked with the settings).
    static func proxies(_ settings: Settings) -> Set<String> {
        Set(settings.text("serve.trust_forwarded_for").map(SettingDefinition.addresses) ?? [])
    }

    /// The `serve.metrics_address` (`--metrics-address`; checked with the settings), as host and port.
    static func metricsListener(_ settings: Settings) -> (host: String, port: Int)? {
        settings.text("serve.metrics_address").flatMap(SettingDefinition.hostPort)
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

    /// Ready while the database answers (within the registry's deadline): a server behind a load
    /// balancer is taken out while PostgreSQL restarts, and put back when it answers again.
    static func readiness(ofDatabase registry: any CertificateRegistry) -> Readiness {
        Readiness {
            do {
                _ = try await registry.logSize()
            } catch {
                throw ReadinessFailure(reason: "the registry's database cannot be reached", detail: "\(error)")
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
