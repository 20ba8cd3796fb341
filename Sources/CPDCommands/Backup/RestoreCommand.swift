import ArgumentParser
import CPDCore
import CPDRegistry
import Foundation

/// `cpdcert restore --from FILE`: puts a verified backup in place of the registry.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Put a backup in place of the registry, keeping the registry it replaces.",
        discussion: """
            The backup must pass the checks of audit verify first. The registry must not be in use: stop \
            cpdcert serve and any batch (a process with the registry open would go on writing to, or reading \
            from, the file it opened). A registry whose log is longer than the backup's, or differs from it, \
            is replaced only with --force. The replaced registry is kept as REGISTRY.before-restore-<time>.

            Exit status: 0 restored; 64 the registry is in use, or newer than the backup (pass --force); \
            65 the backup failed a check; 66 no such backup; 74 a file cannot be read or written.
            """)

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var keys: KeyOptions

    @Option(help: ArgumentHelp("The backup file to restore.", valueName: "file"))
    var from: String

    @Flag(help: "Replace a registry whose log is longer than the backup's or differs from it.")
    var force = false

    func run() async throws {
        guard FileManager.default.fileExists(atPath: from) else {
            Console.error("\(from): no such backup file")
            throw ExitStatus.noInput
        }
        let (backup, problems, notes) = try await BackupCheck(file: from, verifier: try keys.verifier(nil)).problems()
        for note in notes { Console.print(Console.line("NOTE \(note)")) }
        guard problems.isEmpty else {
            for problem in problems { Console.print(Console.line("PROBLEM \(problem)")) }
            Console.error("\(from) failed \(problems.count) check(s); nothing was restored")
            throw ExitStatus.dataError
        }
        let target = try registry.file(
            for: "cpdcert restore", instead: "restore PostgreSQL with its own tools (pg_restore), then run cpdcert audit verify on it")
        if let pid = RegistryFiles.holder(of: target) {
            Console.error("\(target) is in use by process \(pid); stop cpdcert serve and any batch using it, then restore")
            throw ExitStatus.usage
        }
        var kept: String?
        if FileManager.default.fileExists(atPath: target) {
            if let current = try? RegistryLocation(target).snapshot(), !force {
                if current.logSize > backup.logSize || (current.logSize == backup.logSize && current.logRoot != backup.logRoot) {
                    Console.error(
                        "\(target) holds \(current), newer than or different from the backup's \(backup); "
                            + "pass --force to replace it (it is kept beside it)")
                    throw ExitStatus.usage
                }
            }
            kept = target + ".before-restore-" + Self.stamp(Date())
        }
        try RegistryFiles.replace(target, with: from, keeping: kept ?? target + ".before-restore")
        // Opened once for writing: migrated if the backup is older, and given its -wal and -shm
        // files, so servers in a folder they cannot write can open it.
        _ = try await registry.open(readOnly: false)
        Console.print(
            "Restored \(from) to \(target): \(backup)." + (kept.map { " The registry it replaced is kept as \($0)." } ?? ""))
    }

    /// `20260916T093000Z`.
    static func stamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }
}
