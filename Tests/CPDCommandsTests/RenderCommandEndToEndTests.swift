import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// `cpdcert render ID --out FILE` writes one certificate's PDF again, byte for byte, or nothing.
@Suite(.serialized) struct RenderCommandEndToEndTests {
    let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")

    @Test func aDeletedPDFIsWrittenAgainByteForByteAndAChangedTemplateWritesNothing() throws {
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

        // The template edited since: refused, nothing written.
        let templates = folder.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let classic = try String(contentsOf: Samples.packageRoot.appendingPathComponent("Templates/classic.yaml"), encoding: .utf8)
        try (classic + "\n# tidied\n").write(to: templates.appendingPathComponent("classic.yaml"), atomically: true, encoding: .utf8)
        let changed = folder.appendingPathComponent("changed.pdf")
        let refused = try EndToEndTests.cpdcert([
            "render", id, "--out", changed.path, "--registry", registry, "--templates", templates.path,
        ])
        #expect(refused.status == 65)
        #expect(
            refused.stderr.contains("template 'classic' has changed since it was issued, so the PDF of \(id) cannot be re-created"),
            "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: changed.path))
        #expect(
            try EndToEndTests.cpdcert(["render", "0000-0000-0000-0000-0000", "--out", changed.path, "--registry", registry]).status == 1)
    }
}
