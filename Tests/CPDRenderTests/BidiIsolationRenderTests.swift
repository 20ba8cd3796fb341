import CPDCore
import CPDRender
import CPDTestSupport
import Foundation
import Testing

/// A bidirectional control in one field stays in that field on the printed page: the PDF used to
/// print "fictional grO ,reganaM" for a job title starting with U+202E.
@Suite struct BidiIsolationRenderTests {
    /// A classic certificate with an override in the job title and in the event's format.
    func hostile() throws -> (CairoCertificateRenderer, CertificateContent) {
        var (renderer, content) = try Shipped.render("classic", name: "Ann \u{202E}Lee")
        content.jobTitle = "\u{202E}Manager"
        content.organisation = "Fictional Org"
        content.eventFormat = "\u{202E}Live webinar\u{2069}\u{202E}"
        return (renderer, content)
    }

    @Test func anOverrideInOneFieldDoesNotReverseTheNext() throws {
        let (renderer, content) = try hostile()
        let pdf = try PDFFile(renderer.render(content))
        let text = Shipped.bare(try pdf.text())
        // The job title's own letters are its business; the organisation after it reads forwards.
        #expect(text.contains("FictionalOrg"), "pdftotext gave: \(text.prefix(600))")
        #expect(!text.contains("grOlanoitciF"))
        // The format's override, and its stray closing isolate, end with the format.
        #expect(text.contains("Wednesday16September2020"), "pdftotext gave: \(text.prefix(600))")
        #expect(text.contains("CPDhours(contacttime)"))
    }

    /// The same page as a picture: the words after the job title are in reading order, left to
    /// right (pdftotext -bbox, positions from the drawn glyphs).
    @Test func theOrganisationIsDrawnAfterTheJobTitleAndForwards() throws {
        let (renderer, content) = try hostile()
        let words = try PDFFile(renderer.render(content)).words()
        let fictional = try #require(words.first { $0.text.hasPrefix("Fictional") }, "words: \(words.map(\.text))")
        let org = try #require(words.first { $0.text.hasPrefix("Org") }, "words: \(words.map(\.text))")
        #expect(fictional.xMax <= org.xMin)
        // The job title, first in the line, is drawn first (left), its own letters reversed by its override.
        let comma = try #require(words.first { $0.text.hasPrefix(",") || $0.text.hasSuffix(",") }, "words: \(words.map(\.text))")
        #expect(comma.xMax <= fictional.xMin, "words: \(words.map { "\($0.text)@\($0.xMin)" })")
    }

    /// Latin-only certificates keep their bytes: isolates go only where a line may reorder.
    @Test(arguments: Shipped.names)
    func plainLatinFieldsAreDrawnExactlyAsBefore(template: String) throws {
        let (renderer, content) = try Shipped.render(template, name: "Siân Llywelyn")
        let values = content.placeholderValues
        for element in try Shipped.package(template).template.elements {
            guard case .text(let text) = element else { continue }
            #expect(text.text.resolveIsolated(values) == text.text.resolve(values), "\(template): \(text.name)")
        }
        _ = renderer
    }
}
