import ArgumentParser
import CPDCore
import CPDOperations
import CPDRegistry
import Foundation

/// `cpdcert revoke <ID> --reason <code>`: withdraws a certificate; nothing is deleted.
struct RevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke a certificate (its status becomes revoked; nothing is deleted).")

    @Argument(help: "The certificate ID.")
    var id: String

    @Option(help: ArgumentHelp("One of: \(RevocationReason.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "code"))
    var reason: String

    @Option(help: "A note kept in the registry (the public log holds only its hash).")
    var note: String?

    @Option(name: .customLong("operator"), help: "Who is revoking it (default: $USER).")
    var operatorName: String?

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var keys: KeyOptions

    func run() async throws {
        guard let code = RevocationReason(rawValue: reason) else {
            Console.error("--reason must be one of \(RevocationReason.allCases.map(\.rawValue).joined(separator: ", ")), found '\(reason)'")
            throw ExitStatus.usage
        }
        let operations = Operations(
            registry: try await registry.open(), logKey: try keys.signingKey(), credentialKey: try keys.credentialKey())
        let revocation = try await operations.revoke(
            try LedgerInput.id(id), reason: code, note: note, by: LedgerInput.operatorName(operatorName))
        AutoCheckpoint.report(revocation.checkpoint, keys: keys, quiet: false)
        Console.print("Revoked \(revocation.change.certificateID): \(code.words).")
        await StatusListNotice.warnIfUnsigned(operations, keys: keys)
    }
}

/// `cpdcert reinstate <ID> --reason <text>`: undoes a revocation made in error.
struct ReinstateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reinstate",
        abstract: "Undo a revocation made in error: the certificate is valid again.",
        discussion: "The history keeps the revocation and the reinstatement, and the log records both; it can be revoked again.")

    @Argument(help: "The certificate ID.")
    var id: String

    @Option(help: "Why the revocation is undone (kept in the registry; the public log holds only its hash).")
    var reason: String

    @Option(name: .customLong("operator"), help: "Who is reinstating it (default: $USER).")
    var operatorName: String?

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var keys: KeyOptions

    func run() async throws {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            Console.error("--reason must say why the revocation is undone")
            throw ExitStatus.usage
        }
        let operations = Operations(
            registry: try await registry.open(), logKey: try keys.signingKey(), credentialKey: try keys.credentialKey())
        let reinstatement = try await operations.reinstate(
            try LedgerInput.id(id), reason: reason, by: LedgerInput.operatorName(operatorName))
        AutoCheckpoint.report(reinstatement.checkpoint, keys: keys, quiet: false)
        Console.print("Reinstated \(reinstatement.change.certificateID): it is valid again.")
        await StatusListNotice.warnIfUnsigned(operations, keys: keys)
    }
}

/// Parsing shared by the commands that change a certificate.
enum LedgerInput {
    static func id(_ text: String) throws -> CertificateID {
        do {
            return try CertificateID(parsing: text)
        } catch {
            Console.error("'\(text)': \(error)")
            throw ExitStatus.usage
        }
    }

    /// Who is acting, recorded with each change: `--operator`, else `$USER`, else `$LOGNAME`,
    /// else "unknown". A blank one counts as not given, so no change is recorded as by nobody.
    static func operatorName(_ given: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let named = [given, environment["USER"], environment["LOGNAME"]].lazy.compactMap { $0?.trimmingWhitespace() }
        return named.first { !$0.isEmpty } ?? "unknown"
    }
}
