import ArgumentParser
import CPDBadges
import Foundation

/// `cpdcert verify-credential FILE`: checks an Open Badges credential offline, as a wallet would.
struct VerifyCredentialCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-credential",
        abstract: "Check an Open Badges 3.0 credential (<ID>.credential.jwt): signature, issuer DID, dates and status list.",
        discussion: """
            The issuer's keys come from its DID document (--did, the /.well-known/did.json the verification host serves, \
            saved), or a key file (--key, the credential key or its public half). With --status (the /status/1 list, saved) \
            the credential's bit is checked too.
            Exit status: 0 valid; 2 revoked or superseded; 4 valid, but no status list was given; 65 not valid (altered, \
            another key, not yet valid or expired); 66 a file cannot be read.
            """)

    @Argument(help: "The credential file (a compact JWS).")
    var file: String

    @Option(help: ArgumentHelp("The issuer's DID document (did.json).", valueName: "file"))
    var did: String?

    @Option(help: ArgumentHelp("A PEM key file: the credential key or its public key.", valueName: "file"))
    var key: String?

    @Option(help: ArgumentHelp("The status list credential (the JWS served at /status/1).", valueName: "file"))
    var status: String?

    func run() async throws {
        let text = try read(file)
        let keys = try issuerKeys(for: text)
        let report: CredentialVerifier.Report
        do {
            report = try CredentialVerifier.verify(text, keys: keys, now: Date())
        } catch {
            Console.error("\(file): \(error)")
            throw ExitStatus.dataError
        }
        Console.print("Credential of certificate \(report.certificateID) for \(report.subjectName)")
        Console.print("Signature: verified with \(report.keyID)")
        Console.print("Issuer: \(report.issuer); valid from \(report.validFrom)")
        guard let status else {
            Console.print("Status: not checked (give --status with the list at \(report.statusListURL ?? "its status list"))")
            throw ExitStatus.statusNotProven
        }
        do {
            if try CredentialVerifier.isRevoked(report, statusListJWS: try read(status), keys: keys) {
                Console.print("Status: revoked or superseded (bit \(report.statusIndex ?? -1) is set)")
                throw ExitStatus.notInForce
            }
        } catch let error as CredentialError {
            Console.error("\(status): \(error)")
            throw ExitStatus.dataError
        }
        Console.print("Status: valid (bit \(report.statusIndex ?? -1) is clear)")
    }

    private func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            Console.error("cannot read \(path); check the path")
            throw ExitStatus.noInput
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The keys by verification method id, from the DID document or the key file.
    private func issuerKeys(for text: String) throws -> [String: CredentialPublicKey] {
        if let did {
            guard let document = try JSONSerialization.jsonObject(with: Data(try read(did).utf8)) as? [String: Any] else {
                Console.error("\(did) is not a DID document (a JSON object)")
                throw ExitStatus.dataError
            }
            return DIDDocument.keys(in: document)
        }
        guard let key else {
            Console.error("give the issuer's DID document (--did did.json) or its key (--key FILE) to check the signature")
            throw ExitStatus.usage
        }
        let pem = try read(key)
        guard let publicKey = (try? CredentialKey(pemText: pem))?.publicKey ?? (try? CredentialPublicKey(pemText: pem)) else {
            Console.error("\(key) is not an RSA credential key (PEM)")
            throw ExitStatus.dataError
        }
        // The key file names no DID: it stands for the issuer the credential names.
        guard let kid = try? CompactJWS(parsing: text).keyID() else { return [:] }
        return [kid: publicKey]
    }
}
