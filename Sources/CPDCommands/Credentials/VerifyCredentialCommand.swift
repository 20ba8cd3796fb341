import ArgumentParser
import CPDBadges
import CPDCore
import CPDHTTP
import Foundation

/// `cpdcert verify-credential FILE`: checks an Open Badges credential as a wallet would, online
/// (the issuer's did:web document and status list fetched) or offline (both given as files).
struct VerifyCredentialCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-credential",
        abstract: "Check an Open Badges 3.0 credential (<ID>.credential.jwt): signature, issuer DID, dates and status list.",
        discussion: """
            Online (neither --did nor --key): the issuer's did:web is resolved to https://<host>/.well-known/did.json and \
            the status list the credential names is fetched, each over https (plain http only to this machine), with \
            --timeout; --from URL fetches both from another origin (a mirror, or a local `cpdcert serve`).
            Offline: the issuer's keys come from its DID document (--did, the /.well-known/did.json the verification host \
            serves, saved), or a key file (--key, the credential key or its public half). With --status (the /status/1 \
            list, saved) the credential's bit is checked too.
            Exit status: 0 valid; 2 revoked or superseded; 4 valid, but no status list was given; 65 not valid (altered, \
            another key, not yet valid or expired), or a document fetched or given is not the issuer's (not JSON, not its \
            DID document, a status list it did not sign); 66 a file cannot be read; 69 the issuer's host cannot be \
            reached (name, connection, TLS, timeout); 76 the host answered an HTTP error (such as 404) in place of the \
            document.
            """)

    @Argument(help: "The credential file (a compact JWS).")
    var file: String

    @Option(help: ArgumentHelp("The issuer's DID document (did.json), offline.", valueName: "file"))
    var did: String?

    @Option(help: ArgumentHelp("A PEM key file: the credential key or its public key, offline.", valueName: "file"))
    var key: String?

    @Option(help: ArgumentHelp("The status list credential (the JWS served at /status/1), in place of fetching it.", valueName: "file"))
    var status: String?

    @Option(
        help: ArgumentHelp(
            "Fetch the DID document and status list from this origin in place of the host they name (https, or http to this machine).",
            valueName: "url"))
    var from: String?

    @Option(help: ArgumentHelp("Seconds to wait for each fetch (connecting, then the whole answer).", valueName: "seconds"))
    var timeout: Int = 10

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be at least 1 second, found \(timeout)") }
        if from != nil, did != nil || key != nil {
            throw ValidationError("--from fetches the issuer's documents; give it without --did or --key, which check offline")
        }
    }

    /// The online source, when the keys are not given as files.
    private func online() throws -> IssuerDocuments? {
        guard did == nil, key == nil else { return nil }
        var origin: URL?
        if let from {
            guard let url = URL(string: from), url.scheme != nil, url.host != nil else {
                Console.error("--from '\(from)' is not a URL such as https://verify.example.org")
                throw ExitStatus.usage
            }
            origin = url
        }
        do {
            return try IssuerDocuments(fetcher: CurlDocumentFetcher(timeout: timeout), origin: origin)
        } catch {
            Console.error("--from: \(error)")
            throw ExitStatus.usage
        }
    }

    func run() async throws {
        let text = try read(file)
        let documents = try online()
        let keys = try documents.map { try fetchedKeys(for: text, from: $0) } ?? issuerKeys(for: text)
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
        let list: (text: String, source: String)
        if let status {
            list = (try read(status), status)
        } else if let documents, let url = report.statusListURL {
            list = (try fetched("the status list") { try documents.statusList(url) }, url)
        } else {
            Console.print("Status: not checked (give --status with the list at \(report.statusListURL ?? "its status list"))")
            throw ExitStatus.statusNotProven
        }
        do {
            if try CredentialVerifier.isRevoked(report, statusListJWS: list.text, keys: keys) {
                Console.print("Status: revoked or superseded (bit \(report.statusIndex ?? -1) is set in \(list.source))")
                throw ExitStatus.notInForce
            }
        } catch let error as CredentialError {
            Console.error("\(list.source): \(error)")
            throw ExitStatus.dataError
        }
        Console.print("Status: valid (bit \(report.statusIndex ?? -1) is clear in \(list.source))")
    }

    private func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            Console.error("cannot read \(path); check the path")
            throw ExitStatus.noInput
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The keys of the issuer the credential names, from its did:web document online.
    private func fetchedKeys(for text: String, from documents: IssuerDocuments) throws -> [String: CredentialPublicKey] {
        let issuer: String
        do {
            issuer = try CredentialVerifier.claimedIssuer(text)
        } catch {
            Console.error("\(file): \(error)")
            throw ExitStatus.dataError
        }
        return try fetched("the issuer's DID document") { try documents.keys(of: issuer) }
    }

    /// `fetch`'s result; its failure said and turned into the documented exit status.
    private func fetched<T>(_ what: String, _ fetch: () throws -> T) throws -> T {
        do {
            return try fetch()
        } catch let error as FetchError {
            Console.error("\(what): \(error)")
            switch error {
            case .unreachable: throw ExitStatus.unavailable
            case .status: throw ExitStatus.remoteError
            case .refused: throw ExitStatus.dataError
            }
        } catch {
            Console.error("\(what): \(error)")
            throw ExitStatus.dataError
        }
    }

    /// The keys by verification method id, from the DID document or the key file.
    private func issuerKeys(for text: String) throws -> [String: CredentialPublicKey] {
        if let did {
            guard let document = try? JSONSerialization.jsonObject(with: Data(try read(did).utf8)) as? [String: Any] else {
                Console.error("\(did) is not a DID document (a JSON object)")
                throw ExitStatus.dataError
            }
            do {
                return try DIDDocument.assertionKeys(in: document, of: try CredentialVerifier.claimedIssuer(text))
            } catch {
                Console.error("\(did): \(error)")
                throw ExitStatus.dataError
            }
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
