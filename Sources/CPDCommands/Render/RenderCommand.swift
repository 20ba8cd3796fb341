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
            It is drawn from the registry's archive of what it was issued with (template, assets and font files, by \
            SHA-256), never from the Templates and Assets folders or the system's fonts; a certificate issued before the \
            archive needs its template unchanged. The new PDF must hash to the stored SHA-256; otherwise nothing is \
            written. Exit status: 0 written; 1 no such certificate; 64 malformed ID; 65 it cannot be re-created byte for \
            byte; 74 the file cannot be written.
            """)

    @Argument(help: "The certificate ID.")
    var id: String

    @Option(help: ArgumentHelp("The PDF file to write.", valueName: "file"))
    var out: String

    @OptionGroup var resources: TemplateOptions

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        let certificateID = try LedgerInput.id(id)
        let store = try await registry.open(readOnly: true)
        guard let certificate = try await store.certificate(id: certificateID) else {
            Console.error("no certificate \(certificateID) in \(registry.display)")
            throw ExitStatus.notFound
        }
        let pdf: Data
        let rendering: ArchivedRendering?
        // Holds the folder the archived fonts are written to until the command ends.
        let loader = ArchivedRenderingLoader(archive: store)
        defer { withExtendedLifetime(loader) {} }
        do {
            rendering = try await loader.rendering(of: certificate)
        } catch {
            Console.error("\(error)")
            throw ExitStatus.dataError
        }
        if let rendering {
            // Drawn from the archive alone: the Templates and Assets folders and the system's
            // fonts play no part.
            do {
                let renderer = try ArchivedRenderers.inProcess(rendering)
                pdf = try Recreation.pdf(of: certificate, from: rendering) { try renderer.render($0) }
            } catch {
                Console.error("\(error)")
                throw ExitStatus.dataError
            }
        } else {
            let package = try resources.loadTemplate(certificate.templateName)
            let renderer = try resources.renderer(for: package)
            do {
                pdf = try Recreation.pdf(of: certificate, templateHash: Hex.sha256(package.hashInput)) { try renderer.render($0) }
            } catch {
                Console.error(error.description)
                throw ExitStatus.dataError
            }
        }
        try AtomicFile.write(pdf, to: URL(fileURLWithPath: out))
        Console.print("Wrote \(out): the PDF of \(certificateID) as issued (SHA-256 \(certificate.pdfSHA256)).")
        if certificate.status != .valid { Console.error("note: \(certificateID) is \(certificate.status.rawValue)") }
    }
}
