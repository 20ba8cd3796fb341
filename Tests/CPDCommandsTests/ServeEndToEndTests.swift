import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// The built `cpdcert serve` on a loopback port, against a registry `cpdcert issue` made from the
/// example event, driven by headless Chromium (Debian's `chromium`): the certificate page, its
/// screenshot, a mistyped ID, and the genuine and an edited PDF uploaded.
///
/// Chromium must be installed (`make deps` installs it); without it this test fails rather than
/// passing unseen.
@Suite(.serialized) struct ServeEndToEndTests {
    let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")

    /// Runs headless Chromium with `arguments`; its own noise on stderr (D-Bus) is ignored.
    func chromium(_ arguments: [String], profile: URL) throws -> ExternalTool.Result {
        try ExternalTool.run(
            "chromium",
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--user-data-dir=\(profile.path)",
            ] + arguments)
    }

    func dom(_ url: String, profile: URL) throws -> String {
        let result = try chromium(["--dump-dom", url], profile: profile)
        #expect(result.status == 0, "chromium --dump-dom \(url): \(result.stderr.suffix(500))")
        return result.stdout
    }

    /// The horizontal space between the page's Download PDF and Add to LinkedIn buttons, and the
    /// difference of their tops, as Chromium lays them out 900 px wide: the page as served with
    /// its stylesheet inlined and a script (the server's CSP forbids one) that writes them into the title.
    func actionGap(base: String, id: String, folder: URL, profile: URL) throws -> (x: Double, top: Double) {
        let html = try ExternalTool.run("curl", ["-s", "\(base)/c/\(id)"]).stdout
        let stylesheet = try #require(html.firstMatch(of: /\/static\/site\.css[^"]*/).map { String($0.output) })
        let css = try ExternalTool.run("curl", ["-s", base + stylesheet]).stdout
        let script = """
            <script>addEventListener("load", () => { const a = document.getElementById("download-pdf").getBoundingClientRect(); \
            const b = document.getElementById("add-to-linkedin").getBoundingClientRect(); \
            document.title = "GAP " + (b.left - a.right) + " " + (b.top - a.top) })</script>
            """
        let file = folder.appendingPathComponent("measured.html")
        try Data(
            html.replacingOccurrences("</head>", "<style>\(css)</style></head>").replacingOccurrences("</body>", script + "</body>").utf8
        ).write(to: file)
        let dom = try chromium(
            ["--window-size=900,800", "--virtual-time-budget=3000", "--dump-dom", file.absoluteString], profile: profile)
        let title = try #require(dom.stdout.firstMatch(of: /<title>GAP (\S+) (\S+)<\/title>/), "no measurement: \(dom.stdout.prefix(300))")
        return (try #require(Double(title.output.1)), try #require(Double(title.output.2)))
    }

    /// Uploads `file` with the form's multipart body (curl -F sends what a browser sends) and
    /// returns the status and the page it redirects to.
    func upload(_ file: URL, id: String, base: String) throws -> (status: String, location: String) {
        let result = try ExternalTool.run(
            "curl",
            [
                "-s", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", "-F", "pdf=@\(file.path);type=application/pdf", "-F",
                "id=\(id)", "\(base)/check",
            ])
        let parts = result.stdout.split(separator: " ", maxSplits: 1).map(String.init)
        return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
    }

    @Test func aBrowserSeesTheCertificateTheMistypedIDAndBothPDFAnswers() throws {
        let chromiumPath = try ExternalTool.run("sh", ["-c", "command -v chromium"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(!chromiumPath.isEmpty, "chromium is not installed: apt-get install chromium (make deps does)")
        try #require(FileManager.default.isExecutableFile(atPath: EndToEndTests.binary), "build first: \(EndToEndTests.binary)")

        let folder = try ExternalTool.temporaryDirectory("e2e-serve")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Artifacts outlive the test: the screenshot is for people to look at.
        let artifacts = FileManager.default.temporaryDirectory.appendingPathComponent("cpdcert-artifacts/serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let profile = folder.appendingPathComponent("chromium-profile")
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path
        let issued = try EndToEndTests.cpdcert([
            "issue", "--event", example.appendingPathComponent("event.yaml").path,
            "--attendance", example.appendingPathComponent("attendance.csv").path,
            "--out", folder.appendingPathComponent("out").path, "--registry", registry,
        ])
        #expect(issued.status == 65, "stderr: \(issued.stderr)")
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path).filter {
            $0.hasSuffix(".pdf")
        }
        .sorted()
        let fileName = try #require(pdfs.first)
        let id = String(fileName.dropLast(4))
        let pdf = folder.appendingPathComponent("out/\(fileName)")
        let json = try EndToEndTests.cpdcert(["verify", id, "--registry", registry, "--json"])
        let record = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let name = try #require((record["attendee"] as? [String: Any])?["name"] as? String)

        let server = try BackgroundProcess(
            EndToEndTests.binary,
            [
                "serve", "--registry", registry, "--host", "127.0.0.1", "--port", "0", "--site-name", "Policy Foresight",
                "--templates", Samples.packageRoot.appendingPathComponent("Templates").path,
                "--assets", Samples.packageRoot.appendingPathComponent("Assets").path,
            ], environment: ["CPDCERT_REGISTRY": "", "CPDCERT_KEYS": EndToEndTests.noKeys], directory: folder)
        defer { server.stop() }
        let base = try #require(
            server.servingBase(), "the server did not start: \(server.printed.stderr)")

        // The certificate's page: status and every printed field in the DOM.
        let page = try dom("\(base)/c/\(id.lowercased())", profile: profile)
        for expected in [
            "Valid certificate", name, "Tackling Child Criminal Exploitation", "Wednesday 16 September 2020", "10:00–13:30 BST",
            "3.5 (contact time)", "Live webinar", "Dr Helena Marsh", "Policy Foresight", id, try #require(record["pdf_sha256"] as? String),
            "<img src=\"/c/\(id)/certificate.png\"",
        ] {
            #expect(page.contains(expected), "the page lacks \(expected)")
        }
        #expect(!page.contains("@"))

        // A screenshot, kept as an artifact.
        let screenshot = artifacts.appendingPathComponent("certificate-page.png")
        let shot = try chromium(["--screenshot=\(screenshot.path)", "--window-size=412,2600", "\(base)/c/\(id)"], profile: profile)
        #expect(shot.status == 0, "\(shot.stderr.suffix(500))")
        let png = try Data(contentsOf: screenshot)
        #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        #expect(png.count > 20_000, "the screenshot is suspiciously small")
        print("Screenshot of the certificate page: \(screenshot.path)")

        // The buttons under the ID stand .5rem (8 px) apart, no stray space between them.
        let gap = try actionGap(base: base, id: id, folder: folder, profile: profile)
        #expect(abs(gap.x - 8) < 0.5 && abs(gap.top) < 0.5, "Download PDF to Add to LinkedIn: \(gap)")

        // The picture the page shows is a PNG drawn by the server.
        let picture = try ExternalTool.run(
            "curl",
            [
                "-s", "-o", artifacts.appendingPathComponent("certificate.png").path, "-w", "%{http_code} %{content_type}",
                "\(base)/c/\(id)/certificate.png",
            ])
        #expect(picture.stdout == "200 image/png")

        // A mistyped ID, typed sloppily into the form.
        var typo = Array(id.replacingOccurrences("-", ""))
        typo[7] = typo[7] == "A" ? "B" : "A"
        let mistyped = try dom("\(base)/c?id=\(String(typo).lowercased())", profile: profile)
        #expect(mistyped.contains("This ID looks mistyped"))
        #expect(!mistyped.contains("Certificate not found"))

        // The genuine PDF, then one with a single byte changed.
        let genuine = try upload(pdf, id: id, base: base)
        #expect(genuine.status == "303")
        let genuineAnswer = try dom(genuine.location, profile: profile)
        #expect(genuineAnswer.contains("Genuine PDF"))
        #expect(genuineAnswer.contains("This PDF is exactly certificate"))
        var bytes = try Data(contentsOf: pdf)
        bytes[bytes.count / 2] ^= 0x20
        let edited = folder.appendingPathComponent("edited.pdf")
        try bytes.write(to: edited)
        let modified = try upload(edited, id: id, base: base)
        #expect(modified.status == "303")
        let modifiedAnswer = try dom(modified.location, profile: profile)
        #expect(modifiedAnswer.contains("Not a certificate as issued"))
        #expect(!modifiedAnswer.contains("Genuine PDF"))
        let answerShot = try chromium(
            [
                "--screenshot=\(artifacts.appendingPathComponent("edited-pdf-answer.png").path)", "--window-size=412,1200",
                modified.location,
            ],
            profile: profile)
        #expect(answerShot.status == 0)

        // The API gives the same two answers.
        for (file, match) in [(pdf, "true"), (edited, "false")] {
            let answer = try ExternalTool.run(
                "curl", ["-s", "-H", "Content-Type: application/pdf", "--data-binary", "@\(file.path)", "\(base)/api/v1/verify-pdf"])
            #expect(answer.stdout.contains("\"match\" : \(match)"), "\(answer.stdout)")
        }

        server.stop()
        let printed = server.printed
        #expect(!printed.stdout.contains("@") && !printed.stderr.contains("@"), "the server printed an email address")
        #expect(printed.stderr.contains("request answered"))
        #expect(!printed.stderr.contains(name), "the server logged an attendee's name")
    }
}
