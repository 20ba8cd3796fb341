import ArgumentParser
import CPDCore
import CPDOperations
import CPDRegistry
import CPDRender
import Foundation

/// `cpdcert render <ID> --out FILE`: one certificate's PDF drawn again from the registry's frozen
/// record, byte for byte as issued (for an attendee who lost theirs, or a PDF deleted by mistake).
struct RenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Write one certificate's PDF again, byte for byte as issued, from the registry's frozen record.",
        discussion: """
            The template it was issued with must be unchanged (its SHA-256 is kept with the certificate) and the new PDF must \
            hash to the stored SHA-256; otherwise nothing is written. Exit status: 0 written; 1 no such certificate; \
            64 malformed ID; 65 it cannot be re-created byte for byte; 74 the file cannot be written.
            """)

    @Argument(help: "The certificate ID.")
    var id: String

    @Option(help: ArgumentHelp("The PDF file to write.", valueName: "file"))
    var out: String

    @OptionGroup var resources: TemplateOptions

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        let certificateID = try LedgerInput.id(id)
        let store = try registry.open(readOnly: true)
        guard let certificate = try await store.certificate(id: certificateID) else {
            Console.error("no certificate \(certificateID) in \(registry.path)")
            throw ExitStatus.notFound
        }
        let package = try resources.loadTemplate(certificate.templateName)
        let renderer = try resources.renderer(for: package)
        let pdf: Data
        do {
            pdf = try Recreation.pdf(of: certificate, templateHash: Hex.sha256(package.hashInput)) { try renderer.render($0) }
        } catch {
            Console.error(error.description)
            throw ExitStatus.dataError
        }
        try AtomicFile.write(pdf, to: URL(fileURLWithPath: out))
        Console.print("Wrote \(out): the PDF of \(certificateID) as issued (SHA-256 \(certificate.pdfSHA256)).")
        if certificate.status != .valid { Console.error("note: \(certificateID) is \(certificate.status.rawValue)") }
    }
}
