import ArgumentParser
import CPDBadges
import CPDLedger
import Foundation

/// `--keys DIR`: where the log's signing key lives (default $CPDCERT_KEYS, else ./cpdcert-keys).
struct KeyOptions: ParsableArguments {
    @Option(
        name: .customLong("keys"),
        help: ArgumentHelp(
            "Folder of the log signing key (default: $CPDCERT_KEYS, else the configuration's keys, else ./cpdcert-keys).", valueName: "dir")
    )
    var keysFolder: String?

    @Option(
        name: .customLong("credential-key"),
        help: ArgumentHelp(
            "The Open Badges credential signing key, RSA PEM (default: $CPDCERT_CREDENTIAL_KEY, else credential.key in the keys folder).",
            valueName: "file"))
    var credentialKeyPath: String?

    var folder: URL {
        URL(fileURLWithPath: keysFolder ?? Settings.current.text("keys") ?? "cpdcert-keys")
    }

    var privateKeyFile: URL { folder.appendingPathComponent("log.key") }
    var publicKeyFile: URL { folder.appendingPathComponent("log.pub") }
    var credentialKeyFile: URL {
        (credentialKeyPath ?? Settings.current.text("credential_key")).map { URL(fileURLWithPath: $0) }
            ?? folder.appendingPathComponent("credential.key")
    }

    /// The credential signing key, or nil when none was created: certificates are then issued without credentials.
    func credentialKey() throws -> CredentialKey? {
        guard let data = FileManager.default.contents(atPath: credentialKeyFile.path) else { return nil }
        do {
            return try CredentialKey(pemText: String(decoding: data, as: UTF8.self))
        } catch {
            Console.error("\(credentialKeyFile.path): \(error)")
            throw ExitStatus.configError
        }
    }

    /// The signing key, or nil when none was created yet.
    func signingKey() throws -> LogKey? {
        guard let data = FileManager.default.contents(atPath: privateKeyFile.path) else { return nil }
        do {
            return try LogKey(privateKeyText: String(decoding: data, as: UTF8.self))
        } catch {
            Console.error("\(privateKeyFile.path): \(error)")
            throw ExitStatus.configError
        }
    }

    /// The verifier key from `text` (a key or a file holding one), else from the key folder.
    func verifier(_ text: String?) throws -> LogVerifier? {
        var source = text
        if let text, FileManager.default.fileExists(atPath: text) {
            source = FileManager.default.contents(atPath: text).map { String(decoding: $0, as: UTF8.self) }
        } else if text == nil {
            source = FileManager.default.contents(atPath: publicKeyFile.path).map { String(decoding: $0, as: UTF8.self) }
        }
        guard let source else { return nil }
        do {
            return try LogVerifier(text: source)
        } catch {
            Console.error("\(error)")
            throw ExitStatus.configError
        }
    }
}
