import CPDCore
import CPDImport
import CPDRender
import CPDTestSupport
import Foundation
import Testing

/// Backgrounds (PDF drawn as vectors, PNG, SVG), PNG output, sample watermarks and contact sheets.
@Suite struct BackgroundAndPreviewTests {
    /// A landscape A4 template with `background` and the attendee's name.
    func package(background name: String, _ bytes: Data) throws -> TemplatePackage {
        let text = TextElement(
            name: "attendee-name", text: try TemplateText(parsing: "{{attendee.name}}"),
            box: Box(x: 20, y: 90, width: 257, height: 20), font: FontSpec(families: "Noto Serif", size: 30), alignment: .center)
        let id = TextElement(
            name: "certificate-id", text: try TemplateText(parsing: "{{certificate.id}}"),
            box: Box(x: 20, y: 180, width: 100, height: 10), font: FontSpec(families: "Noto Sans", size: 9))
        let template = CertificateTemplate(
            name: "backdrop", pageWidth: 297, pageHeight: 210, elements: [.text(text), .text(id)], subject: "", background: name)
        #expect(template.validationProblems().isEmpty)
        return TemplatePackage(template: template, source: Data(), assets: [name: bytes])
    }

    var content: CertificateContent { Samples.certificate("Siân Llywelyn").content }

    /// The RGB of the pixel at (`x`, `y`) millimetres of `pdf` rasterised by poppler at 50 dpi.
    func pixel(_ pdf: Data, x: Double, y: Double) throws -> (Int, Int, Int) {
        let file = try PDFFile(pdf)
        let ppm = file.url.deletingLastPathComponent().appendingPathComponent("page")
        _ = try ExternalTool.run("pdftoppm", ["-r", "50", "-singlefile", file.url.path, ppm.path])
        let bytes = [UInt8](try Data(contentsOf: ppm.appendingPathExtension("ppm")))
        // P6 header: "P6\n<width> <height>\n255\n", then RGB triples.
        var fields: [String] = [], index = 0, field = ""
        while fields.count < 4 {
            let character = Character(UnicodeScalar(bytes[index]))
            index += 1
            if character.isWhitespace {
                if !field.isEmpty { fields.append(field) }
                field = ""
            } else {
                field.append(character)
            }
        }
        let width = Int(fields[1])!
        let column = Int(x / 25.4 * 50), row = Int(y / 25.4 * 50)
        let offset = index + (row * width + column) * 3
        return (Int(bytes[offset]), Int(bytes[offset + 1]), Int(bytes[offset + 2]))
    }

    @Test func aOnePagePDFBackgroundIsDrawnAsVectors() throws {
        let background = try Data(contentsOf: Samples.packageRoot.appendingPathComponent("Assets/bilingual-background.pdf"))
        let renderer = try CairoCertificateRenderer(package: package(background: "frame.pdf", background))
        let pdf = try renderer.render(content)
        #expect(try PDFFile(pdf).run("pdfimages", ["-list"]).split(separator: "\n").count == 2, "no raster image")
        // The green frame 7 mm from the left edge, and the warm paper inside it.
        let frame = try pixel(pdf, x: 7.1, y: 105)
        #expect(frame.1 > frame.0 + 30 && frame.1 > frame.2 + 10, "frame pixel \(frame)")
        let paper = try pixel(pdf, x: 40, y: 40)
        #expect(paper.0 > 240 && paper.1 > 240 && paper.2 > 230, "paper pixel \(paper)")
        #expect(try renderer.render(content) == pdf, "byte-identical with a PDF background")
    }

    @Test func aPNGBackgroundIsEmbeddedOnce() throws {
        let classic = try CairoCertificateRenderer(package: Shipped.package("classic"))
        let png = try classic.renderPNG(Shipped.content("Siân Llywelyn", for: try Shipped.package("classic").template), dotsPerInch: 20)
        let pdf = try CairoCertificateRenderer(package: package(background: "scan.png", png)).render(content)
        #expect(try PDFFile(pdf).run("pdfimages", ["-list"]).split(separator: "\n").count == 3, "one image")
    }

    @Test func aBackgroundWithMorePagesOrAnotherShapeIsRefusedNamingTheFix() throws {
        #expect(
            throws: RenderError.badAsset(asset: "two.pdf", reason: "the PDF has 2 pages; export just the one page the certificate uses")
        ) {
            try CairoCertificateRenderer(package: package(background: "two.pdf", MinimalPDF.pages(2, width: 842, height: 595)))
        }
        do {
            _ = try CairoCertificateRenderer(package: package(background: "tall.pdf", MinimalPDF.pages(1, width: 595, height: 842)))
            Issue.record("a portrait background on a landscape page was accepted")
        } catch {
            #expect(
                "\(error)"
                    == "template 'backdrop', background 'tall.pdf': it is 595 × 842 (portrait) but the page is 297.0 × 210.0 mm; export the background at the page's size and orientation"
            )
        }
    }

    @Test func contentWithoutTheTemplatesLocaleIsRefused() throws {
        let renderer = try CairoCertificateRenderer(package: Shipped.package("bilingual"))
        #expect(throws: RenderError.missingLocale(template: "bilingual", locale: "cy")) {
            try renderer.render(Samples.certificate("Siân Llywelyn").content)
        }
    }

    @Test(arguments: [("classic", 1754, 1240), ("modern", 1240, 1754)])
    func pngOutputHasThePageSizeAtTheResolution(template: String, width: Int, height: Int) throws {
        let (renderer, record) = try Shipped.render(template, name: "Nguyễn Thị Hằng")
        let png = try renderer.renderPNG(record, dotsPerInch: 150)
        #expect(PNGHeader(png)?.width == width && PNGHeader(png)?.height == height)
        let sheet = try ContactSheet.png(try Shipped.names.map { try Shipped.render($0, name: "Nguyễn Thị Hằng") }, dotsPerInch: 30)
        let header = try #require(PNGHeader(sheet))
        #expect(header.width > 3 * 300 && header.height > 350, "\(header)")
    }

    @Test func aSampleSaysSoOnThePageInTheTitleAndFirstToAScreenReader() throws {
        let package = try Shipped.package("modern")
        let sample = try SampleCertificate.content(event: Samples.event, locales: package.template.dateLocales)
        let pdf = try PDFFile(CairoCertificateRenderer(package: package).renderPDF(sample, watermark: SampleCertificate.watermark))
        #expect(try pdf.text().contains("SAMPLE: a preview of template 'modern', not a certificate"))
        #expect(try pdf.info().contains("Title:           SAMPLE: Certificate of Attendance"))
        #expect(
            try pdf.structureText().hasPrefix("Document\n  P (block)\n    \"SAMPLE: a preview of template 'modern', not a certificate\""))
        #expect(try pdf.text().contains(SampleCertificate.certificateID))
        #expect(throws: CertificateIDError.self) { try CertificateID(parsing: SampleCertificate.certificateID) }
    }
}

/// A valid PDF of blank pages, written by hand with a correct cross-reference table.
enum MinimalPDF {
    static func pages(_ count: Int, width: Int, height: Int) -> Data {
        var objects = ["<< /Type /Catalog /Pages 2 0 R >>"]
        let kids = (0..<count).map { "\($0 + 3) 0 R" }.joined(separator: " ")
        objects.append("<< /Type /Pages /Kids [\(kids)] /Count \(count) >>")
        for _ in 0..<count { objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(width) \(height)] >>") }
        var text = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(text.utf8.count)
            text += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = text.utf8.count
        text += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets {
            let digits = String(offset)
            text += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
        }
        text += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(text.utf8)
    }
}
