import CPDCore
import Testing

@Suite struct TemplateTests {
    @Test func placeholdersAreParsedAndResolved() throws {
        let text = try TemplateText(parsing: "Issued {{ certificate.issue_date }} to {{attendee.name}}.")
        #expect(text.placeholders == ["certificate.issue_date", "attendee.name"])
        #expect(text.resolve(["certificate.issue_date": "1 May 2021", "attendee.name": "王秀英"]) == "Issued 1 May 2021 to 王秀英.")
    }

    @Test func textWhoseEveryPlaceholderIsEmptyIsSkipped() throws {
        let text = try TemplateText(parsing: "{{attendee.job_title}}")
        #expect(text.isEmpty(with: ["attendee.job_title": ""]))
        #expect(!text.isEmpty(with: ["attendee.job_title": "Nurse"]))
        #expect(!(try TemplateText(parsing: "Certificate")).isEmpty(with: [:]))
    }

    @Test func malformedPlaceholdersAreErrors() {
        #expect(throws: TemplateTextError.unclosed("{{attendee.name")) { try TemplateText(parsing: "{{attendee.name") }
        #expect(throws: TemplateTextError.empty("a {{ }} b")) { try TemplateText(parsing: "a {{ }} b") }
    }

    /// A template of `elements` and a line printing the certificate ID, so it is verifiable.
    func template(_ elements: [TemplateElement]) -> CertificateTemplate {
        let id = TextElement(
            name: "certificate-id", text: try! TemplateText(parsing: "Certificate ID {{certificate.id}}"),
            box: Box(x: 20, y: 180, width: 100, height: 10), font: FontSpec(families: "Noto Sans", size: 9))
        return CertificateTemplate(name: "t", pageWidth: 297, pageHeight: 210, elements: elements + [.text(id)], subject: "")
    }

    // Before, a template printing neither the ID nor a QR code issued certificates nobody could check.
    @Test func aTemplateMustPrintTheIDOrAWayToVerifyIt() throws {
        let name = try text("name", "{{attendee.name}}")
        let unverifiable = CertificateTemplate(name: "t", pageWidth: 297, pageHeight: 210, elements: [name], subject: "")
        #expect(!unverifiable.isVerifiable)
        #expect(unverifiable.validationProblems().count == 1)
        #expect(
            unverifiable.validationProblems().first?.hasPrefix("the template prints neither the certificate ID nor a way to verify it")
                == true)

        let fixedQR = QRCodeElement(name: "qr", payload: try TemplateText(parsing: "https://example.org/"), x: 20, y: 20, size: 30)
        #expect(
            !CertificateTemplate(name: "t", pageWidth: 297, pageHeight: 210, elements: [name, .qrCode(fixedQR)], subject: "").isVerifiable)
        let qr = QRCodeElement(name: "qr", payload: try TemplateText(parsing: "{{certificate.url}}"), x: 20, y: 20, size: 30)
        #expect(CertificateTemplate(name: "t", pageWidth: 297, pageHeight: 210, elements: [name, .qrCode(qr)], subject: "").isVerifiable)
        let url = try text("url", "Check it at {{certificate.url}}")
        #expect(
            CertificateTemplate(name: "t", pageWidth: 297, pageHeight: 210, elements: [name, url], subject: "").validationProblems().isEmpty
        )
    }

    @Test func unknownPlaceholderNamesTheElement() throws {
        let element = TextElement(
            name: "greeting", text: try TemplateText(parsing: "{{attendee.nmae}}"),
            box: Box(x: 10, y: 10, width: 100, height: 10), font: FontSpec(families: "Noto Sans", size: 12))
        let problems = template([.text(element)]).validationProblems()
        #expect(problems.count == 1)
        #expect(problems[0].contains("element 'greeting'"))
        #expect(problems[0].contains("{{attendee.nmae}}"))
    }

    @Test func elementOffThePageIsAnError() throws {
        let element = RectangleElement(name: "border", box: Box(x: 10, y: 10, width: 290, height: 100), strokeColour: .black)
        let problems = template([.rectangle(element)]).validationProblems()
        #expect(problems.count == 1)
        #expect(problems[0].contains("element 'border'"))
        #expect(problems[0].contains("outside"))
    }

    @Test func colourParsing() {
        #expect(Colour(hex: "#ff0000") == Colour(red: 1, green: 0, blue: 0))
        #expect(Colour(hex: "#fff") == Colour(red: 1, green: 1, blue: 1))
        #expect(Colour(hex: "#00000080")?.alpha == 128.0 / 255)
        #expect(Colour(hex: "red") == nil)
        #expect(Colour(hex: "#12345") == nil)
    }

    func text(_ name: String, _ source: String, box: Box = Box(x: 20, y: 20, width: 100, height: 10), language: String? = nil) throws
        -> TemplateElement
    {
        .text(
            TextElement(
                name: name, text: try TemplateText(parsing: source), box: box, font: FontSpec(families: "Noto Sans", size: 12),
                language: language))
    }

    @Test func contentStaysInsideTheMarginsWhileDecorationsMayReachTheEdge() throws {
        let border = RectangleElement(name: "border", box: Box(x: 4, y: 4, width: 289, height: 202), strokeColour: .black)
        let ok = template([.rectangle(border), try text("title", "Certificate", box: Box(x: 10, y: 10, width: 277, height: 12))])
        #expect(ok.validationProblems().isEmpty)
        let tight = template([try text("title", "Certificate", box: Box(x: 5, y: 10, width: 100, height: 12))])
        #expect(
            tight.validationProblems() == [
                "element 'title': box x 5, y 10, width 100, height 12 mm reaches into the page margins; keep it within x 10...287 and y 10...200 mm, or make 'margins' smaller"
            ])
        var none = tight
        none.margins = Margins(all: 0)
        #expect(none.validationProblems().isEmpty)
    }

    @Test(arguments: [
        (Anchor.topLeft, 100.0, 50.0), (.top, 75, 50), (.topRight, 50, 50), (.center, 75, 45), (.bottomRight, 50, 40), (.left, 100, 45),
    ])
    func anAnchorSaysWhichPointOfTheBoxXAndYPlace(anchor: Anchor, x: Double, y: Double) {
        let box = Box(x: 100, y: 50, width: 50, height: 10, anchor: anchor)
        #expect(box.x == x && box.y == y && box.width == 50 && box.height == 10)
    }

    @Test func placeholdersMayNameAKnownLocaleAndTheTemplateCollectsThem() throws {
        var welsh = template([try text("date", "{{event.date}} · {{event.date@en-GB}} · {{certificate.issue_date@fr}}")])
        welsh.locale = "cy"
        #expect(welsh.validationProblems().isEmpty)
        #expect(welsh.dateLocales == ["cy", "fr"])
        #expect(template([try text("d", "{{event.date}}")]).dateLocales.isEmpty)

        let bad = template([
            try text("a", "{{event.date@xx-QQ}}"), try text("b", "{{attendee.name@cy}}"), try text("c", "Hello", language: "qq-ZZ"),
        ])
        let problems = bad.validationProblems()
        #expect(problems.count == 3)
        #expect(
            problems[0].hasPrefix(
                "element 'a': placeholder '{{event.date@xx-QQ}}' in text names locale 'xx-QQ', which this system does not know"))
        #expect(
            problems[1].hasPrefix(
                "element 'b': unknown placeholder '{{attendee.name@cy}}' in text; only certificate.issue_date, cpd.hours, event.date take a locale"
            ))
        #expect(problems[2].hasPrefix("element 'c': lang 'qq-ZZ' is not a language this system knows"))
        var unknown = template([])
        unknown.locale = "klingon"
        #expect(
            unknown.validationProblems() == ["'locale': 'klingon' is not a locale this system knows; use a BCP 47 code such as en-GB or cy"]
        )
    }

    @Test func theTitleAndSubjectAreCheckedAndTheBackgroundIsAnAsset() throws {
        var metadata = template([])
        metadata.title = "Certificate for {{attendee.nmae}}"
        #expect(metadata.validationProblems().first?.hasPrefix("'title': unknown placeholder '{{attendee.nmae}}' in title") == true)
        metadata.title = "Certificate"
        metadata.background = "frame.pdf"
        let logo = ImageElement(name: "logo", asset: "logo.svg", box: Box(x: 20, y: 20, width: 20, height: 20), alternativeText: "Seal")
        metadata.elements = [.image(logo)]
        #expect(metadata.assetNames == ["frame.pdf", "logo.svg"])
    }
}
