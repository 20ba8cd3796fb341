import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// `cpdcert render ID --out FILE` writes one certificate's PDF again, byte for byte, or nothing.
@Suite(.serialized) struct RenderCommandEndToEndTests {
    let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")

    @Test func aDeletedPDFIsWrittenAgainByteForByteEvenAfterTheTemplateChanges() throws {
        let folder = try ExternalTool.temporaryDirectory("render")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path
        let issued = try EndToEndTests.cpdcert([
            "issue", "--quiet", "--event", example.appendingPathComponent("event.yaml").path, "--attendance",
            example.appendingPathComponent("attendance.csv").path, "--out", out.path, "--registry", registry,
        ])
        #expect(issued.status == 65, "\(issued.stderr)")
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.csv"), encoding: .utf8)
        let row = try #require(manifest.split(separator: "\r\n").first { $0.contains("Małgorzata") || $0.contains("Wiśniewska") })
        let id = String(row.split(separator: ",")[2])
        let original = try Data(contentsOf: out.appendingPathComponent("\(id).pdf"))
        try FileManager.default.removeItem(at: out.appendingPathComponent("\(id).pdf"))

        let again = folder.appendingPathComponent("again.pdf")
        let rendered = try EndToEndTests.cpdcert(["render", id.lowercased(), "--out", again.path, "--registry", registry])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        #expect(try Data(contentsOf: again) == original)

        // The template edited since: the PDF is drawn from the archive of what it was issued
        // with, not from the working template, so it is still the PDF as issued.
        let templates = folder.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let classic = try String(contentsOf: Samples.packageRoot.appendingPathComponent("Templates/classic.yaml"), encoding: .utf8)
        try classic.replacingOccurrences("#1f3a5f", "#000000").write(
            to: templates.appendingPathComponent("classic.yaml"), atomically: true, encoding: .utf8)
        let changed = folder.appendingPathComponent("changed.pdf")
        let archived = try EndToEndTests.cpdcert([
            "render", id, "--out", changed.path, "--registry", registry, "--templates", templates.path,
        ])
        #expect(archived.status == 0, "\(archived.stderr)")
        #expect(try Data(contentsOf: changed) == original)
        #expect(
            try EndToEndTests.cpdcert(["render", "0000-0000-0000-0000-0000", "--out", changed.path, "--registry", registry]).status == 1)
    }
}
