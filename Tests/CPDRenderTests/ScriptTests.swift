import CPDCore
import CPDImport
import CPDRender
import CPDTestSupport
import Foundation
import Testing

/// Names in every script render with real shaping in every shipped template, extract exactly,
/// shrink to fit when long, and fail loudly when a character has no glyph.
@Suite struct ScriptTests {
    static let cases: [(template: String, script: String, name: String)] = Shipped.names.flatMap { template in
        Samples.namesByScript.map { (template, $0.script, $0.name) }
    }

    @Test(arguments: cases)
    func nameRendersWithZeroUnknownGlyphsAndExtractsExactly(template: String, script: String, name: String) throws {
        let (renderer, record) = try Shipped.render(template, name: name)
        let layout = try renderer.resolvedLayout(record)
        let entry = try #require(layout.entry(named: "attendee-name"))
        #expect(entry.unknownGlyphs == 0)
        #expect(layout.entries.allSatisfy { $0.unknownGlyphs == 0 })
        #expect(entry.lines == 1, "\(script): a short name takes one line")
        let pdf = try PDFFile(renderer.render(record))
        #expect(Shipped.bare(try pdf.text()).contains(Shipped.bare(name)), "\(script) in \(template)")
        // The structure tree carries the name too, where poppler reads it whole: it stops at
        // cairo's ActualText spans, which Devanagari conjuncts need.
        if script != "Devanagari" {
            #expect(try pdf.structureText().contains("\"\(name)\""), "\(script) in \(template)'s structure")
        }
    }

    @Test(arguments: Shipped.names)
    func aCharacterNoFontHasFailsThatCertificateNamingItsCodePoint(template: String) throws {
        let package = try Shipped.package(template)
        let renderer = try CairoCertificateRenderer(package: package)
        let nameFont = try #require(
            package.template.elements.compactMap { element -> FontSpec? in
                guard case .text(let text) = element, text.name == "attendee-name" else { return nil }
                return text.font
            }.first)
        #expect(
            throws: RenderError.missingGlyphs(element: "attendee-name", codePoints: ["U+F0041"], fonts: nameFont.families)
        ) {
            try renderer.render(Shipped.content("Siân \u{F0041} Llywelyn", for: package.template))
        }
        let message = RenderError.missingGlyphs(element: "attendee-name", codePoints: ["U+F0041"], fonts: nameFont.families).description
        #expect(message.contains("U+F0041") && message.contains(nameFont.families) && message.contains("rather than print a box"))
        // The renderer is still good for the next certificate in the batch.
        #expect(throws: Never.self) { try renderer.render(Shipped.content("Siân Llywelyn", for: package.template)) }
    }

    static let longNames: [(script: String, name: String)] = [
        ("Latin", String(String(repeating: "Gwenllian Angharad ", count: 7).prefix(120))),
        ("Cyrillic", String(String(repeating: "Александра Константиновна ", count: 5).prefix(120))),
        ("Arabic", String(String(repeating: "عبد الرحمن بن محمد ", count: 7).prefix(120))),
        ("Chinese", String(repeating: "王秀英", count: 40)),
        ("Unbroken", String(repeating: "Llanfairpwllgwyngyll", count: 6)),
    ]

    static let longCases: [(template: String, script: String, name: String)] = Shipped.names.flatMap { template in
        longNames.map { (template, $0.script, $0.name) }
    }

    @Test(arguments: longCases)
    func aNameOf120CharactersShrinksToFitInsideItsBox(template: String, script: String, name: String) throws {
        #expect(name.count == 120)
        let package = try Shipped.package(template)
        let renderer = try CairoCertificateRenderer(package: package)
        let record = Shipped.content(name, for: package.template)
        let entry = try #require(try renderer.resolvedLayout(record).entry(named: "attendee-name"))
        guard case .text(let element) = package.template.elements.first(where: { $0.name == "attendee-name" }) else {
            Issue.record("\(template) has no attendee-name text")
            return
        }
        #expect(entry.drawn.isInside(element.box), "\(script) name drawn at \(entry.drawn), box \(element.box)")
        #expect((entry.lines ?? 0) <= element.maximumLines)
        #expect((entry.fontSize ?? 0) >= element.font.minimumSize && (entry.fontSize ?? 0) < element.font.size)
        #expect(entry.unknownGlyphs == 0)
        // Poppler sees every glyph of the name inside the box too.
        let pdf = try PDFFile(renderer.render(record))
        let box = element.box
        let slack = 1.5
        let words = try pdf.words().filter { word in
            Shipped.bare(name).contains(Shipped.bare(word.text)) && word.yMin > Shipped.points(box.y) - 20
                && word.yMax < Shipped.points(box.y + box.height) + 20
        }
        #expect(!words.isEmpty)
        for word in words {
            #expect(word.xMin >= Shipped.points(box.x) - slack && word.xMax <= Shipped.points(box.x + box.width) + slack, "\(word)")
            #expect(word.yMin >= Shipped.points(box.y) - slack && word.yMax <= Shipped.points(box.y + box.height) + slack, "\(word)")
        }
    }
}
