import ArgumentParser
import CPDCore
import CPDLedger
import CPDOperations
import CPDRegistry
import Foundation

/// `cpdcert proof <ID>`: the certificate's log entries with inclusion proofs, as JSON.
struct ProofCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof", abstract: "Print a certificate's inclusion proofs against the latest signed checkpoint (JSON).")

    @Argument(help: "The certificate ID.")
    var id: String

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        let certificateID = try LedgerInput.id(id)
        let store = try await registry.open(readOnly: true)
        do {
            let proof = try await CertificateProof.build(for: certificateID, in: store)
            Console.printJSON(String(decoding: try PublicCertificate.makeEncoder().encode(proof), as: UTF8.self))
        } catch let error as ProofError {
            Console.error(error.description)
            throw ExitStatus.notFound
        }
    }
}

/// `cpdcert bundle <ID> --out FILE`: everything to check a certificate offline.
struct BundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle", abstract: "Write an offline verification bundle: record, log entries, proofs, checkpoint, public key.")

    @Argument(help: "The certificate ID.")
    var id: String

    @Option(help: ArgumentHelp("Where to write the bundle.", valueName: "file"))
    var out: String

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var keys: KeyOptions

    func run() async throws {
        let certificateID = try LedgerInput.id(id)
        // The bundle carries a statement of the certificate's status signed now, so the private key is needed.
        guard let key = try keys.signingKey() else {
            Console.error(
                "no log key at \(keys.privateKeyFile.path); create it with 'cpdcert keys init' (the bundle's status is signed with it)")
            throw ExitStatus.configError
        }
        let store = try await registry.open(readOnly: true)
        do {
            let bundle = try await CertificateBundle.make(for: certificateID, registry: store, key: key)
            try AtomicFile.write(try CertificateBundle.encoder().encode(bundle), to: URL(fileURLWithPath: out))
        } catch let error as ProofError {
            Console.error(error.description)
            throw ExitStatus.notFound
        }
        Console.print("Wrote \(out): verify it anywhere with 'cpdcert verify-bundle \(out) --key log.pub [--pdf file.pdf]'.")
    }
}

/// `cpdcert verify-bundle FILE [--pdf FILE] [--key KEY]`: checks a bundle with no registry and no network.
struct VerifyBundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-bundle",
        abstract:
            "Check a verification bundle offline (signature, inclusion proofs, every field of the record, status, and optionally the PDF).",
        discussion: """
            Exit status: 0 verified against the pinned --key, status valid as signed at the checkpoint; 2 verified \
            but revoked or superseded; 3 no --key: the bundle checks only against its own key, so the issuer is \
            not authenticated; 4 valid as of issue, but the bundle has no signed status, so its current status is \
            not proven offline; 65 the bundle or PDF does not verify.
            """)

    @Argument(help: "The bundle file; - for standard input.")
    var bundle: String

    @Option(help: ArgumentHelp("A PDF to compare with the certificate as issued; - for standard input.", valueName: "file"))
    var pdf: String?

    @Option(help: ArgumentHelp("The organiser's verifier key (text or file), obtained independently; pins the log key.", valueName: "key"))
    var key: String?

    func run() async throws {
        let data = try InputFile.read(bundle, hint: "pass the bundle's file, or - to read it from standard input")
        let decoded: CertificateBundle
        do {
            decoded = try CertificateBundle.read(data)
        } catch {
            Console.error("NOT VERIFIED: \(bundle): \(error)")
            throw ExitStatus.dataError
        }
        var pdfData: Data?
        if let pdf {
            guard pdf != InputFile.standardInput || bundle != InputFile.standardInput else {
                Console.error("the bundle and --pdf cannot both be read from standard input; name one of them as a file")
                throw ExitStatus.usage
            }
            pdfData = try InputFile.read(pdf, hint: "pass the certificate's PDF with --pdf, or - to read it from standard input")
        }
        let trusted = try key.map { text throws in try KeyOptions().verifier(text) } ?? nil
        if trusted == nil {
            Console.print(
                "ISSUER NOT AUTHENTICATED: no --key was given, so the bundle was checked against its own key, which anyone can make; "
                    + "pass --key with the organiser's published key.")
        }
        let result: CertificateBundle.Verification
        do {
            result = try decoded.verify(pdf: pdfData, trusting: trusted, hashPDF: Hex.sha256)
        } catch {
            Console.error("NOT VERIFIED: \(error)")
            throw ExitStatus.dataError
        }
        Console.print("\(result.certificateID): logged as issued, in the log signed by \(result.keyName) at size \(result.checkpointSize).")
        if let statement = result.statement {
            Console.print(
                "Status: \(result.status.rawValue) (signed by \(result.keyName) at log size \(statement.size), "
                    + "\(TransparencyEntry.timestamp(statement.signedAt)))")
        } else if result.status == .valid {
            Console.print("Status: valid as of issue; current status not proven offline (the bundle has no signed status statement).")
        } else {
            Console.print("Status: \(result.status.rawValue) (logged)")
        }
        if let matches = result.pdfMatches {
            Console.print(matches ? "The PDF is exactly the certificate as issued." : "The PDF is NOT the certificate as issued.")
            if !matches { throw ExitStatus.dataError }
        }
        if !result.keyPinned { throw ExitStatus.issuerNotAuthenticated }
        if result.status != .valid { throw ExitStatus.notInForce }
        if result.statement == nil { throw ExitStatus.statusNotProven }
    }
}
