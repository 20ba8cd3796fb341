import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// Runs the built `cpdcert` binary on the example event's real files.
@Suite(.serialized) struct EndToEndTests {
    /// The `cpdcert` executable built beside the test bundle (swift build --build-tests builds both).
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["CPDCERT_BINARY"] { return path }
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return testBinary.deletingLastPathComponent().appendingPathComponent("cpdcert").path
    }()

    let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")

    /// A key folder that does not exist: the tests' commands never pick up the package root's
    /// ./cpdcert-keys, which `make demo` creates (a test's own `--keys` still wins).
    static let noKeys = FileManager.default.temporaryDirectory.appendingPathComponent("cpdcert-no-keys-\(UUID().uuidString)").path

    /// Runs the built binary from the package root with no registry and no key folder in the environment.
    static func cpdcert(_ arguments: [String]) throws -> ExternalTool.Result {
        try ExternalTool.run(
            binary, arguments, environment: ["CPDCERT_REGISTRY": "", "CPDCERT_KEYS": noKeys], directory: Samples.packageRoot)
    }

    func cpdcert(_ arguments: [String], in folder: URL) throws -> ExternalTool.Result {
        try Self.cpdcert(arguments)
    }

    /// Issues the example's attendance into `folder`/out and `folder`/cpdcert.sqlite.
    func issue(into folder: URL, event: URL? = nil, options: [String] = []) throws -> ExternalTool.Result {
        try cpdcert(
            [
                "issue", "--event", (event ?? example.appendingPathComponent("event.yaml")).path,
                "--attendance", example.appendingPathComponent("attendance.csv").path,
                "--out", folder.appendingPathComponent("out").path,
                "--registry", folder.appendingPathComponent("cpdcert.sqlite").path,
            ] + options, in: folder)
    }

    /// The example's event.yaml with `target` replaced, written into `folder`.
    func editedEvent(in folder: URL, _ target: String, _ replacement: String) throws -> URL {
        let event = try String(contentsOf: example.appendingPathComponent("event.yaml"), encoding: .utf8)
        let file = folder.appendingPathComponent("event.yaml")
        try event.replacingOccurrences(target, replacement).write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test func issuesTheExampleVerifiesAndRerunsIdempotently() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build first: \(Self.binary)")
        let folder = try ExternalTool.temporaryDirectory("e2e")
        defer { try? FileManager.default.removeItem(at: folder) }
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path

        let first = try issue(into: folder)
        // 65: the example has four malformed rows on purpose; the rest are issued.
        #expect(first.status == 65, "stderr: \(first.stderr)")
        #expect(first.stdout.contains("issued now:       29"))
        #expect(first.stdout.contains("not eligible:     7"))
        #expect(first.stdout.contains("attendance.csv:11: Seán Ó Conaill: attended 157 of 210 minutes"))
        #expect(first.stderr.contains("attendance.csv:22: 'email' is empty"))
        #expect(first.stderr.contains("attendance.csv:37: 'minutes_attended' must be a number"))
        #expect(!first.stdout.contains("@example.org"))

        let pdfs = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path).filter {
            $0.hasSuffix(".pdf")
        }
        #expect(pdfs.count == 29)
        let manifest = try String(contentsOf: folder.appendingPathComponent("out/manifest.csv"), encoding: .utf8)
        #expect(manifest.split(separator: "\r\n").count == 30)

        // Verify one, as text and as JSON; its stored hash matches the file.
        let id = String(try #require(pdfs.first).dropLast(4))
        let verified = try cpdcert(["verify", id.lowercased(), "--registry", registry], in: folder)
        #expect(verified.status == 0, "stderr: \(verified.stderr)")
        #expect(verified.stdout.contains("\(id): VALID"))
        #expect(verified.stdout.contains("Event:         Tackling Child Criminal Exploitation"))
        let json = try cpdcert(["verify", id, "--registry", registry, "--json"], in: folder)
        #expect(json.status == 0)
        #expect(!json.stdout.contains("@"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let digest = try ExternalTool.run("sha256sum", [folder.appendingPathComponent("out/\(id).pdf").path])
        #expect(object["pdf_sha256"] as? String == digest.stdout.split(separator: " ").first.map(String.init))
        #expect(object["status"] as? String == "valid")

        // Second run: nothing new, every certificate already issued.
        let second = try issue(into: folder)
        #expect(second.stdout.contains("issued now:       0"))
        #expect(second.stdout.contains("already issued:   29"))
        #expect(!second.stderr.contains("issued 0 of 0"), "no progress line when there is nothing to issue")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path).filter { $0.hasSuffix(".pdf") }
                .count == 29)
    }

    @Test func progressIsPlainLinesOffATerminalAndJSONOnRequest() throws {
        let folder = try ExternalTool.temporaryDirectory("e2e-progress")
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = try issue(into: folder)
        #expect(plain.stderr.contains("issued 29 of 29 (100%), failed 0"))
        #expect(!plain.stderr.contains("\r"))

        let again = folder.appendingPathComponent("again")
        let json = try cpdcert(
            [
                "issue", "--json", "--jobs", "2", "--event", example.appendingPathComponent("event.yaml").path,
                "--attendance", example.appendingPathComponent("attendance.csv").path,
                "--out", again.appendingPathComponent("out").path, "--registry", again.appendingPathComponent("r.sqlite").path,
            ], in: folder)
        let events = try json.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let progress = events.filter { $0["event"] as? String == "progress" }
        let summary = try #require(events.last)
        #expect(!progress.isEmpty)
        #expect(progress.last?["issued"] as? Int == 29)
        #expect(summary["event"] as? String == "summary")
        #expect(summary["issued"] as? Int == 29)
        #expect(summary["ineligible"] as? Int == 7)
        #expect((summary["rejected"] as? [Any])?.count == 4)
        // Peak memory of this process and of its (ended) render workers, in KiB.
        #expect((summary["peak_rss_kib"] as? Int ?? 0) > 10_000)
        #expect((summary["peak_worker_rss_kib"] as? Int ?? 0) > 10_000)
        #expect(!json.stdout.contains("@example.org"))
    }

    @Test func aOneOffCertificateIsDrawnInThisProcessWhateverTheJobs() throws {
        let folder = try ExternalTool.temporaryDirectory("e2e-one-off")
        defer { try? FileManager.default.removeItem(at: folder) }
        let attendance = folder.appendingPathComponent("one.csv")
        try Data(
            "full_name,email,job_title,organisation,minutes_attended\nNguyễn Thị Hương,huong.nguyen@example.org,School Nurse,Riverside NHS Trust (fictional),210\n"
                .utf8
        ).write(to: attendance)
        let result = try cpdcert(
            [
                "issue", "--json", "--jobs", "2", "--event", example.appendingPathComponent("event.yaml").path,
                "--attendance", attendance.path, "--out", folder.appendingPathComponent("out").path,
                "--registry", folder.appendingPathComponent("r.sqlite").path,
            ], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let last = try #require(result.stdout.split(separator: "\n").last)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(summary["issued"] as? Int == 1)
        // No render worker was started for one person: the children's peak is nothing.
        #expect(summary["peak_worker_rss_kib"] as? Int == 0)
    }

    @Test func dryRunPlansAndRendersButWritesNothing() throws {
        let folder = try ExternalTool.temporaryDirectory("e2e-dry")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try cpdcert(
            [
                "issue", "--dry-run", "--event", example.appendingPathComponent("event.yaml").path,
                "--attendance", example.appendingPathComponent("attendance.csv").path,
                "--out", folder.appendingPathComponent("out").path, "--registry", folder.appendingPathComponent("r.sqlite").path,
            ], in: folder)
        #expect(result.stdout.contains("DRY RUN, nothing written."))
        #expect(result.stdout.contains("issued now:       29"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func verifyExitStatusesSayUnknownAndMistyped() throws {
        let folder = try ExternalTool.temporaryDirectory("e2e-verify")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try issue(into: folder)
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path
        let unknown = SeededRandomSource(seed: 4242).certificateID()
        let notFound = try cpdcert(["verify", unknown.description, "--registry", registry], in: folder)
        #expect(notFound.status == 1)
        #expect(notFound.stderr.contains("no certificate \(unknown)"))

        var characters = Array(unknown.compact)
        characters[0] = characters[0] == "7" ? "8" : "7"
        let mistyped = try cpdcert(["verify", String(characters), "--registry", registry], in: folder)
        #expect(mistyped.status == 64)
        #expect(mistyped.stderr.contains("looks mistyped"))

        let garbage = try cpdcert(["verify", "hello", "--registry", registry], in: folder)
        #expect(garbage.status == 64)

        let missing = try cpdcert(
            ["verify", unknown.description, "--registry", folder.appendingPathComponent("none.sqlite").path], in: folder)
        #expect(missing.status == 74)
        #expect(missing.stderr.contains("no registry at"))
    }

    @Test func badEventFileFailsBeforeIssuingAnything() throws {
        let folder = try ExternalTool.temporaryDirectory("e2e-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let event = try editedEvent(in: folder, "cpd_hours: 3.5", "cpd_hours: three and a half")
        let result = try issue(into: folder, event: event)
        #expect(result.status == 78)
        #expect(result.stderr.contains("event.yaml:12: 'cpd_hours' must be a number between 0.25 and 100, found 'three and a half'"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))

        let noFile = try cpdcert(["issue", "--event", "/nonexistent/event.yaml", "--attendance", "x.csv"], in: folder)
        #expect(noFile.status == 66)
        #expect(noFile.stderr.contains("/nonexistent/event.yaml: no such file"))
    }

    @Test func theBilingualTemplateIssuesWelshDatesAndABrokenTemplateStopsTheBatch() throws {
        let folder = try ExternalTool.temporaryDirectory("e2e-bilingual")
        defer { try? FileManager.default.removeItem(at: folder) }
        let event = try editedEvent(in: folder, "template: classic", "template: bilingual")
        let result = try issue(into: folder, event: event)
        #expect(result.status == 65, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("issued now:       29"))
        let out = folder.appendingPathComponent("out")
        let first = try #require(try FileManager.default.contentsOfDirectory(atPath: out.path).first { $0.hasSuffix(".pdf") })
        let text = try PDFFile(Data(contentsOf: out.appendingPathComponent(first))).text()
        #expect(text.contains("Tystysgrif Presenoldeb") && text.contains("Dydd Mercher, 16 Medi 2020"))

        // A template whose fixed text cannot fit fails before anything is issued.
        let templates = folder.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data(
            """
            page: { size: A4, orientation: landscape }
            elements:
              - text: Certificate of Attendance
                name: heading
                box: { x: 20, y: 20, width: 30, height: 10 }
                font: { family: Noto Serif, size: 30 }
              - text: "{{certificate.id}}"
                box: { x: 20, y: 180, width: 100, height: 10 }
                font: { family: Noto Sans, size: 9 }
            """.utf8
        ).write(to: templates.appendingPathComponent("bilingual.yaml"))
        // In this process (one job) and in the first worker process (two jobs) alike.
        for jobs in ["1", "2"] {
            let again = folder.appendingPathComponent("again-\(jobs)")
            let broken = try issue(into: again, event: event, options: ["--templates", templates.path, "--jobs", jobs])
            #expect(broken.status == 78, "--jobs \(jobs)")
            #expect(
                broken.stderr.contains(
                    "bilingual: a sample certificate cannot be drawn, so no certificate would be: element 'heading': the text does not fit"),
                "--jobs \(jobs): \(broken.stderr)")
            #expect(!FileManager.default.fileExists(atPath: again.path))
        }
    }
}
