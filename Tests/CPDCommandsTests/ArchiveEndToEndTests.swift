import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// Every certificate is drawn again from the registry's archive of what it was drawn from, never
/// from the working Templates and Assets folders or the system's fonts: after the template's
/// colours change, an asset is deleted and fontconfig sees other fonts, a deleted PDF comes back
/// byte for byte, from `issue`, from `render` and as the server's picture; `audit verify` finds
/// an archived file missing or altered.
@Suite(.serialized) struct ArchiveEndToEndTests {
    /// Names in many scripts, so that the PDFs embed fonts the template's families lack too
    /// (Thai and Ethiopic come from fontconfig's fallbacks, not the template's list).
    static let attendance = """
        full_name,email,job_title,organisation,minutes_attended
        Siân Llywelyn,sian.llywelyn@example.org,Senior Social Worker,Cyngor Sir Ynys Môn (fictional),205
        Nguyễn Thị Hằng,nguyen.thi.hang@example.org,School Nurse,Riverside NHS Foundation Trust,188
        王秀英,wang.xiuying@example.org,Youth Worker,Eastgate Youth Partnership,172
        فاطمة الزهراء,fatima.zahra@example.org,مرشدة اجتماعية,Northbridge Academy,200
        Adébáyọ̀ Ọláńrewájú,adebayo.olanrewaju@example.org,Police Constable,Metropolitan Police (fictional),190
        Aoife Ní Bhriain,aoife.nibhriain@example.org,Teacher,Scoil Bhríde (fictional),210
        สมชาย ใจดี,somchai.jaidee@example.org,Nurse,Riverside NHS Foundation Trust,180
        ግርማ ተስፋዬ,girma.tesfaye@example.org,Youth Worker,Eastgate Youth Partnership,199
        Małgorzata Wiśniewska,malgorzata.wisniewska@example.org,Social Worker,Northbridge Council (fictional),201

        """

    let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")

    /// Runs the built binary with `environment` added (as `EndToEndTests.cpdcert` does).
    func cpdcert(_ arguments: [String], environment: [String: String] = [:]) throws -> ExternalTool.Result {
        try ExternalTool.run(
            EndToEndTests.binary, arguments,
            environment: ["CPDCERT_REGISTRY": "", "CPDCERT_KEYS": EndToEndTests.noKeys].merging(environment) { $1 },
            directory: Samples.packageRoot)
    }

    /// A fontconfig configuration that sees only copies of other fonts (DejaVu), in `folder`.
    func otherFonts(in folder: URL) throws -> String {
        let fonts = folder.appendingPathComponent("other-fonts")
        try FileManager.default.createDirectory(at: fonts, withIntermediateDirectories: true)
        let dejavu = URL(fileURLWithPath: "/usr/share/fonts/truetype/dejavu")
        for name in try FileManager.default.contentsOfDirectory(atPath: dejavu.path) where name.hasSuffix(".ttf") {
            try FileManager.default.copyItem(at: dejavu.appendingPathComponent(name), to: fonts.appendingPathComponent(name))
        }
        let config = folder.appendingPathComponent("fonts.conf")
        try """
        <?xml version="1.0"?>
        <!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
        <fontconfig><dir>\(fonts.path)</dir><cachedir>\(folder.appendingPathComponent("fontconfig-cache").path)</cachedir></fontconfig>
        """.write(to: config, atomically: true, encoding: .utf8)
        return config.path
    }

    @Test func deletedPDFsComeBackByteForByteAfterTemplatesAssetsAndFontsChange() throws {
        let folder = try ExternalTool.temporaryDirectory("archive")
        defer { try? FileManager.default.removeItem(at: folder) }
        let templates = folder.appendingPathComponent("Templates"), assets = folder.appendingPathComponent("Assets")
        try FileManager.default.copyItem(at: Samples.packageRoot.appendingPathComponent("Templates"), to: templates)
        try FileManager.default.copyItem(at: Samples.packageRoot.appendingPathComponent("Assets"), to: assets)
        let attendance = folder.appendingPathComponent("attendance.csv")
        try Self.attendance.write(to: attendance, atomically: true, encoding: .utf8)
        let keys = folder.appendingPathComponent("keys").path
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path
        let out = folder.appendingPathComponent("out")
        #expect(try cpdcert(["keys", "init", "--name", "verify.example.org/archive-test", "--keys", keys]).status == 0)
        let issue = [
            "issue", "--quiet", "--event", example.appendingPathComponent("event.yaml").path, "--attendance", attendance.path,
            "--out", out.path, "--registry", registry, "--keys", keys, "--templates", templates.path, "--assets", assets.path,
            "--jobs", "2",
        ]
        let issued = try cpdcert(issue)
        #expect(issued.status == 0, "\(issued.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".pdf") }.sorted()
        #expect(names.count == 9)
        var originals: [String: Data] = [:]
        for name in names { originals[name] = try Data(contentsOf: out.appendingPathComponent(name)) }

        // Fonts from fallbacks were archived too, not only the template's families.
        let fonts = try ExternalTool.run("/usr/bin/sqlite3", [registry, "SELECT canonical FROM rendering_inputs"]).stdout
        #expect(fonts.contains("NotoSansThai") || fonts.contains("NotoSerifThai"), "\(fonts)")
        #expect(fonts.contains("Ethiopic"), "\(fonts)")

        // The template's colours change, an asset goes, fontconfig sees only other fonts.
        let classic = templates.appendingPathComponent("classic.yaml")
        try (try String(contentsOf: classic, encoding: .utf8)).replacingOccurrences("#1f3a5f", "#8b0000")
            .write(to: classic, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: assets.appendingPathComponent("logo.svg"))
        let elsewhere = ["FONTCONFIG_FILE": try otherFonts(in: folder)]
        for name in names { try FileManager.default.removeItem(at: out.appendingPathComponent(name)) }

        let repaired = try cpdcert(issue.filter { $0 != "--quiet" }, environment: elsewhere)
        #expect(repaired.status == 0, "\(repaired.stdout)\(repaired.stderr)")
        #expect(repaired.stdout.contains("PDFs re-created:  9"), "\(repaired.stdout)")
        for name in names {
            #expect(try Data(contentsOf: out.appendingPathComponent(name)) == originals[name], "\(name) differs")
        }

        // cpdcert render, in this process, with the same fonts gone.
        for name in names {
            let again = folder.appendingPathComponent("again-\(name)")
            let rendered = try cpdcert(
                ["render", String(name.dropLast(4)), "--out", again.path, "--registry", registry], environment: elsewhere)
            #expect(rendered.status == 0, "\(rendered.stderr)")
            #expect(try Data(contentsOf: again) == originals[name], "\(name) rendered differs")
        }

        // The audit checks the archive beside the PDFs (each against the registry's hash).
        let verifier = keys + "/log.pub"
        let audited = try cpdcert(["audit", "verify", "--registry", registry, "--pdfs", out.path, "--key", verifier])
        #expect(audited.status == 0, "\(audited.stdout)\(audited.stderr)")
        #expect(audited.stdout.contains("Archive: "), "\(audited.stdout)")

        // An archived file altered, then one removed (an insider with sqlite3): reported, exit 65.
        let logo = try ExternalTool.run(
            "/usr/bin/sqlite3", [registry, "SELECT sha256 FROM archive_file WHERE size < 2000 ORDER BY sha256 LIMIT 1"]
        ).stdout.trimmingWhitespace()
        let altered = try ExternalTool.run(
            "/usr/bin/sqlite3",
            [
                registry,
                "DROP TRIGGER archive_file_no_update; UPDATE archive_file SET bytes = zeroblob(size) WHERE sha256 = '\(logo)'",
            ])
        #expect(altered.status == 0, "\(altered.stderr)")
        let damaged = try cpdcert(["audit", "verify", "--registry", registry, "--key", verifier])
        #expect(damaged.status == 65, "\(damaged.stdout)")
        #expect(damaged.stdout.contains("no longer hashes to its SHA-256 \(logo)"), "\(damaged.stdout)")
        let refused = try cpdcert([
            "render", String(names[0].dropLast(4)), "--out", folder.appendingPathComponent("x.pdf").path, "--registry", registry,
        ])
        #expect(refused.status == 65 && refused.stderr.contains("damaged"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("x.pdf").path))

        let removed = try ExternalTool.run(
            "/usr/bin/sqlite3", [registry, "DROP TRIGGER archive_file_no_delete; DELETE FROM archive_file WHERE sha256 = '\(logo)'"])
        #expect(removed.status == 0, "\(removed.stderr)")
        let missing = try cpdcert(["audit", "verify", "--registry", registry, "--key", verifier])
        #expect(missing.status == 65, "\(missing.stdout)")
        #expect(missing.stdout.contains("is missing (SHA-256 \(logo)"), "\(missing.stdout)")
    }

    @Test func theServersPictureIsDrawnFromTheArchiveAfterTheTemplateChanges() throws {
        let folder = try ExternalTool.temporaryDirectory("archive-picture")
        defer { try? FileManager.default.removeItem(at: folder) }
        let templates = folder.appendingPathComponent("Templates")
        try FileManager.default.copyItem(at: Samples.packageRoot.appendingPathComponent("Templates"), to: templates)
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path
        let out = folder.appendingPathComponent("out")
        let issued = try cpdcert([
            "issue", "--quiet", "--event", example.appendingPathComponent("event.yaml").path, "--attendance",
            example.appendingPathComponent("attendance.csv").path, "--out", out.path, "--registry", registry,
            "--templates", templates.path,
        ])
        #expect(issued.status == 65, "\(issued.stderr)")
        let id = try #require(try FileManager.default.contentsOfDirectory(atPath: out.path).first { $0.hasSuffix(".pdf") }?.dropLast(4))
        let classic = templates.appendingPathComponent("classic.yaml")
        try (try String(contentsOf: classic, encoding: .utf8)).replacingOccurrences("#1f3a5f", "#8b0000")
            .write(to: classic, atomically: true, encoding: .utf8)

        let server = try BackgroundProcess(
            EndToEndTests.binary,
            ["serve", "--registry", registry, "--host", "127.0.0.1", "--port", "0", "--templates", templates.path],
            environment: ["CPDCERT_REGISTRY": "", "CPDCERT_KEYS": EndToEndTests.noKeys], directory: folder)
        defer { server.stop() }
        let base = try #require(server.servingBase(), "the server did not start: \(server.printed.stderr)")
        let picture = folder.appendingPathComponent("picture.png")
        let fetched = try ExternalTool.run(
            "/usr/bin/curl", ["-s", "-o", picture.path, "-w", "%{http_code} %{content_type}", "\(base)/c/\(id)/certificate.png"])
        #expect(fetched.stdout == "200 image/png", "\(fetched.stdout)")
        #expect(Array(try Data(contentsOf: picture).prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        let page = try ExternalTool.run("/usr/bin/curl", ["-s", "\(base)/c/\(id)"]).stdout
        #expect(page.contains("<img src=\"/c/\(id)/certificate.png\""), "\(page)")
        #expect(!page.contains("unavailable"))
    }
}
