import CPDCore
import CPDOperations
import CPDRender
import Foundation

/// Each certificate's PDF as issued, to attach: the file in the folder of issued PDFs when it
/// hashes to the registry's SHA-256, else drawn again from the registry's archive of rendering
/// inputs and checked the same way. Never a PDF that is not the one issued.
final class IssuedPDFs {
    private let folder: URL?
    private let loader: ArchivedRenderingLoader
    /// Renderers by archived inputs: one event's certificates share one.
    private var renderers: [String: CairoCertificateRenderer] = [:]

    init(folder: URL?, archive: any RenderingArchive) {
        self.folder = folder
        loader = ArchivedRenderingLoader(archive: archive)
    }

    /// The PDF of `certificate`.
    /// - Throws: a `Problem` saying why there is none that hashes as issued.
    func pdf(of certificate: Certificate) async throws -> Data {
        if let folder, let data = FileManager.default.contents(atPath: folder.appendingPathComponent(certificate.fileName).path),
            Hex.sha256(data) == certificate.pdfSHA256
        {
            return data
        }
        let rendering: ArchivedRendering?
        do {
            rendering = try await loader.rendering(of: certificate)
        } catch {
            throw Problem(description: "\(error)")
        }
        guard let rendering else {
            throw Problem(
                description:
                    "its PDF is not in the folder of issued PDFs (or was altered) and it was issued before the archive of rendering inputs; pass the folder of its issued PDFs with --pdfs"
            )
        }
        do {
            let key = rendering.inputs.sha256
            let renderer = try renderers[key] ?? ArchivedRenderers.inProcess(rendering)
            renderers[key] = renderer
            return try Recreation.pdf(of: certificate, from: rendering) { try renderer.render($0) }
        } catch {
            throw Problem(description: "\(error)")
        }
    }

    struct Problem: Error, CustomStringConvertible {
        var description: String
    }
}
