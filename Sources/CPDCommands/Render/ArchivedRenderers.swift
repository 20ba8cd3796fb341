import CPDCore
import CPDImport
import CPDOperations
import CPDRender
import Foundation

/// Renderers for certificates drawn again from their archived inputs: the template parsed from
/// its archived bytes, its archived assets, and the archived font files alone.
enum ArchivedRenderers {
    /// The template package the archived inputs hold.
    static func package(_ rendering: ArchivedRendering) throws -> TemplatePackage {
        let name = rendering.inputs.templateName
        let template = try TemplateLoader.load(rendering.templateSource, name: name, fileName: "archived \(rendering.inputs.template.name)")
        return TemplatePackage(template: template, source: rendering.templateSource, assets: rendering.assets)
    }

    /// A renderer in this process.
    static func inProcess(_ rendering: ArchivedRendering) throws -> CairoCertificateRenderer {
        try CairoCertificateRenderer(package: package(rendering), fontFiles: rendering.fontFiles, drawing: rendering.inputs.drawing)
    }

    /// Renderers for a batch of `jobs` threads: worker processes with more than one, as for
    /// issuing (this process then never loads Pango).
    static func maker(jobs: Int) -> @Sendable (ArchivedRendering) throws -> any CertificateRenderer {
        guard jobs > 1 else { return { try inProcess($0) } }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return { rendering in
            try WorkerRenderer(
                setup: WorkerChannel.Setup(
                    name: rendering.inputs.templateName, fileName: "archived \(rendering.inputs.template.name)",
                    source: rendering.templateSource, assets: rendering.assets, fontFiles: rendering.fontFiles,
                    drawing: rendering.inputs.drawing),
                executable: executable)
        }
    }

    /// How a batch draws earlier certificates again from `archive`.
    static func recreation(_ archive: any RenderingArchive, jobs: Int) -> ArchiveRecreation {
        ArchiveRecreation(loader: ArchivedRenderingLoader(archive: archive), makeRenderer: maker(jobs: jobs))
    }
}
