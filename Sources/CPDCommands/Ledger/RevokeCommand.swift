import ArgumentParser
import CPDCore
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
        let certificateID = try LedgerInput.id(id)
        let store = try registry.open()
        let change = StatusChange(
            certificateID: certificateID, status: .revoked, reason: code, note: note, operatorName: LedgerInput.operatorName(operatorName),
            at: LedgerInput.now(), replacedBy: nil)
        do {
            try await store.changeStatus(change, replacement: nil)
        } catch let error as RegistryError {
            Console.error(error.description)
            throw error.isNotFound ? ExitStatus.notFound : ExitStatus.dataError
        }
        try await AutoCheckpoint.after(store, keys: keys, quiet: false)
        Console.print("Revoked \(certificateID): \(code.words).")
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

    static func operatorName(_ given: String?) -> String {
        let environment = ProcessInfo.processInfo.environment
        return given ?? environment["USER"] ?? environment["LOGNAME"] ?? "unknown"
    }

    /// Now, to the whole second (the log records whole seconds).
    static func now() -> Date {
        Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
    }
}

extension RegistryError {
    var isNotFound: Bool {
        if case .notFound = self { return true }
        return false
    }
}
