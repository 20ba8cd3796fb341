import ArgumentParser
import CPDCore
import CPDLedger
import CPDPostgres
import CPDRegistry
import Foundation

/// `cpdcert registry init`: the registry itself, in a SQLite file or a PostgreSQL database.
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry", abstract: "Create or migrate the registry (a SQLite file or a PostgreSQL database).",
        subcommands: [InitCommand.self, CopyCommand.self])

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

    struct CopyCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "copy",
            abstract: "Copy a whole registry into an empty one: a SQLite file into PostgreSQL, or PostgreSQL into a file.",
            discussion: """
                The log is replayed entry by entry on the copy, which so appends the same entries and must end with the \
                same size and root (printed for both; the copy fails otherwise), then event definitions, the archive of \
                rendering inputs, the latest checkpoint, credential keys and status list and the delivery log are copied. \
                The source is only read; the copy must be a new file or an empty database. Run cpdcert audit verify on \
                the copy after. Not copied: the console's accounts and events, earlier checkpoints, and an event's \
                definitions before its latest correction.
                """)

        @Option(help: ArgumentHelp("The registry to copy: a SQLite file or a PostgreSQL URL.", valueName: "path-or-url"))
        var from: String

        @Option(help: ArgumentHelp("Where to copy it: a new SQLite file or an empty PostgreSQL database.", valueName: "path-or-url"))
        var to: String

        func run() async throws {
            guard RegistryOptions.display(from) != RegistryOptions.display(to) else {
                Console.error("--from and --to name the same registry")
                throw ExitStatus.usage
            }
            if !PostgresLocation.names(from), !FileManager.default.fileExists(atPath: from) {
                Console.error("no registry at \(from)")
                throw ExitStatus.noInput
            }
            if !PostgresLocation.names(to), FileManager.default.fileExists(atPath: to) {
                Console.error("\(to) exists already; copy into a new file")
                throw ExitStatus.usage
            }
            let source = try await RegistryOptions.opened(from, readOnly: true).registry
            let target = try await RegistryOptions.opened(to).registry
            let started = ContinuousClock.now
            do {
                let copied = try await RegistryCopier(from: source, to: target).copy()
                let seconds = (ContinuousClock.now - started).components.seconds
                Console.print(
                    """
                    Copied \(RegistryOptions.display(from)) to \(RegistryOptions.display(to)) in \(seconds) s: \(copied.certificates) \
                    certificates, \(copied.statusChanges) status changes, \(copied.attendanceRecords) attendance records, \
                    \(copied.credentials) credentials, \(copied.events) event definitions, \(copied.renderingInputs) renderings \
                    archived, \(copied.deliveries) delivery attempts.
                    log size: \(copied.logSize) (both)
                    root of \(RegistryOptions.display(from)): \(copied.sourceRoot?.hex ?? "(empty log)")
                    root of \(RegistryOptions.display(to)): \(copied.targetRoot?.hex ?? "(empty log)")
                    The roots are equal. Check the copy with: cpdcert audit verify --registry \(RegistryOptions.display(to))
                    """)
            } catch let error as RegistryCopier.Failure {
                Console.error("cannot copy \(RegistryOptions.display(from)): \(error.description)")
                throw ExitStatus.dataError
            }
        }
    }
}
