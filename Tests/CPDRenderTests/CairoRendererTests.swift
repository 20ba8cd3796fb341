import CPDCore
import CPDImport
import CPDRender
import CPDTestSupport
import Foundation
import Testing

@Suite struct CairoRendererTests {
    static let package: TemplatePackage = try! Shipped.package("classic")

    func content(_ name: String, index: Int = 1) -> CertificateContent {
        Samples.certificate(name, index: index, ids: SeededRandomSource(seed: UInt64(index))).content
    }

    @Test(arguments: [
        "Siân Llywelyn", "Zoë Brontë-Łukasiewicz", "Nguyễn Thị Hằng", "王秀英", "Aoife Ní Bhriain",
        "Małgorzata Wiśniewska", "Adébáyọ̀ Ọlátúnjí", "Rhiannon Griffiths-Jeffreys",
    ])
    func namesAreDrawnAsTextThatExtractsExactly(name: String) throws {
        let renderer = try CairoCertificateRenderer(package: Self.package)
        let pdf = try PDFFile(renderer.render(content(name)))
        let extracted = try pdf.text()
        #expect(extracted.contains(name.precomposedStringWithCanonicalMapping), "pdftotext gave: \(extracted.prefix(300))")
        // No optional ligature (ffi, ff) splits the name in the structure tree either.
        #expect(try pdf.structureText().contains("\"\(name.precomposedStringWithCanonicalMapping)\""))
    }

    @Test(arguments: Shipped.names)
    func qrCodeDecodesToTheVerificationURL(template: String) throws {
        let (renderer, record) = try Shipped.render(template, name: "Siân Llywelyn")
        let pdf = try PDFFile(renderer.render(record))
        let page = pdf.url.deletingLastPathComponent().appendingPathComponent("page")
        let raster = try ExternalTool.run("pdftoppm", ["-png", "-r", "200", "-singlefile", pdf.url.path, page.path])
        #expect(raster.status == 0)
        let scan = try ExternalTool.run("zbarimg", ["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", page.path + ".png"])
        #expect(scan.status == 0, "zbarimg: \(scan.stderr)")
        #expect(scan.stdout.trimmingWhitespace() == record.verificationURL)
    }

    /// One pixel a module, sharp-edged: a 1-bit stencil of the code's own size, not interpolated
    /// (a vector path of squares costs about a millisecond a certificate to write; see docs/performance.md).
    @Test(arguments: Shipped.names)
    func qrCodeIsOneUninterpolatedImageMaskOfItsModules(template: String) throws {
        let (renderer, record) = try Shipped.render(template, name: "Dafydd ap Gruffudd")
        let pdf = try PDFFile(renderer.render(record))
        let list = try ExternalTool.run("pdfimages", ["-list", pdf.url.path])
        #expect(list.status == 0, "pdfimages: \(list.stderr)")
        // page num type width height color comp bpc enc interp ...
        let stencils = list.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }.filter {
            $0.count > 9 && $0[2] == "stencil"
        }
        try #require(stencils.count == 1, "pdfimages -list: \(list.stdout)")
        let (width, height) = (Int(stencils[0][3]) ?? 0, Int(stencils[0][4]) ?? 0)
        #expect(width == height && (21...177).contains(width) && (width - 17) % 4 == 0, "a QR code's size: \(stencils[0])")
        #expect(stencils[0][7] == "1" && stencils[0][9] == "no", "1 bit a pixel, no interpolation: \(stencils[0])")
    }

    /// Every Flate stream cairo wrote (fonts, images, page content) is what zlib makes of its
    /// contents at the drawing revision's level: 3 now, not zlib's default 6; and 6 again for
    /// revision 1, so that certificates archived before revisions draw again byte for byte.
    @Test(arguments: [(2, 3), (1, 6)])
    func everyStreamIsCompressedAtTheDrawingRevisionsZlibLevel(drawing: Int, level: Int) throws {
        #expect(CairoCertificateRenderer.streamCompressionLevel(drawing: drawing) == level)
        let (renderer, record) = try Shipped.render("classic", name: "Nguyễn Thị Hằng", drawing: drawing)
        let pdf = try PDFFile(renderer.render(record))
        let script = """
            import re, sys, zlib
            data = open(sys.argv[1], "rb").read()
            def deflate(raw, level):
                c = zlib.compressobj(level)
                return c.compress(raw) + c.flush()
            streams = []
            for match in re.finditer(rb"stream\\r?\\n", data):
                end = data.find(b"endstream", match.end())
                raw = data[match.end():end].rstrip(b"\\r\\n")
                try:
                    streams.append((zlib.decompress(raw), raw))
                except zlib.error:
                    pass
            level = int(sys.argv[2])
            print(len(streams), sum(deflate(plain, level) == raw for plain, raw in streams),
                  sum(deflate(plain, 6) == raw for plain, raw in streams))
            """
        let run = try ExternalTool.run(TestVenv.python, ["-c", script, pdf.url.path, "\(level)"])
        #expect(run.status == 0, "python: \(run.stderr)")
        let counts = run.stdout.split(separator: " ").compactMap { Int($0.trimmingWhitespace()) }
        try #require(counts.count == 3, "python printed: \(run.stdout)")
        // streams, at the chosen level, at level 6 (a stream of a few bytes can come out the same at both)
        #expect(counts[0] >= 5 && counts[1] == counts[0], "\(counts)")
        #expect(level == 6 ? counts[2] == counts[0] : counts[2] < counts[0] / 2, "\(counts)")
    }

    /// Drawing revision 1 (every certificate archived before revisions were recorded) draws the
    /// QR code as vector squares, as it did, and it still decodes; a revision this build does
    /// not know is refused with what to do.
    @Test func revisionOneDrawsTheQRCodeAsSquaresAndAnUnknownRevisionIsRefused() throws {
        let (renderer, record) = try Shipped.render("classic", name: "Chidinma Okonkwo-Adébáyọ̀", drawing: 1)
        let pdf = try PDFFile(renderer.render(record))
        let list = try ExternalTool.run("pdfimages", ["-list", pdf.url.path])
        #expect(list.status == 0 && !list.stdout.contains("stencil"), "pdfimages -list: \(list.stdout)")
        let page = pdf.url.deletingLastPathComponent().appendingPathComponent("page")
        #expect(try ExternalTool.run("pdftoppm", ["-png", "-r", "200", "-singlefile", pdf.url.path, page.path]).status == 0)
        let scan = try ExternalTool.run("zbarimg", ["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", page.path + ".png"])
        #expect(scan.stdout.trimmingWhitespace() == record.verificationURL)
        #expect(throws: RenderError.self) { try Shipped.render("classic", name: "Zhāng Wěi", drawing: RenderingInputs.currentDrawing + 1) }
    }

    @Test func pageSizeAndTheIssueTimeAreInTheInformation() throws {
        let info = try PDFFile(CairoCertificateRenderer(package: Self.package).render(content("Aoife Ní Bhriain"))).info()
        #expect(info.contains("CreationDate:    2026-11-29T09:30:00Z"))
        #expect(info.contains("ModDate:         2026-11-29T09:30:00Z"))
        #expect(info.contains("Page size:       841.89 x 595.276 pts (A4)"))
    }

    @Test func aFontThatIsNotInstalledIsNamedWithTheTemplateAndTheFix() throws {
        var package = Self.package
        package.template.elements = package.template.elements.map { element in
            guard case .text(var text) = element, text.name == "heading" else { return element }
            text.font.families = "Noto Serif, Imaginary Sans"
            return .text(text)
        }
        let error = RenderError.fontNotInstalled(template: "classic", element: "heading", family: "Imaginary Sans")
        #expect(throws: error) { try CairoCertificateRenderer(package: package) }
        #expect(
            error.description.hasPrefix("template 'classic', element 'heading': font family 'Imaginary Sans' is not installed; install it"))
    }

    @Test func anInstalledFamilyIsFoundInAnyCaseAndPangosGenericNamesAreInstalled() throws {
        for families in ["noto SERIF", "Sans", "monospace, DejaVu Sans", "System-ui"] {
            var package = Self.package
            package.template.elements = package.template.elements.map { element in
                guard case .text(var text) = element, text.name == "heading" else { return element }
                text.font.families = families
                return .text(text)
            }
            _ = try CairoCertificateRenderer(package: package)
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
