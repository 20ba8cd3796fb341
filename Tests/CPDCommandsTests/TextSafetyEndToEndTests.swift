import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// What the event file may carry, and what every printer shows of hostile text, run with the
/// built `cpdcert` on small real files.
@Suite(.serialized) struct TextSafetyEndToEndTests {
    let e2e = EndToEndTests()

    /// A canonical attendance file of `rows` (name, job title, minutes) in `folder`.
    func attendance(in folder: URL, _ rows: [(String, String, Int)]) throws -> URL {
        let file = folder.appendingPathComponent("attendance.csv")
        let lines = rows.enumerated().map { index, row in "\"\(row.0)\",person\(index)@example.org,\"\(row.1)\",Fictional Org,\(row.2)" }
        try (["full_name,email,job_title,organisation,minutes_attended"] + lines).joined(separator: "\n").write(
            to: file, atomically: true, encoding: .utf8)
        return file
    }

    func eligibility(_ event: URL, _ attendance: URL, _ extra: [String] = []) throws -> ExternalTool.Result {
        try EndToEndTests.cpdcert(["eligibility", "--event", event.path, "--attendance", attendance.path] + extra)
    }

    func issue(_ event: URL, _ attendance: URL, into folder: URL) throws -> ExternalTool.Result {
        try EndToEndTests.cpdcert([
            "issue", "--event", event.path, "--attendance", attendance.path, "--out", folder.appendingPathComponent("out").path,
            "--registry", folder.appendingPathComponent("cpdcert.sqlite").path,
        ])
    }

    @Test(arguments: [
        (
            "  url: https://policyforesight.example.org", "  url: javascript:alert(1)",
            "event.yaml:6: 'organiser.url' must be an https: URL, found 'javascript:alert(1)'"
        ),
        (
            "  base_url: https://verify.example.org/c/", "  base_url: https://evil.example@verify.example.org/c/",
            "event.yaml:28: 'verification.base_url' must be an https: URL without a user name before '@'"
        ),
        (
            "title: \"Tackling", "title: \"\(String(repeating: "x", count: 100_000)) Tackling",
            "event.yaml:3: 'title' is 100086 characters long; the most is 300: shorten it"
        ),
    ])
    func aHostileEventFileStopsAtLoadWith78(original: String, replacement: String, message: String) throws {
        let folder = try ExternalTool.temporaryDirectory("text-event")
        defer { try? FileManager.default.removeItem(at: folder) }
        let event = try e2e.editedEvent(in: folder, original, replacement)
        let result = try issue(event, try attendance(in: folder, [("Siân Llywelyn", "Social Worker", 200)]), into: folder)
        #expect(result.status == 78, "stderr: \(result.stderr.prefix(300))")
        #expect(result.stderr.contains(message), "stderr: \(result.stderr.prefix(300))")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test func anHTTPAddressIsAcceptedWithOneWarning() throws {
        let folder = try ExternalTool.temporaryDirectory("text-http")
        defer { try? FileManager.default.removeItem(at: folder) }
        let event = try e2e.editedEvent(in: folder, "url: https://", "url: http://")
        let result = try eligibility(event, try attendance(in: folder, [("Siân Llywelyn", "Social Worker", 200)]))
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.components(separatedBy: "'organiser.url' is an http: address").count == 2, "stderr: \(result.stderr)")
    }

    /// `base_url` without its last slash used to give `.../cDP6X-...` in every QR code and link.
    @Test func aBaseURLWithoutItsSlashStillGivesTheRightQRCodeAndLinks() throws {
        let folder = try ExternalTool.temporaryDirectory("text-base")
        defer { try? FileManager.default.removeItem(at: folder) }
        let event = try e2e.editedEvent(in: folder, "base_url: https://verify.example.org/c/", "base_url: https://verify.example.org/c")
        let result = try issue(event, try attendance(in: folder, [("Siân Llywelyn", "Social Worker", 200)]), into: folder)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let out = folder.appendingPathComponent("out")
        let pdf = try #require(try FileManager.default.contentsOfDirectory(atPath: out.path).first { $0.hasSuffix(".pdf") })
        let id = String(pdf.dropLast(4))
        let url = "https://verify.example.org/c/\(id)"
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.csv"), encoding: .utf8)
        #expect(manifest.contains(url), "manifest: \(manifest)")
        let file = try PDFFile(try Data(contentsOf: out.appendingPathComponent(pdf)))
        #expect(try file.text().contains(url))
        let page = folder.appendingPathComponent("page")
        #expect(try ExternalTool.run("pdftoppm", ["-png", "-r", "150", "-singlefile", file.url.path, page.path]).status == 0)
        let scan = try ExternalTool.run("zbarimg", ["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", page.path + ".png"])
        #expect(scan.stdout.trimmingWhitespace() == url, "zbarimg: \(scan.stderr)")
    }

    /// Terminal escapes and bidirectional controls in names, job titles and the event's title are
    /// shown as <U+XXXX> by every printer, never written raw; JSON keeps them as \u escapes.
    @Test func noPrinterWritesAControlCharacterRaw() throws {
        let folder = try ExternalTool.temporaryDirectory("text-escape")
        defer { try? FileManager.default.removeItem(at: folder) }
        let event = try e2e.editedEvent(in: folder, "title: \"Tackling", "title: \"\\u202ETackling")
        let rows = try attendance(
            in: folder,
            [
                ("Ann\u{1B}[2J Bee", "Social Worker", 200), ("Rhys\u{1B}]0;owned\u{07} Jones", "Teacher", 20),
                ("Leila \u{202E}Haddad", "\u{202E}Manager", 205), ("Zoë\u{9B}31m Brontë", "Nurse", 15), ("محمد عبد الله", "مدير", 210),
            ])
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path
        var outputs: [(String, ExternalTool.Result)] = []
        outputs.append(("eligibility", try eligibility(event, rows)))
        let json = try eligibility(event, rows, ["--json"])
        outputs.append(("eligibility --json", json))
        let issued = try issue(event, rows, into: folder)
        outputs.append(("issue", issued))
        let ids = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path).filter {
            $0.hasSuffix(".pdf")
        }.map { String($0.dropLast(4)) }
        #expect(!ids.isEmpty, "issue: \(issued.stderr)")
        for id in ids {
            outputs.append(("verify", try EndToEndTests.cpdcert(["verify", id, "--registry", registry])))
            outputs.append(("verify --json", try EndToEndTests.cpdcert(["verify", id, "--registry", registry, "--json"])))
        }
        for format in ["table", "csv", "json"] {
            outputs.append(
                (
                    "audit event",
                    try EndToEndTests.cpdcert(["audit", "event", "county-lines-2020", "--format", format, "--registry", registry])
                ))
        }
        for (command, result) in outputs {
            for (stream, text) in [("stdout", result.stdout), ("stderr", result.stderr)] {
                // Line feeds stay, and a carriage return before one (CSV's CRLF): nothing else.
                let raw = text.replacingOccurrences(of: "\r\n", with: "\n").unicodeScalars.filter { VisibleText.isActive($0) && $0 != "\n" }
                    .map(VisibleText.codePoint)
                #expect(raw.isEmpty, "\(command) wrote \(raw) raw to \(stream): \(text.prefix(400))")
            }
        }
        let text = try #require(outputs.first).1.stdout
        #expect(text.contains("Event county-lines-2020: <U+202E>Tackling"))
        // JSON keeps every character: the title reads back exactly.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let title = try #require((object["event"] as? [String: Any])?["title"] as? String)
        #expect(title.hasPrefix("\u{202E}Tackling"))
    }
}
