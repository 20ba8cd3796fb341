import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// `cpdcert preview` on the built binary: PNG, PDF, the contact sheet, and each way it refuses.
@Suite struct PreviewCommandTests {
    let event = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020/event.yaml").path

    func preview(_ arguments: [String]) throws -> ExternalTool.Result {
        try ExternalTool.run(EndToEndTests.binary, ["preview", "--event", event] + arguments, directory: Samples.packageRoot)
    }

    @Test func aPNGPreviewOfTheEventsTemplateWithAGivenName() throws {
        let folder = try ExternalTool.temporaryDirectory("preview-png")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("preview.png").path
        let result = try preview(["--name", "Ελένη Παπαδοπούλου", "--out", out])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.hasPrefix("Wrote \(out): sample of template 'classic'"))
        #expect(PNGHeader(try Data(contentsOf: URL(fileURLWithPath: out))) == PNGHeader(width: 1754, height: 1240))
        let small = try preview(["--template", "modern", "--dpi", "72", "--out", out])
        #expect(small.status == 0)
        #expect(PNGHeader(try Data(contentsOf: URL(fileURLWithPath: out))) == PNGHeader(width: 595, height: 842))
    }

    @Test func aPDFPreviewIsTheCertificateMarkedAsASample() throws {
        let folder = try ExternalTool.temporaryDirectory("preview-pdf")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("preview.pdf")
        let result = try preview(["--template", "bilingual", "--name", "Siân Llywelyn", "--out", out.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let pdf = try PDFFile(Data(contentsOf: out))
        let text = try pdf.text()
        #expect(text.contains("SAMPLE: a preview of template 'bilingual', not a certificate"))
        #expect(text.contains("Siân Llywelyn"))
        #expect(text.contains("SAMP-LE00-0000-0000-0000"))
        #expect(text.contains("Dydd Mercher, 16 Medi 2020") && text.contains("Cyhoeddwyd 16 Medi 2020"))
        #expect(try pdf.info().contains("Title:           SAMPLE: Tystysgrif Presenoldeb / Certificate of Attendance"))
    }

    @Test func allTemplatesMakeOneContactSheet() throws {
        let folder = try ExternalTool.temporaryDirectory("preview-sheet")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("sheet.png").path
        let result = try preview(["--all-templates", "--out", out])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("contact sheet of bilingual, classic, modern"))
        let header = try #require(PNGHeader(try Data(contentsOf: URL(fileURLWithPath: out))))
        #expect(header.width > 3 * 595 && header.height > 700, "\(header)")
    }

    @Test func badRequestsAreRefusedWithTheirExitStatus() throws {
        let folder = try ExternalTool.temporaryDirectory("preview-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let png = folder.appendingPathComponent("p.png").path

        let jpeg = try preview(["--out", folder.appendingPathComponent("p.jpg").path])
        #expect(jpeg.status == 64)
        #expect(jpeg.stderr.contains("--out must end in .png or .pdf"))

        let sheetAsPDF = try preview(["--all-templates", "--out", folder.appendingPathComponent("p.pdf").path])
        #expect(sheetAsPDF.status == 64)

        let unknown = try preview(["--template", "baroque", "--out", png])
        #expect(unknown.status == 78)
        #expect(
            unknown.stderr.contains("no template named 'baroque'") && unknown.stderr.contains("known templates: bilingual, classic, modern")
        )

        let glyph = try preview(["--name", "Siân \u{F0041}", "--out", png])
        #expect(glyph.status == 65)
        #expect(glyph.stderr.contains("element 'attendee-name': no installed font in") && glyph.stderr.contains("U+F0041"))

        // A template file outside Templates/, with a mistake: the file, the element and the fix.
        let template = folder.appendingPathComponent("draft.yaml")
        try Data(
            """
            page: { size: A4 }
            elements:
              - text: "{{attendee.nam}}"
                name: who
                box: { x: 20, y: 20, width: 150, height: 12 }
                font: { family: Noto Sans, size: 20 }
            """.utf8
        ).write(to: template)
        let draft = try preview(["--template", template.path, "--out", png])
        #expect(draft.status == 78)
        #expect(
            draft.stderr.contains("\(template.path): element 'who': unknown placeholder '{{attendee.nam}}' in text; known placeholders:"))
        #expect(!FileManager.default.fileExists(atPath: png))
    }
}

@Suite struct UnverifiableTemplateEndToEndTests {
    // Before, a template printing neither the ID nor a QR code was accepted and issued
    // certificates nobody could verify.
    @Test func issueRefusesATemplateThatPrintsNoWayToVerifyAndWritesNothing() throws {
        let folder = try ExternalTool.temporaryDirectory("unverifiable")
        defer { try? FileManager.default.removeItem(at: folder) }
        let templates = folder.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data(
            """
            page: { size: A4, orientation: landscape }
            elements:
              - text: "{{attendee.name}}"
                name: who
                box: { x: 20, y: 90, width: 257, height: 20 }
                font: { family: Noto Serif, size: 24 }
            """.utf8
        ).write(to: templates.appendingPathComponent("classic.yaml"))
        let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")
        let out = folder.appendingPathComponent("out")
        let result = try EndToEndTests.cpdcert([
            "issue", "--event", example.appendingPathComponent("event.yaml").path, "--attendance",
            example.appendingPathComponent("attendance.csv").path, "--out", out.path, "--registry",
            folder.appendingPathComponent("cpdcert.sqlite").path, "--templates", templates.path,
        ])
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.contains("the template prints neither the certificate ID nor a way to verify it"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("cpdcert.sqlite").path))
    }
}
