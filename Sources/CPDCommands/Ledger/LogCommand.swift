import ArgumentParser
import CPDCore
import CPDLedger
import CPDOperations
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
            let operations = Operations(registry: try await registry.open(), logKey: try keys.signingKey())
            do {
                let checkpoint = try await operations.signCheckpoint()
                Console.write(checkpoint.note, to: STDOUT_FILENO)
            } catch .noSigningKey {
                Console.error("no signing key in \(keys.folder.path); create one with 'cpdcert keys init --name <origin>'")
                throw ExitStatus.configError
            }
        }
    }
}

/// What a write's checkpoint came to, said when it matters: no key, or another key's signature kept.
enum AutoCheckpoint {
    static func report(_ outcome: CheckpointOutcome, keys: KeyOptions, quiet: Bool) {
        switch outcome {
        case .signed:
            break
        case .unsigned:
            if !quiet {
                Console.error(
                    "note: no log signing key in \(keys.folder.path), so no checkpoint signs the log: the certificates are "
                        + "recorded, but nobody can yet prove later that the registry was not rewritten, and 'cpdcert audit "
                        + "verify' reports the log as unsigned. Create the key once with 'cpdcert keys init --name <origin>' "
                        + "(your verification host, e.g. verify.example.org/cpdcert); every later run signs, and "
                        + "'cpdcert log checkpoint' signs the log as it stands now.")
            }
        case .conflict(let conflict):
            Console.error("warning: \(conflict.description)")
        }
    }
}
