import ArgumentParser
import CPDBadges
import CPDLedger
import Foundation

/// `cpdcert keys init`: creates the organiser's Ed25519 log signing key.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage the transparency log's signing key and the credential signing key.",
        subcommands: [Init.self, RotateCredential.self])

    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract:
                "Create the log signing key (log.key, owner-only) and its public verifier key (log.pub), and the Open Badges "
                + "credential signing key (credential.key, RSA, RS256), each unless it exists.")

        @Option(help: ArgumentHelp("Key name and checkpoint origin, e.g. policyforesight.example.org/cpdcert.", valueName: "name"))
        var name: String

        @OptionGroup var keys: KeyOptions

        func run() async throws {
            let madeCredentialKey = try makeCredentialKey()
            if FileManager.default.fileExists(atPath: keys.privateKeyFile.path) {
                if madeCredentialKey { return }
                Console.error(
                    "\(keys.privateKeyFile.path) exists already; a log keeps one key. Remove it only if you mean to start a new log.")
                throw ExitStatus.usage
            }
            let key: LogKey
            do {
                key = try LogKey.generate(name: name)
            } catch {
                Console.error("\(error)")
                throw ExitStatus.usage
            }
            do {
                try FileManager.default.createDirectory(
                    at: keys.folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                // Created owner-only from the start, so the private key is never readable by others.
                guard
                    FileManager.default.createFile(
                        atPath: keys.privateKeyFile.path, contents: Data((key.privateKeyText + "\n").utf8),
                        attributes: [.posixPermissions: 0o600])
                else { throw CocoaError(.fileWriteUnknown) }
                try Data((key.verifier.text + "\n").utf8).write(to: keys.publicKeyFile)
            } catch {
                Console.error("cannot write the key to \(keys.folder.path): \(error.localizedDescription)")
                throw ExitStatus.ioError
            }
            Console.print("Created \(keys.privateKeyFile.path) (keep it secret and backed up) and \(keys.publicKeyFile.path).")
            Console.print("Publish this verifier key so anyone can check your checkpoints:")
            Console.print(key.verifier.text)
        }

        /// Creates the credential key unless it exists; true when it made one.
        func makeCredentialKey() throws -> Bool {
            let file = keys.credentialKeyFile
            guard !FileManager.default.fileExists(atPath: file.path) else { return false }
            do {
                let key = try CredentialKey.generate()
                try FileManager.default.createDirectory(
                    at: file.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                guard
                    FileManager.default.createFile(
                        atPath: file.path, contents: Data(key.pemText.utf8), attributes: [.posixPermissions: 0o600])
                else { throw CocoaError(.fileWriteUnknown) }
            } catch {
                Console.error("cannot write the credential key to \(file.path): \(error.localizedDescription)")
                throw ExitStatus.ioError
            }
            Console.print("Created \(file.path), the Open Badges credential signing key (RSA, RS256; keep it secret and backed up).")
            return true
        }
    }
}
