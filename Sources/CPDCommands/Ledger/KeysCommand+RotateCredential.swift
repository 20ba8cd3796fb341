import ArgumentParser
import CPDBadges
import CPDCore
import CPDOperations
import Foundation

extension KeysCommand {
    /// `cpdcert keys rotate-credential`: a new credential signing key; the old one's public half
    /// stays published, so every credential it signed still verifies.
    struct RotateCredential: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-credential",
            abstract: "Replace the Open Badges credential signing key with a new one; credentials signed before still verify.",
            discussion: """
                The registry keeps the old key's public half and the new one's, so the DID document `serve` publishes \
                lists both (the new one first); the status list is signed again with the new key, and every credential \
                issued from now on is. The old private key is kept beside the new one as credential.key.retired-<time>: \
                destroy it, or store it offline, once you have a backup of the new one.
                """)

        @OptionGroup var registry: RegistryOptions
        @OptionGroup var keys: KeyOptions

        func run() async throws {
            let file = keys.credentialKeyFile
            guard let previous = try keys.credentialKey() else {
                Console.error("there is no credential key at \(file.path) to rotate; `cpdcert keys init` makes one")
                throw ExitStatus.usage
            }
            let key: CredentialKey
            do {
                key = try CredentialKey.generate()
            } catch {
                Console.error("cannot make a credential key: \(error)")
                throw ExitStatus.ioError
            }
            // The new key is on disk before the registry names it, and takes the old one's name last.
            let fresh = file.appendingPathExtension("new")
            let stamp = TransparencyEntry.timestamp(Date()).replacingOccurrences(of: ":", with: "")
            let retired = file.deletingLastPathComponent().appendingPathComponent(file.lastPathComponent + ".retired-\(stamp)")
            try? FileManager.default.removeItem(at: fresh)
            guard
                FileManager.default.createFile(atPath: fresh.path, contents: Data(key.pemText.utf8), attributes: [.posixPermissions: 0o600])
            else {
                Console.error("cannot write the new credential key to \(fresh.path)")
                throw ExitStatus.ioError
            }
            let operations = Operations(registry: try await registry.open(), credentialKey: key)
            let published = try await operations.adoptCredentialKey(after: previous)
            do {
                try FileManager.default.moveItem(at: file, to: retired)
                try FileManager.default.moveItem(at: fresh, to: file)
            } catch {
                Console.error("cannot put the new key in place of \(file.path) (it is \(fresh.path)): \(error.localizedDescription)")
                throw ExitStatus.ioError
            }
            Console.print("Created a new credential key in \(file.path) (keep it secret and backed up): \(key.publicKey.thumbprint).")
            Console.print("The old key \(previous.publicKey.thumbprint) is kept as \(retired.path): destroy it or store it offline.")
            if published {
                Console.print("The DID document lists both keys; credentials signed with the old one still verify.")
            } else {
                Console.print("No credential was issued yet, so the old key signed nothing that needs it.")
            }
        }
    }
}
