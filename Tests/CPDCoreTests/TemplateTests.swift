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

    func template(_ elements: [TemplateElement]) -> CertificateTemplate {
        CertificateTemplate(name: "t", pageWidth: 297, pageHeight: 210, elements: elements, subject: "")
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
}
