import CPDCore
import CPDImport
import CPDTestSupport
import Foundation
import Testing

@Suite struct TemplateLoaderTests {
    let directory = TemplateDirectory(
        templates: Samples.packageRoot.appendingPathComponent("Templates"),
        assets: Samples.packageRoot.appendingPathComponent("Assets"))

    @Test func theShippedTemplatesLoadWithTheirAssets() throws {
        #expect(directory.names() == ["bilingual", "classic", "modern"])
        let classic = try directory.load("classic")
        #expect(classic.template.pageWidth == 297 && classic.template.pageHeight == 210)
        #expect(Set(classic.assets.keys) == ["logo.svg", "signature.svg"])
        let modern = try directory.load("modern")
        #expect(modern.template.pageWidth == 210 && modern.template.pageHeight == 297)
        #expect(modern.template.background == "modern-background.svg")
        let bilingual = try directory.load("bilingual")
        #expect(bilingual.template.locale == "cy" && bilingual.template.dateLocales == ["cy"])
        #expect(Set(bilingual.assets.keys) == ["bilingual-background.pdf", "logo.svg", "signature.svg"])
        for package in [classic, modern, bilingual] {
            #expect(package.template.elements.contains { if case .qrCode = $0 { true } else { false } })
            #expect(package.template.elements.contains { if case .text(let text) = $0 { text.role == .heading } else { false } })
        }
    }

    /// A template's links and QR codes lead only to https: (or http:) addresses: a literal
    /// address must be one, and a placeholder that is not an address cannot be the whole link.
    @Test(arguments: [
        ("link", "javascript:alert(1)", false),
        ("qr", "javascript:alert(1)", false),
        ("link", "JavaScript:alert(document.cookie)", false),
        ("qr", "data:text/html;base64,PHNjcmlwdD4=", false),
        ("link", "{{attendee.name}}", false),
        ("link", "https://evil.example@verify.example.org/{{certificate.id}}", false),
        ("link", "https://example.org/a b", false),
        ("link", "{{certificate.url}}", true),
        ("link", "{{organiser.url}}", true),
        ("qr", "https://verify.example.org/c/{{certificate.id}}", true),
        ("link", "http://example.org/", true),
    ])
    func linksAndQRCodesMustBeWebAddresses(key: String, address: String, accepted: Bool) throws {
        let element =
            key == "qr"
            ? "  - qr: \"\(address)\"\n    x: 10\n    y: 10\n    size: 30"
            : "  - text: Verify\n    link: \"\(address)\"\n    box: { x: 10, y: 10, width: 50, height: 10 }\n    font: { family: Noto Sans, size: 12 }"
        let source = "page: { size: A4 }\nelements:\n\(element)\n"
        do {
            let template = try TemplateLoader.load(Data(source.utf8), name: "t", fileName: "t.yaml")
            #expect(accepted, "accepted \(address)")
            #expect(TemplateLoader.warnings(template).count == (address.hasPrefix("http:") ? 1 : 0))
        } catch {
            #expect(!accepted, "refused \(address): \(error)")
            #expect(
                error.description.hasPrefix(
                    "t.yaml:\(key == "qr" ? 3 : 4): 'elements[0].\(key)' must be an https: URL, {{certificate.url}} or {{organiser.url}}, found '\(address)'"
                ), "got: \(error)")
        }
    }

    @Test func keysForPlacementTypeAndStructureAreRead() throws {
        let template = try TemplateLoader.load(
            Data(
                """
                page: { size: A4, orientation: portrait }
                margins: { top: 15, left: 12 }
                locale: cy
                title: "Tystysgrif: {{event.title}}"
                elements:
                  - text: "{{event.date}} / {{event.date@en-GB}}"
                    name: date
                    role: subheading
                    lang: en-GB
                    box: { x: 105, y: 280, width: 80, height: 10, anchor: bottom }
                    valign: top
                    align: centre
                    line_spacing: 1.2
                    font: { family: Noto Sans, size: 12, letter_spacing: 1.5 }
                  - qr: "{{certificate.url}}"
                    alt: "Cod QR {{certificate.url}}"
                    x: 190
                    y: 270
                    anchor: bottom-right
                    size: 30
                    quiet_zone: 2
                """.utf8), name: "t", fileName: "t.yaml")
        #expect(template.margins == Margins(top: 15, right: 10, bottom: 10, left: 12))
        #expect(template.locale == "cy" && template.title == "Tystysgrif: {{event.title}}")
        guard case .text(let text) = template.elements[0], case .qrCode(let qr) = template.elements[1] else {
            Issue.record("expected a text and a QR code")
            return
        }
        #expect(text.box == Box(x: 65, y: 270, width: 80, height: 10))
        #expect(text.role == .subheading && text.language == "en-GB" && text.verticalAlignment == .top && text.alignment == .center)
        #expect(text.lineSpacing == 1.2 && text.font.letterSpacing == 1.5)
        #expect(qr.x == 160 && qr.y == 240 && qr.quietZone == 2)
        #expect(qr.alternativeText.resolve(["certificate.url": "https://v.example.org/c/X"]) == "Cod QR https://v.example.org/c/X")
    }

    /// Every way a template can be wrong gives one error naming the file, the element or key,
    /// and the fix.
    @Test(arguments: [
        (
            "- text: \"{{attendee.fullname}}\"\n  name: who\n  box: { x: 20, y: 20, width: 100, height: 10 }\n  font: { family: Noto Sans, size: 12 }",
            "t.yaml: element 'who': unknown placeholder '{{attendee.fullname}}' in text; known placeholders: attendee.job_title"
        ),
        (
            "- text: \"{{event.date@xx-QQ}}\"\n  name: when\n  box: { x: 20, y: 20, width: 100, height: 10 }\n  font: { family: Noto Sans, size: 12 }",
            "t.yaml: element 'when': placeholder '{{event.date@xx-QQ}}' in text names locale 'xx-QQ', which this system does not know; use a BCP 47 code"
        ),
        (
            "- rectangle: border\n  box: { x: 5, y: 5, width: 300, height: 100 }",
            "t.yaml: element 'border': box x 5, y 5, width 300, height 100 mm lies outside the 210 × 297 mm page; move or shrink it"
        ),
        (
            "- text: Hello\n  name: greeting\n  box: { x: 2, y: 20, width: 100, height: 10 }\n  font: { family: Noto Sans, size: 12 }",
            "t.yaml: element 'greeting': box x 2, y 20, width 100, height 10 mm reaches into the page margins; keep it within x 10...200 and y 10...287 mm, or make 'margins' smaller"
        ),
        (
            "- text: Hello\n  box: { x: 20, y: 20, width: 100, height: 10, anchor: middle }\n  font: { family: Noto Sans, size: 12 }",
            "t.yaml:4: 'elements[0].box.anchor' must be top-left, top, top-right, left, center, right, bottom-left, bottom or bottom-right, found 'middle'"
        ),
        (
            "- text: Hello\n  role: title\n  box: { x: 20, y: 20, width: 100, height: 10 }\n  font: { family: Noto Sans, size: 12 }",
            "t.yaml:4: 'elements[0].role' must be heading, subheading or paragraph, found 'title'"
        ),
        (
            "- text: Hello\n  valign: centre-ish\n  box: { x: 20, y: 20, width: 100, height: 10 }\n  font: { family: Noto Sans, size: 12 }",
            "t.yaml:4: 'elements[0].valign' must be top, middle or bottom, found 'centre-ish'"
        ),
        (
            "- text: Hello\n  name: hi\n  lang: qq-ZZ\n  box: { x: 20, y: 20, width: 100, height: 10 }\n  font: { family: Noto Sans, size: 12 }",
            "t.yaml: element 'hi': lang 'qq-ZZ' is not a language this system knows; use a BCP 47 code such as en-GB or cy"
        ),
        (
            "- text: Hello\n  name: hi\n  box: { x: 20, y: 20, width: 100, height: 10 }\n  font: { family: Noto Sans, size: 12, minimum_size: 14 }",
            "t.yaml: element 'hi': font minimum_size must be between 0 and size (12)"
        ),
        (
            "- image: logo.gif\n  alt: Logo\n  box: { x: 20, y: 20, width: 10, height: 10 }",
            "t.yaml:3: 'elements[0].image' must be an .svg, .png or .pdf file, found 'logo.gif'"
        ),
        (
            "- image: logo.svg\n  box: { x: 20, y: 20, width: 10, height: 10 }",
            "t.yaml:3: 'elements[0]' needs 'alt': a short description read out by screen readers"
        ),
        (
            "- line: rule\n  from: { x: 20, y: 20 }\n  to: { x: 50, y: 20 }\n- line: rule\n  from: { x: 20, y: 30 }\n  to: { x: 50, y: 30 }",
            "t.yaml: element 'rule': two elements have this name; give each a unique name"
        ),
        (
            "- qr: \"{{certificate.url}}\"\n  x: 20\n  y: 20\n  size: 30\n  error_correction: X",
            "t.yaml:7: 'elements[0].error_correction' must be L, M, Q or H, found 'X'"
        ),
    ])
    func everyInvalidTemplateCaseGivesItsMessage(elements: String, message: String) {
        let yaml = "page: { size: A4 }\nelements:\n" + elements.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        let errors = load(yaml)
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.hasPrefix(message) == true, "got: \(errors.first ?? "no error")")
    }

    @Test(arguments: [
        ("locale: klingon", "t.yaml: 'locale': 'klingon' is not a locale"), ("margins: 150", "t.yaml: 'margins': they leave no room"),
    ])
    func templateWideKeysAreChecked(line: String, message: String) {
        let errors = load("page: { size: A4 }\n\(line)\nelements: []")
        #expect(errors.first?.hasPrefix(message) == true, "got: \(errors)")
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

    @Test(arguments: ["../secret.svg", "/etc/logo.svg", "a/../../b.svg", "logo.gif", "./logo.svg", "images//logo.svg"])
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

    @Test func aMissingBackgroundAndAnAssetLinkedFromOutsideAreNamed() throws {
        let folder = try ExternalTool.temporaryDirectory("templates")
        defer { try? FileManager.default.removeItem(at: folder) }
        let assets = folder.appendingPathComponent("assets")
        try FileManager.default.createDirectory(at: assets, withIntermediateDirectories: true)
        let outside = folder.appendingPathComponent("secret.svg")
        try Data("<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/>".utf8).write(to: outside)
        try FileManager.default.createSymbolicLink(at: assets.appendingPathComponent("logo.svg"), withDestinationURL: outside)
        try Data(
            """
            page: { size: A4 }
            background: frame.pdf
            elements:
              - image: logo.svg
                name: logo
                alt: logo
                box: { x: 20, y: 20, width: 10, height: 10 }
            """.utf8
        ).write(to: folder.appendingPathComponent("framed.yaml"))
        do {
            _ = try TemplateDirectory(templates: folder, assets: assets).load("framed")
            Issue.record("expected errors")
        } catch {
            #expect(error.errors.count == 2)
            #expect(
                error.description.contains(
                    "'background': asset 'frame.pdf' not found at \(assets.path)/frame.pdf; put the file in \(assets.path)"))
            #expect(
                error.description.contains(
                    "element 'logo': asset 'logo.svg' resolves to \(outside.path), outside \(assets.path); copy the file into the assets folder"
                ))
        }
    }
}
