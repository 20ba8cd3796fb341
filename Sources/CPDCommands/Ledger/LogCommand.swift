import ArgumentParser
import CPDCore
import CPDLedger
import CPDRegistry
import Foundation

/// `cpdcert log checkpoint`: signs the log's current size and root.
struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "The transparency log.", subcommands: [CheckpointCommand.self])

    struct CheckpointCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "checkpoint", abstract: "Sign and store a checkpoint of the log now, and print it (save it to audit later).")

        @OptionGroup var registry: RegistryOptions
        @OptionGroup var keys: KeyOptions

        func run() async throws {
            guard let key = try keys.signingKey() else {
                Console.error("no signing key in \(keys.folder.path); create one with 'cpdcert keys init --name <origin>'")
                throw ExitStatus.configError
            }
            let store = try registry.open()
            do {
                let checkpoint = try await Checkpointer.checkpoint(store, key: key)
                Console.write(checkpoint.note, to: STDOUT_FILENO)
            } catch let conflict as CheckpointConflict {
                Console.error(conflict.description)
                throw ExitStatus.dataError
            }
        }
    }
}

/// Signs a checkpoint after a write when a key exists; says so when none does.
enum AutoCheckpoint {
    static func after(_ registry: any CertificateRegistry, keys: KeyOptions, quiet: Bool) async throws {
        guard let key = try keys.signingKey() else {
            if !quiet {
                Console.error(
                    "note: no log signing key in \(keys.folder.path), so no checkpoint signs the log: the certificates are "
                        + "recorded, but nobody can yet prove later that the registry was not rewritten, and 'cpdcert audit "
                        + "verify' reports the log as unsigned. Create the key once with 'cpdcert keys init --name <origin>' "
                        + "(your verification host, e.g. verify.example.org/cpdcert); every later run signs, and "
                        + "'cpdcert log checkpoint' signs the log as it stands now.")
            }
            return
        }
        do {
            try await Checkpointer.checkpoint(registry, key: key)
        } catch let conflict as CheckpointConflict {
            // Nothing new was logged since another key signed: the work is done, only this signature is not kept.
            Console.error("warning: \(conflict.description)")
        }
    }
}
