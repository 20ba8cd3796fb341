import CPDCore
import CPDImport
import CPDRender
import CPDTestSupport
import Foundation

/// The templates in Templates/ and certificates drawn with them.
enum Shipped {
    static let directory = TemplateDirectory(
        templates: Samples.packageRoot.appendingPathComponent("Templates"),
        assets: Samples.packageRoot.appendingPathComponent("Assets"))

    /// Every shipped template's name (the tests below run once per template).
    static let names = directory.names()

    static let golden = Samples.packageRoot.appendingPathComponent("Tests/CPDRenderTests/Golden")

    static func package(_ name: String) throws -> TemplatePackage {
        try directory.load(name)
    }

    /// A certificate for `name` composed for `template`'s locales.
    static func content(_ name: String, for template: CertificateTemplate, index: Int = 1) -> CertificateContent {
        Samples.certificate(name, index: index, ids: SeededRandomSource(seed: UInt64(index)), locales: template.dateLocales).content
    }

    /// The renderer and a certificate for `name` with template `templateName`.
    static func render(_ templateName: String, name: String, drawing: Int = RenderingInputs.currentDrawing) throws -> (
        CairoCertificateRenderer, CertificateContent
    ) {
        let package = try package(templateName)
        return (try CairoCertificateRenderer(package: package, drawing: drawing), content(name, for: package.template))
    }

    /// `text` without bidi controls (pdftotext wraps right-to-left runs in them) and white space.
    static func bare(_ text: String) -> String {
        String(
            text.precomposedStringWithCanonicalMapping.unicodeScalars.filter {
                !(0x200E...0x200F).contains($0.value) && !(0x202A...0x202E).contains($0.value) && !$0.properties.isWhitespace
            }.map(Character.init))
    }

    /// Millimetres to points.
    static func points(_ millimetres: Double) -> Double { millimetres * 72 / 25.4 }
}
