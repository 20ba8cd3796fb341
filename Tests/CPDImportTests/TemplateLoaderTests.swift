import CPDCore
import CPDImport
import CPDTestSupport
import Foundation
import Testing

@Suite struct TemplateLoaderTests {
    let directory = TemplateDirectory(
        templates: Samples.packageRoot.appendingPathComponent("Templates"),
        assets: Samples.packageRoot.appendingPathComponent("Assets"))

    @Test func theShippedTemplateLoadsWithItsAssets() throws {
        let package = try directory.load("classic")
        #expect(package.template.pageWidth == 297)
        #expect(package.template.pageHeight == 210)
        #expect(Set(package.assets.keys) == ["logo.svg", "signature.svg"])
        #expect(package.template.elements.contains { if case .qrCode = $0 { true } else { false } })
        #expect(directory.names().contains("classic"))
    }

    func load(_ yaml: String) -> [String] {
        do {
            _ = try TemplateLoader.load(Data(yaml.utf8), name: "t", fileName: "t.yaml")
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func unknownPlaceholderIsNamedWithItsElement() {
        let errors = load(
            """
            page: { size: A4, orientation: portrait }
            elements:
              - text: "{{attendee.fullname}}"
                name: who
                box: { x: 10, y: 10, width: 100, height: 10 }
                font: { family: Noto Sans, size: 12 }
            """)
        #expect(errors.count == 1)
        #expect(errors[0].contains("t.yaml: element 'who': unknown placeholder '{{attendee.fullname}}'"))
    }

    @Test(arguments: ["../secret.svg", "/etc/logo.svg", "a/../../b.svg", "logo.gif"])
    func assetPathsCannotLeaveTheAssetsFolder(path: String) {
        let errors = load(
            """
            page: { size: A4 }
            elements:
              - image: "\(path)"
                alt: logo
                box: { x: 10, y: 10, width: 10, height: 10 }
            """)
        #expect(errors.count == 1)
        #expect(errors[0].contains("'elements[0].image'"))
    }

    @Test func elementOffThePageAndBadFontAreReported() {
        let errors = load(
            """
            page: { size: A4, orientation: landscape }
            elements:
              - rectangle: border
                box: { x: 5, y: 5, width: 300, height: 100 }
              - text: Hello
                box: { x: 10, y: 10, width: 100, height: 10 }
                font: { family: Noto Sans, size: 12, weight: heavy-ish }
            """)
        #expect(errors.count == 1)
        #expect(errors[0].contains("t.yaml:7: 'elements[1].font.weight' must be regular"))
        let offPage = load(
            """
            page: { size: A4, orientation: landscape }
            elements:
              - rectangle: border
                box: { x: 5, y: 5, width: 300, height: 100 }
            """)
        #expect(offPage.count == 1)
        #expect(offPage[0].contains("element 'border'"))
    }

    @Test func missingAssetAndUnknownTemplateSayWhereTheyLooked() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cpdcert-templates-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(
            """
            page: { size: A4 }
            elements:
              - image: missing.svg
                name: logo
                alt: logo
                box: { x: 10, y: 10, width: 10, height: 10 }
            """.utf8
        ).write(to: folder.appendingPathComponent("broken.yaml"))
        let local = TemplateDirectory(templates: folder, assets: folder)
        #expect(throws: ConfigurationErrors.self) { try local.load("nonexistent") }
        do {
            _ = try local.load("broken")
            Issue.record("expected a missing-asset error")
        } catch {
            #expect(error.description.contains("element 'logo': asset 'missing.svg' not found"))
        }
        do {
            _ = try local.load("nonexistent")
        } catch {
            #expect(error.description.contains("no template named 'nonexistent'"))
            #expect(error.description.contains("known templates: broken"))
        }
    }
}
