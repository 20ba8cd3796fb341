import ArgumentParser
import CPDCore
import CPDRegistry
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `cpdcert backup --to FILE`: a consistent, verified copy of the registry, taken while it is in use.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the registry, while batches and servers use it, into one verified file.",
        discussion: """
            The copy is the registry as it stood at one instant (SQLite's online backup, inside one read \
            transaction), written beside FILE and renamed into place once it passes SQLite's integrity check, \
            every check of audit verify, and holds the same certificates, log size, log root and signed \
            checkpoint as the registry at that instant. The rendering archive is inside the registry; back up \
            the key folder (log.key) separately.

            Exit status: 0 backed up and verified; 64 FILE exists (pass --force); 65 the copy failed a check \
            (nothing is written); 74 the registry or FILE cannot be read or written.
            """)

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var keys: KeyOptions

    @Option(help: ArgumentHelp("The backup file to write.", valueName: "file"))
    var to: String

    @Flag(help: "Replace FILE if it exists.")
    var force = false

    func run() async throws {
        if FileManager.default.fileExists(atPath: to) && !force {
            Console.error("\(to) exists already; pass --force to replace it, or name a new file")
            throw ExitStatus.usage
        }
        let destination = URL(fileURLWithPath: to)
        let partial = destination.deletingLastPathComponent().appendingPathComponent(
            ".\(destination.lastPathComponent).partial-\(getpid())"
        ).path
        try? FileManager.default.removeItem(atPath: partial)
        defer { try? FileManager.default.removeItem(atPath: partial) }
        let source = try registry.file(
            for: "cpdcert backup",
            instead: "back PostgreSQL up with its own tools (pg_dump, base backups); cpdcert audit verify checks a restored copy")
        let snapshot = try RegistryLocation(source).backup(to: partial)
        let (_, problems, notes) = try await BackupCheck(file: partial, verifier: try keys.verifier(nil)).problems(expecting: snapshot)
        for note in notes { Console.print(Console.line("NOTE \(note)")) }
        guard problems.isEmpty else {
            for problem in problems { Console.print(Console.line("PROBLEM \(problem)")) }
            Console.error("the copy of \(registry.display) failed \(problems.count) check(s); \(to) was not written")
            throw ExitStatus.dataError
        }
        guard rename(partial, to) == 0 else {
            Console.error("cannot move the copy to \(to): \(String(cString: strerror(errno)))")
            throw ExitStatus.ioError
        }
        try RegistryFiles.flushFolder(of: to)
        Console.print("Backed up \(registry.display) to \(to): \(snapshot); verified (integrity, audit, same log as the registry).")
    }
}
