import CPDCore
import CPDImport
import CPDRender
import CPDTestSupport
import Foundation
import Testing

@Suite struct CairoRendererTests {
    static let package: TemplatePackage = try! TemplateDirectory(
        templates: Samples.packageRoot.appendingPathComponent("Templates"),
        assets: Samples.packageRoot.appendingPathComponent("Assets")
    ).load("classic")

    func content(_ name: String, index: Int = 1) -> CertificateContent {
        Samples.certificate(name, index: index, ids: SeededIDGenerator(seed: UInt64(index))).content
    }

    func text(of pdf: Data) throws -> String {
        let folder = try ExternalTool.temporaryDirectory("render")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("c.pdf")
        try pdf.write(to: file)
        let result = try ExternalTool.run("pdftotext", ["-enc", "UTF-8", file.path, "-"])
        #expect(result.status == 0)
        return result.stdout
    }

    @Test(arguments: [
        "Siân Llywelyn", "Zoë Brontë-Łukasiewicz", "Nguyễn Thị Hằng", "王秀英", "Aoife Ní Bhriain",
        "Małgorzata Wiśniewska", "Adébáyọ̀ Ọlátúnjí",
    ])
    func namesAreDrawnAsTextThatExtractsExactly(name: String) throws {
        let renderer = try CairoCertificateRenderer(package: Self.package)
        let pdf = try renderer.render(content(name))
        let extracted = try text(of: pdf).precomposedNFC
        #expect(extracted.contains(name.precomposedNFC), "pdftotext gave: \(extracted.prefix(300))")
    }

    @Test(arguments: ["فاطمة الزهراء", "李明", "Trần Văn Minh", "Ελένη Παπαδοπούλου", "Мария Иванова", "अनन्या शर्मा", "נועה כהן"])
    func namesInEveryScriptRenderWithoutUnknownGlyphs(name: String) throws {
        // The renderer throws `missingGlyphs` when Pango reports any unknown glyph, so a
        // successful render is Pango's zero count.
        let renderer = try CairoCertificateRenderer(package: Self.package)
        #expect(throws: Never.self) { try renderer.render(content(name)) }
    }

    @Test func aCharacterNoFontHasFailsNamingItsCodePoint() throws {
        // A private-use code point in plane 16, which fonts leave alone (fonts-inter, when
        // installed, draws U+E000, so the first private-use code point is not safe).
        let renderer = try CairoCertificateRenderer(package: Self.package)
        #expect(
            throws: RenderError.missingGlyphs(
                element: "attendee-name", codePoints: ["U+10FFFD"],
                fonts: "Noto Serif, Noto Serif CJK SC, Noto Naskh Arabic, Noto Serif Devanagari, Noto Serif Hebrew")
        ) {
            try renderer.render(content("Siân \u{10FFFD} Llywelyn"))
        }
    }

    @Test func twoRendersOfOneRecordAreByteIdentical() throws {
        let record = content("Nguyễn Thị Hằng")
        let first = try CairoCertificateRenderer(package: Self.package).render(record)
        let second = try CairoCertificateRenderer(package: Self.package).render(record)
        let sameRenderer = try CairoCertificateRenderer(package: Self.package)
        _ = try sameRenderer.render(content("王秀英", index: 2))
        #expect(first == second)
        #expect(try sameRenderer.render(record) == first)
    }

    @Test func qrCodeDecodesToTheVerificationURL() throws {
        let record = content("Siân Llywelyn")
        let pdf = try CairoCertificateRenderer(package: Self.package).render(record)
        let folder = try ExternalTool.temporaryDirectory("qr")
        defer { try? FileManager.default.removeItem(at: folder) }
        try pdf.write(to: folder.appendingPathComponent("c.pdf"))
        let raster = try ExternalTool.run(
            "pdftoppm",
            ["-png", "-r", "200", "-singlefile", folder.appendingPathComponent("c.pdf").path, folder.appendingPathComponent("page").path])
        #expect(raster.status == 0)
        let scan = try ExternalTool.run(
            "zbarimg", ["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", folder.appendingPathComponent("page.png").path])
        #expect(scan.status == 0, "zbarimg: \(scan.stderr)")
        #expect(scan.stdout.trimmingWhitespace() == record.verificationURL)
    }

    @Test func urlIsALinkAndMetadataCarriesTheIssueTime() throws {
        let record = content("Aoife Ní Bhriain")
        let pdf = try CairoCertificateRenderer(package: Self.package).render(record)
        let raw = String(decoding: pdf, as: UTF8.self)
        #expect(raw.contains("/URI (\(record.verificationURL))"))
        let folder = try ExternalTool.temporaryDirectory("info")
        defer { try? FileManager.default.removeItem(at: folder) }
        try pdf.write(to: folder.appendingPathComponent("c.pdf"))
        let info = try ExternalTool.run("pdfinfo", ["-isodates", folder.appendingPathComponent("c.pdf").path]).stdout
        #expect(info.contains("Author:          Policy Foresight"))
        #expect(info.contains("CreationDate:    2026-11-29T09:30:00Z"))
        #expect(info.contains("Page size:       841.89 x 595.276 pts (A4)"))
        let fonts = try ExternalTool.run("pdffonts", [folder.appendingPathComponent("c.pdf").path]).stdout
        let embedded = fonts.split(separator: "\n").dropFirst(2)
        #expect(!embedded.isEmpty)
        #expect(embedded.allSatisfy { $0.contains(" yes yes ") }, "every font embedded as a subset:\n\(fonts)")
    }

    @Test func aLongNameShrinksToFitInsteadOfOverflowing() throws {
        let long = String(repeating: "Gwenllian Angharad ", count: 7).trimmingWhitespace()
        #expect(long.count > 120)
        let name = String(long.prefix(120))
        #expect(throws: Never.self) { try CairoCertificateRenderer(package: Self.package).render(content(name)) }
    }

    @Test func aFontThatIsNotInstalledIsNamed() throws {
        var package = Self.package
        package.template.elements = package.template.elements.map { element in
            guard case .text(var text) = element, text.name == "heading" else { return element }
            text.font.families = "Noto Serif, Imaginary Sans"
            return .text(text)
        }
        #expect(throws: RenderError.fontNotInstalled(element: "heading", family: "Imaginary Sans")) {
            try CairoCertificateRenderer(package: package)
        }
    }
}

@Suite struct CertificatePictureTests {
    @Test func aPictureIsAPNGOfThePageAtTheResolutionAsked() throws {
        let renderer = try CairoCertificateRenderer(package: CairoRendererTests.package)
        let record = Samples.certificate("Zoë Brontë-Łukasiewicz").content
        for (dpi, width, height) in [(96.0, 1123, 794), (48.0, 561, 397)] {
            let png = try renderer.renderPNG(record, dpi: dpi)
            #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            // IHDR: width and height, big-endian, at bytes 16..<24.
            let bytes = Array(png)
            let w = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
            let h = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
            #expect((w, h) == (width, height))
        }
        #expect(throws: RenderError.self) { try renderer.renderPNG(record, dpi: 5000) }
    }

    @Test func drawingAPictureDoesNotChangeThePDF() throws {
        let record = Samples.certificate("Nguyễn Thị Hằng").content
        let renderer = try CairoCertificateRenderer(package: CairoRendererTests.package)
        let before = try renderer.render(record)
        _ = try renderer.renderPNG(record, dpi: 144)
        #expect(try renderer.render(record) == before)
        #expect(try CairoCertificateRenderer(package: CairoRendererTests.package).render(record) == before)
    }

    @Test func thePictureShowsTheNameAsText() throws {
        let renderer = try CairoCertificateRenderer(package: CairoRendererTests.package)
        let plain = try renderer.renderPNG(Samples.certificate("Siân Llywelyn").content)
        let other = try renderer.renderPNG(Samples.certificate("Aoife Ní Bhriain").content)
        #expect(plain != other)
        #expect(try renderer.renderPNG(Samples.certificate("Siân Llywelyn").content) == plain)
    }
}
