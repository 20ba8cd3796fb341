import CPDCore
import CPDImport
import CPDRender
import CPDTestSupport
import Foundation
import Testing

/// Every template in Templates/ validates, renders, and gives a PDF that is deterministic,
/// vector, embeds font subsets, carries metadata and reads out in order.
@Suite struct ShippedTemplateTests {
    @Test func atLeastThreeDifferentTemplatesShip() throws {
        #expect(Set(Shipped.names).isSuperset(of: ["classic", "modern", "bilingual"]))
        let packages = try Shipped.names.map(Shipped.package)
        #expect(Set(packages.map { "\($0.template.pageWidth > $0.template.pageHeight)" }).count == 2, "both orientations")
        #expect(packages.allSatisfy { !$0.template.summary.isEmpty })
    }

    @Test(arguments: Shipped.names)
    func rendersValidatesAndIsByteIdentical(template: String) throws {
        let package = try Shipped.package(template)
        #expect(package.template.validationProblems().isEmpty)
        let record = Shipped.content("Siân Llywelyn", for: package.template)
        let first = try CairoCertificateRenderer(package: package).render(record)
        let renderer = try CairoCertificateRenderer(package: package)
        _ = try renderer.render(Shipped.content("王秀英", for: package.template, index: 2))
        #expect(try renderer.render(record) == first)
        #expect(first.count < 120_000, "\(template): \(first.count) bytes")
    }

    @Test(arguments: Shipped.names)
    func pdfIsVectorWithEmbeddedFontSubsetsAndMetadata(template: String) throws {
        let (renderer, record) = try Shipped.render(template, name: "Aoife Ní Bhriain")
        let pdf = try PDFFile(renderer.render(record))
        #expect(try pdf.run("qpdf", ["--check"]).contains("No syntax or stream encoding errors"))
        // SVG assets and a PDF background stay vector: the only image is the QR code's 1-bit stencil.
        let images = try pdf.run("pdfimages", ["-list"]).split(separator: "\n")
        #expect(images.count == 3 && images[2].contains(" stencil "), "images:\n\(images.joined(separator: "\n"))")
        let fonts = try pdf.run("pdffonts").split(separator: "\n").dropFirst(2)
        #expect(!fonts.isEmpty)
        #expect(fonts.allSatisfy { $0.contains(" yes yes ") }, "every font embedded as a subset:\n\(fonts.joined(separator: "\n"))")
        let info = try pdf.info()
        #expect(info.contains("Title:           "))
        #expect(info.contains("Tackling Child Criminal Exploitation"))
        #expect(info.contains("Author:          Policy Foresight"))
        #expect(info.contains("Subject:         ") && info.contains("Aoife Ní Bhriain"))
        #expect(info.contains("Keywords:        CPD, certificate of attendance, \(record.certificateID)"))
        #expect(info.contains("CreationDate:    2026-11-29T09:30:00Z"))
        #expect(info.contains("Tagged:          yes"))
        let raw = String(decoding: try Data(contentsOf: pdf.url), as: UTF8.self)
        #expect(raw.contains("/URI (\(record.verificationURL))"), "the verification URL is a link")
    }

    @Test(arguments: Shipped.names)
    func figuresHaveAlternativeTextAndTheDocumentItsLanguage(template: String) throws {
        let package = try Shipped.package(template)
        let record = Shipped.content("Siân Llywelyn", for: package.template)
        let objects = try PDFFile(CairoCertificateRenderer(package: package).render(record)).objects()
        let catalog = try #require(objects.first { $0["/Type"] as? String == "/Catalog" })
        #expect(catalog["/Lang"] as? String == "u:\(package.template.locale)")
        #expect((catalog["/ViewerPreferences"] as? [String: Any])?["/DisplayDocTitle"] as? Bool == true)
        let figures = objects.filter { $0["/S"] as? String == "/Figure" }.compactMap { $0["/Alt"] as? String }
        var expected: [String] = []
        for element in package.template.elements {
            switch element {
            case .image(let image): expected.append("u:" + image.alternativeText)
            case .qrCode(let qr): expected.append("u:" + qr.alternativeText.resolve(record.placeholderValues))
            default: continue
            }
        }
        #expect(Set(figures) == Set(expected))
        #expect(figures.count == expected.count)
        #expect(figures.contains { $0.contains(record.verificationURL) }, "the QR code's alternative text reads out the address")
        let languages = objects.filter { $0["/S"] as? String == "/P" }.compactMap { $0["/Lang"] as? String }
        let english = package.template.elements.filter { if case .text(let text) = $0 { text.language != nil } else { false } }
        #expect(languages.count == english.count)
    }

    /// The structure tree as poppler reads it: the order a screen reader follows. (poppler
    /// 22.12 stops a paragraph's text at the first nested marked-content span, which cairo writes
    /// at a line break, so multi-line texts show their first line.)
    @Test(arguments: Shipped.names)
    func structureTreeMatchesItsGoldenFile(template: String) throws {
        let (renderer, record) = try Shipped.render(template, name: "Siân Llywelyn")
        let structure = try PDFFile(renderer.render(record)).structureText()
        #expect(structure.hasPrefix("Document\n"))
        #expect(structure.contains("\"Siân Llywelyn\""))
        let problem = Golden.compare(structure, with: "\(template).structure.txt", in: Shipped.golden)
        #expect(problem == nil, "\(problem ?? "")")
    }

    @Test(
        arguments: Shipped.names,
        ["Siân Llywelyn", "فاطمة الزهراء", String(String(repeating: "Gwenllian Angharad ", count: 7).prefix(120))])
    func resolvedLayoutMatchesItsGoldenFile(template: String, name: String) throws {
        let (renderer, record) = try Shipped.render(template, name: name)
        let layout = try renderer.resolvedLayout(record)
        let label = name.count > 100 ? "long" : name.unicodeScalars.first!.isASCII ? "latin" : "arabic"
        let problem = Golden.compare(layout.description, with: "\(template)-\(label).layout.txt", in: Shipped.golden)
        #expect(problem == nil, "\(problem ?? "")")
    }

    /// Every word poppler finds lies inside the box the resolved layout says its element was
    /// drawn in, and every drawn box lies inside its element's box: nothing overflows.
    @Test(arguments: Shipped.names)
    func extractedWordsLieInTheirElementsBoxes(template: String) throws {
        let (renderer, record) = try Shipped.render(template, name: "Zoë Brontë-Łukasiewicz")
        let layout = try renderer.resolvedLayout(record)
        let words = try PDFFile(renderer.render(record)).words()
        #expect(!words.isEmpty)
        let slack = 1.5
        func contains(_ box: Box, _ word: PDFFile.Word) -> Bool {
            word.xMin >= Shipped.points(box.x) - slack && word.xMax <= Shipped.points(box.x + box.width) + slack
                && word.yMin >= Shipped.points(box.y) - slack && word.yMax <= Shipped.points(box.y + box.height) + slack
        }
        for entry in layout.entries where entry.kind == "text" || entry.kind == "list" {
            #expect(
                entry.drawn.isInside(
                    Box(x: entry.box.x - 0.05, y: entry.box.y - 0.05, width: entry.box.width + 0.1, height: entry.box.height + 0.1)),
                "\(entry.name) overflows")
            #expect(entry.unknownGlyphs == 0)
        }
        let texts = layout.entries.filter { $0.kind == "text" }
        for word in words {
            #expect(
                texts.contains { contains($0.drawn, word) } || layout.entries.contains { $0.kind == "list" && contains($0.drawn, word) },
                "'\(word.text)' lies outside every text box")
        }
        // Each text element's words, read back from inside its drawn box, are its text.
        for entry in texts {
            let inside = words.filter { word in
                let x = (word.xMin + word.xMax) / 2, y = (word.yMin + word.yMax) / 2
                return x >= Shipped.points(entry.drawn.x) && x <= Shipped.points(entry.drawn.x + entry.drawn.width)
                    && y >= Shipped.points(entry.drawn.y) && y <= Shipped.points(entry.drawn.y + entry.drawn.height)
            }
            #expect(Shipped.bare(inside.map(\.text).joined()) == Shipped.bare(entry.text ?? ""), "\(template): \(entry.name)")
        }
    }
}
