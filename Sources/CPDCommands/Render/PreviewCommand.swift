import ArgumentParser
import CPDCore
import CPDImport
import CPDRender
import Foundation

/// `cpdcert preview`: a sample certificate (or a contact sheet of every template) as PNG or PDF.
struct PreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Render a sample certificate to check a template's design.",
        discussion: """
            The sample uses the event's details, a sample attendee (or --name) and the ID \
            \(SampleCertificate.certificateID), which never verifies; "\(SampleCertificate.watermark)" is written \
            across the page. Nothing is recorded. --out ending in .png gives a picture, .pdf the PDF as it would be \
            issued (tagged, with fonts embedded). --all-templates draws every template side by side in one PNG.

            Exit status: 0 written; 64 bad option; 65 the sample cannot be drawn (e.g. a glyph no font has); \
            66 event file missing; 74 cannot write; 78 bad event or template.
            """)

    @Option(help: ArgumentHelp("The event definition (event.yaml) whose details the sample shows.", valueName: "file"))
    var event: String

    @Option(help: ArgumentHelp("Template name, or a path to a template .yaml (default: the event's template).", valueName: "name"))
    var template: String?

    @Flag(help: "Draw every template in the templates folder on one contact sheet (PNG).")
    var allTemplates = false

    @Option(help: ArgumentHelp("The attendee name to show (default: \(SampleCertificate.attendeeName)).", valueName: "name"))
    var name: String?

    @Option(help: ArgumentHelp("Where to write the preview: a .png or .pdf file.", valueName: "file"))
    var out: String

    @Option(help: ArgumentHelp("Resolution of PNG output (default: 150, or 60 for a contact sheet).", valueName: "dpi"))
    var dpi: Double?

    @OptionGroup var resources: TemplateOptions

    func validate() throws {
        let lowercased = out.lowercased()
        guard lowercased.hasSuffix(".png") || lowercased.hasSuffix(".pdf") else {
            throw ValidationError("--out must end in .png or .pdf, found '\(out)'")
        }
        if allTemplates {
            guard template == nil else { throw ValidationError("give --template or --all-templates, not both") }
            guard lowercased.hasSuffix(".png") else { throw ValidationError("a contact sheet (--all-templates) is a .png file") }
        }
        if let dpi, !(20...600).contains(dpi) {
            throw ValidationError("--dpi must be between 20 and 600, found \(dpi)")
        }
        if let name, name.trimmingWhitespace().isEmpty { throw ValidationError("--name must not be empty") }
    }

    func run() async throws {
        let started = Date()
        let event = try TemplateOptions.loadEvent(self.event)
        let names = allTemplates ? resources.directory.names() : [template ?? event.templateName]
        guard !names.isEmpty else {
            Console.error("no templates in \(resources.directory.templates.path); add a <name>.yaml there or pass --templates")
            throw ExitStatus.configError
        }
        var pages: [(renderer: CairoCertificateRenderer, content: CertificateContent)] = []
        for name in names {
            let package = try resources.loadTemplate(name)
            let renderer = try resources.renderer(for: package)
            let content = try SampleCertificate.content(
                event: event, name: self.name?.trimmingWhitespace().precomposedStringWithCanonicalMapping,
                locales: package.template.dateLocales)
            pages.append((renderer, content))
        }
        let data: Data
        do {
            if allTemplates {
                data = try ContactSheet.png(pages, dotsPerInch: dpi ?? 60, watermark: SampleCertificate.watermark)
            } else if out.lowercased().hasSuffix(".png") {
                data = try pages[0].renderer.renderPNG(pages[0].content, dotsPerInch: dpi ?? 150, watermark: SampleCertificate.watermark)
            } else {
                data = try pages[0].renderer.renderPDF(pages[0].content, watermark: SampleCertificate.watermark)
            }
        } catch {
            Console.error("\(names.count == 1 ? names[0] + ": " : "")the sample cannot be drawn: \(error)")
            throw ExitStatus.dataError
        }
        do {
            try data.write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            Console.error("cannot write \(out): \(error.localizedDescription)")
            throw ExitStatus.ioError
        }
        let what = allTemplates ? "contact sheet of \(names.joined(separator: ", "))" : "sample of template '\(names[0])'"
        Console.print("Wrote \(out): \(what), \(data.count / 1024) KB in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
    }
}
