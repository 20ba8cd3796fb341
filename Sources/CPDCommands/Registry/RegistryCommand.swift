import ArgumentParser
import CPDCore
import CPDPostgres
import Foundation

/// `cpdcert registry init`: the registry itself, in a SQLite file or a PostgreSQL database.
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry", abstract: "Create or migrate the registry (a SQLite file or a PostgreSQL database).",
        subcommands: [InitCommand.self])

    struct InitCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create the registry's schema, or migrate an older one forward, and say what it holds.",
            discussion: """
                Every writing command migrates the registry forward too; init does only that, so that an operator can \
                create a PostgreSQL registry (as its owner) before runners and servers with fewer privileges use it. \
                A registry that a newer cpdcert migrated is refused.
                """)

        @OptionGroup var registry: RegistryOptions

        func run() async throws {
            let store = try await registry.open()
            let size = try await store.logSize()
            let checkpoint = try await store.latestCheckpoint()
            var lines = ["Registry ready: \(registry.display)"]
            if let postgres = store as? PostgresCertificateRegistry {
                let schema = try await postgres.schema()
                lines.append("  \(schema.server); schema: \(schema.migrations.joined(separator: ", "))")
            }
            lines.append(
                "  transparency log: \(size) \(size == 1 ? "entry" : "entries")"
                    + (checkpoint.map { "; latest checkpoint at size \($0.size)" } ?? "; no checkpoint yet"))
            for line in lines { Console.print(line) }
        }
    }
}
