import ArgumentParser
import CPDCore
import CPDImport
import CPDRender
import Foundation

/// `cpdcert render-worker` (hidden): draws certificates for its parent `cpdcert issue`, one
/// request at a time over standard input and output, until its input ends.
struct RenderWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render-worker", abstract: "Draw certificates for a parent cpdcert (internal).", shouldDisplay: false)

    func run() throws {
        let channel = WorkerChannel(input: .standardInput, output: .standardOutput)
        guard let first = try channel.receive() else { return }
        let renderer: CairoCertificateRenderer
        do {
            let setup = try JSONDecoder().decode(WorkerChannel.Setup.self, from: first)
            let template = try TemplateLoader.load(setup.source, name: setup.name, fileName: setup.fileName)
            renderer = try CairoCertificateRenderer(
                package: TemplatePackage(template: template, source: setup.source, assets: setup.assets), fontFiles: setup.fontFiles,
                drawing: setup.drawing ?? RenderingInputs.currentDrawing)
            try channel.reply(.success(Data()))
        } catch {
            try channel.reply(.failure(error))
            throw ExitStatus.configError
        }
        while let request = try channel.receive() {
            try channel.reply(rendered: Result { try renderer.renderReportingFonts(try ContentCodec.decode(request)) })
        }
    }
}
