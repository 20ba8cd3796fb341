import CPDTestSupport
import Foundation
import Testing

/// A batch survives its console being killed: the built `cpdcert console` issues an event of a few
/// hundred attendees, is killed with SIGKILL in the middle of the batch (no handler runs), and the
/// next console resumes the job it finds running and finishes it, with exactly one certificate per
/// eligible attendee, a PDF for each, and a ZIP whose PDFs hash to what the registry holds.
@Suite(.serialized) struct ConsoleRestartEndToEndTests {
    let console = ConsoleEndToEndTests()
    let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")

    /// A canonical attendance CSV of `count` fictional attendees (names of the example report, each
    /// at its own example.org address); every tenth attended too little to qualify.
    static func attendance(_ count: Int) -> (csv: String, eligible: Int) {
        let names = [
            "Siân Llywelyn", "Zoë Brontë-Łukasiewicz", "Nguyễn Thị Hằng", "王秀英", "Aoife Ní Bhriain", "Dafydd ap Gruffudd",
            "Małgorzata Wiśniewska", "Adébáyọ̀ Ọlátúnjí", "فاطمة الزهراء", "Seán Ó Conaill", "Oluwaseun Adeyemi-Bakare",
            "Trần Văn Minh", "李明", "Katarzyna Zielińska", "Yusuf Al-Haddad", "Phạm Quốc Bảo", "陈静", "Bethan Hughes",
        ]
        var csv = "full_name,email,job_title,organisation,minutes_attended\n"
        var eligible = 0
        for index in 0..<count {
            let qualifies = index % 10 != 9
            if qualifies { eligible += 1 }
            csv += "\(names[index % names.count]),attendee\(index)@example.org,Social Worker,Example Council (fictional),"
            csv += qualifies ? "200\n" : "90\n"
        }
        return (csv, eligible)
    }

    @Test func aJobKilledMidBatchIsResumedByTheNextConsoleAndFinishesExactlyOnce() throws {
        let folder = try ExternalTool.temporaryDirectory("e2e-console-restart")
        defer { try? FileManager.default.removeItem(at: folder) }
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path
        let jar = folder.appendingPathComponent("cookies.txt")
        let (csv, eligible) = Self.attendance(400)
        let report = folder.appendingPathComponent("attendance.csv")
        try Data(csv.utf8).write(to: report)

        let token = try ConsoleEndToEndTests.addAdmin("mared.admin@example.org", registry: registry)
        var (process, base) = try console.startConsole(registry: registry, folder: folder)
        defer { process.stop() }
        _ = try console.signIn(base: base, jar: jar, token: token, email: "mared.admin@example.org", password: "Pont Menai 1826 llanw")
        let csrf = ConsoleEndToEndTests.csrf(try console.curl("\(base)/", jar: jar).body)
        let uploaded = try console.curl(
            "\(base)/events", jar: jar,
            ["-F", "csrf=\(csrf)", "-F", "event=@\(example.appendingPathComponent("event.yaml").path)", "-F", "attendance=@\(report.path)"])
        #expect(uploaded.status == 303, "\(uploaded.body)")
        let review = try console.curl("\(base)/events/county-lines-2020", jar: jar)
        #expect(review.body.contains("Issue \(eligible) certificates"), "\(review.body)")

        // Issue, and kill the console once some certificates are recorded and before all are.
        #expect(try console.curl("\(base)/events/county-lines-2020/issue", jar: jar, ["--data-urlencode", "csrf=\(csrf)"]).status == 303)
        var recorded = 0
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline, recorded == 0 {
            recorded = Int(try ConsoleEndToEndTests.sql(registry, "SELECT count(*) FROM certificate")) ?? 0
            if recorded == 0 { Thread.sleep(forTimeInterval: 0.05) }
        }
        process.kill()
        let atKill = Int(try ConsoleEndToEndTests.sql(registry, "SELECT count(*) FROM certificate")) ?? 0
        ConsoleEndToEndTests.trace("killed the console with \(atKill) of \(eligible) certificates recorded")
        try #require(atKill > 0 && atKill < eligible, "the kill came mid-batch: \(atKill) of \(eligible)")
        #expect(
            try ConsoleEndToEndTests.sql(registry, "SELECT id || ' ' || state FROM console_job") == "1 running",
            "the killed job is left running")

        // The next console finds the job running, runs it again, and it finishes.
        (process, base) = try console.startConsole(registry: registry, folder: folder)
        var state = ""
        let finish = Date().addingTimeInterval(300)
        while Date() < finish {
            state = try ConsoleEndToEndTests.sql(registry, "SELECT id || ' ' || state FROM console_job")
            if !state.hasSuffix("running") && !state.hasSuffix("queued") { break }
            Thread.sleep(forTimeInterval: 0.5)
        }
        #expect(state == "1 finished", "\(state) \(process.printed.stderr)")
        #expect(process.printed.stderr.contains("resuming a console job"))
        #expect(try ConsoleEndToEndTests.sql(registry, "SELECT count(*) FROM certificate") == "\(eligible)")
        #expect(
            try ConsoleEndToEndTests.sql(registry, "SELECT count(DISTINCT identity) FROM certificate") == "\(eligible)", "one per attendee")
        #expect(
            try ConsoleEndToEndTests.sql(registry, "SELECT count(*) FROM certificate WHERE identity LIKE '%9@example.org'") == "0",
            "no one ineligible")
        #expect(
            try ConsoleEndToEndTests.sql(registry, "SELECT count(*) FROM log_entry WHERE CAST(body AS TEXT) LIKE '{\"certificate\":%'")
                == "\(eligible)",
            "one issue entry each")
        #expect(try ConsoleEndToEndTests.sql(registry, "SELECT DISTINCT issued_by FROM certificate") == "mared.admin@example.org")

        // Every PDF is there once, and the ZIP's PDFs are the registry's.
        let pdfFolder = folder.appendingPathComponent("out/county-lines-2020")
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: pdfFolder.path).filter { $0.hasSuffix(".pdf") }
        #expect(pdfs.count == eligible, "no missing and no orphan PDF")
        let zip = folder.appendingPathComponent("download.zip")
        let downloaded = try console.curl("\(base)/events/county-lines-2020/certificates.zip", jar: jar, ["-o", zip.path])
        #expect(downloaded.status == 200, "the session outlives the restart")
        let unpacked = folder.appendingPathComponent("unzipped")
        #expect(try ExternalTool.run("unzip", ["-q", zip.path, "-d", unpacked.path]).status == 0)
        var zipped: [String: String] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: unpacked.path) where file.hasSuffix(".pdf") {
            let sum = try ExternalTool.run("sha256sum", [unpacked.appendingPathComponent(file).path]).stdout
            zipped[String(file.dropLast(4)).replacingOccurrences("-", "")] = String(sum.prefix(64))
        }
        var registered: [String: String] = [:]
        for line in try ConsoleEndToEndTests.sql(registry, "SELECT id || ' ' || pdf_sha256 FROM certificate").split(separator: "\n") {
            let parts = line.split(separator: " ")
            registered[String(parts[0])] = String(parts[1])
        }
        #expect(registered.count == eligible)
        #expect(zipped == registered, "the ZIP holds every certificate's PDF as the registry hashed it")
    }
}
