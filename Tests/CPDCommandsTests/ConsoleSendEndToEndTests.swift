import CPDTestSupport
import Foundation
import Testing

/// Email from the built `cpdcert console` to a real SMTP server (aiosmtpd: STARTTLS, AUTH): an
/// organiser issues an event, presses "Email N certificates", the console is killed with SIGKILL
/// mid-send and started again, and the resumed job sends what was left; every certificate the
/// relay accepted arrives once (the one in flight at the kill at most twice, with the same
/// Message-ID) with its PDF as the registry hashed it, the refused address shows the relay's
/// reply, and the address that answered 451 first is delivered on its retry.
@Suite(.serialized) struct ConsoleSendEndToEndTests {
    let console = ConsoleEndToEndTests()
    let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")
    static let from = "Policy Foresight <cpd@policyforesight.example.org>"

    /// `count` fictional attendees who all qualify; one address the relay refuses (550) and one it
    /// answers 451 once, then accepts.
    static func attendance(_ count: Int) -> String {
        let names = [
            "Siân Llywelyn", "Zoë Brontë-Łukasiewicz", "Nguyễn Thị Hằng", "王秀英", "Aoife Ní Bhriain", "Dafydd ap Gruffudd",
            "Małgorzata Wiśniewska", "Adébáyọ̀ Ọlátúnjí", "فاطمة الزهراء", "Seán Ó Conaill", "陈静", "Bethan Hughes",
        ]
        var csv = "full_name,email,job_title,organisation,minutes_attended\n"
        for index in 0..<count {
            let address =
                switch index {
                case 5: "reject-attendee5@example.org"
                case 8: "tempfail-1-attendee8@example.org"
                default: "attendee\(index)@example.org"
                }
            csv += "\(names[index % names.count]),\(address),Social Worker,Example Council (fictional),200\n"
        }
        return csv
    }

    /// Waits until the newest console job is neither queued nor running; its state.
    func waitForJob(_ registry: String, seconds: TimeInterval = 180) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var state = ""
        while Date() < deadline {
            state = try ConsoleEndToEndTests.sql(registry, "SELECT kind || ' ' || state FROM console_job ORDER BY id DESC LIMIT 1")
            if !state.hasSuffix("running") && !state.hasSuffix("queued") { return state }
            Thread.sleep(forTimeInterval: 0.2)
        }
        return state
    }

    @Test func anOrganiserEmailsTheEventAndAJobKilledMidSendIsFinishedByTheNextConsole() throws {
        let folder = try ExternalTool.temporaryDirectory("e2e-console-send")
        defer { try? FileManager.default.removeItem(at: folder) }
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path
        let jar = folder.appendingPathComponent("cookies.txt")
        let count = 40
        let report = folder.appendingPathComponent("attendance.csv")
        try Data(Self.attendance(count).utf8).write(to: report)
        let server = try SMTPTestServer(in: folder)
        defer { server.stop() }
        // Ten messages a second, so that the kill lands mid-send.
        let mailOptions = [
            "--smtp", server.url(), "--smtp-tls", "required", "--smtp-ca", server.certificate.path, "--from", Self.from, "--rate", "600",
            "--backoff", "0.05",
        ]
        let secrets = ["CPDCERT_SMTP_USER": server.user, "CPDCERT_SMTP_PASSWORD": server.password]

        let token = try ConsoleEndToEndTests.addAdmin("cerys.admin@example.org", registry: registry)
        var (process, base) = try console.startConsole(registry: registry, folder: folder, extra: mailOptions, environment: secrets)
        defer { process.stop() }
        let said = "email through \(server.url()) as \"Policy Foresight\" <cpd@policyforesight.example.org>"
        let printedBy = Date().addingTimeInterval(10)
        while Date() < printedBy, !process.printed.stdout.contains(said) { Thread.sleep(forTimeInterval: 0.05) }
        #expect(process.printed.stdout.contains(said), "\(process.printed.stdout)")
        _ = try console.signIn(base: base, jar: jar, token: token, email: "cerys.admin@example.org", password: "Castell Coch 1875 glaw")
        let csrf = ConsoleEndToEndTests.csrf(try console.curl("\(base)/", jar: jar).body)
        let uploaded = try console.curl(
            "\(base)/events", jar: jar,
            ["-F", "csrf=\(csrf)", "-F", "event=@\(example.appendingPathComponent("event.yaml").path)", "-F", "attendance=@\(report.path)"])
        #expect(uploaded.status == 303, "\(uploaded.body)")
        #expect(try console.curl("\(base)/events/county-lines-2020/issue", jar: jar, ["--data-urlencode", "csrf=\(csrf)"]).status == 303)
        #expect(try waitForJob(registry) == "issue finished")
        let page = try console.curl("\(base)/events/county-lines-2020", jar: jar)
        #expect(page.body.contains("<button type=\"submit\">Email \(count) certificates</button>"), "\(page.body)")

        // Email, and kill the console once some messages are accepted and before all are.
        #expect(try console.curl("\(base)/events/county-lines-2020/send", jar: jar, ["--data-urlencode", "csrf=\(csrf)"]).status == 303)
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, server.received.count < 5 { Thread.sleep(forTimeInterval: 0.02) }
        process.kill()
        let atKill = server.received.count
        ConsoleEndToEndTests.trace("killed the console with \(atKill) of \(count) messages accepted")
        try #require(atKill >= 5 && atKill < count - 1, "the kill came mid-send: \(atKill) of \(count)")
        #expect(
            try ConsoleEndToEndTests.sql(registry, "SELECT kind || ' ' || state FROM console_job ORDER BY id DESC LIMIT 1")
                == "send running")

        (process, base) = try console.startConsole(registry: registry, folder: folder, extra: mailOptions, environment: secrets)
        #expect(try waitForJob(registry) == "send finished", "\(process.printed.stderr)")
        #expect(process.printed.stderr.contains("resuming a console job"))

        // Every valid certificate but the refused one arrived; only the one in flight at the kill may have come twice.
        let messages = try MailReader.readFiles(server.received)
        let ids = messages.map(\.message_id)
        #expect(Set(ids).count == count - 1, "\(Set(ids).count) distinct messages")
        #expect(ids.count - Set(ids).count <= 1, "at most the message in flight at the kill is sent twice: \(ids.count)")
        #expect(!messages.contains { $0.to_address == "reject-attendee5@example.org" })
        #expect(messages.contains { $0.to_address == "tempfail-1-attendee8@example.org" })
        #expect(server.events("accepted").allSatisfy { $0["tls"] as? Bool == true })
        var hashes: [String: String] = [:]
        for line in try ConsoleEndToEndTests.sql(registry, "SELECT id || ' ' || pdf_sha256 FROM certificate").split(separator: "\n") {
            let parts = line.split(separator: " ")
            hashes["<\(parts[0]).certificate@policyforesight.example.org>"] = String(parts[1])
        }
        for message in messages {
            #expect(message.attachments.first?.sha256 == hashes[message.message_id], "\(message.to_name): the PDF as issued")
        }
        let names = Set(messages.map(\.to_name))
        for name in ["王秀英", "فاطمة الزهراء", "Adébáyọ̀ Ọlátúnjí", "Zoë Brontë-Łukasiewicz"] { #expect(names.contains(name), "\(name)") }

        // The registry's delivery log, the event's page and the delivery log page say the same.
        #expect(
            try ConsoleEndToEndTests.sql(registry, "SELECT count(DISTINCT certificate_id) FROM delivery_attempt WHERE outcome = 'accepted'")
                == "\(count - 1)")
        #expect(
            try ConsoleEndToEndTests.sql(
                registry,
                "SELECT outcome || ' ' || reply_code FROM delivery_attempt d JOIN certificate c ON c.id = d.certificate_id WHERE c.identity = 'reject-attendee5@example.org'"
            ) == "permanent_failure 550")
        let after = try console.curl("\(base)/events/county-lines-2020", jar: jar)
        #expect(after.body.contains("Accepted by the relay: \(count - 1) · Failed: 1 · Not sent yet: 0"), "\(after.body)")
        #expect(after.body.contains("failed: permanent failure: 550 5.1.1 No such user here (attempt 1)"))
        let log = try console.curl("\(base)/events/county-lines-2020/deliveries", jar: jar)
        #expect(log.status == 200)
        #expect(log.body.contains("<td>temporary_failure</td><td>451 4.3.0 Mailbox busy, try again later</td>"), "\(log.body)")
        #expect(log.body.contains("<td>permanent_failure</td><td>550 5.1.1 No such user here</td>"))

        // Emailing again sends nothing twice.
        let before = server.received.count
        #expect(try console.curl("\(base)/events/county-lines-2020/send", jar: jar, ["--data-urlencode", "csrf=\(csrf)"]).status == 303)
        #expect(try waitForJob(registry) == "send finished")
        #expect(server.received.count == before)

        // No SMTP password, sign-in password or link in what the console printed.
        let printed = process.printed
        for secret in [server.password, token] {
            #expect(!printed.stderr.contains(secret) && !printed.stdout.contains(secret))
        }
    }

    @Test func aConsoleGivenHalfItsEmailOptionsRefusesToStartAndHalfItsSettingsLeaveEmailOff() throws {
        let folder = try ExternalTool.temporaryDirectory("e2e-console-send-options")
        defer { try? FileManager.default.removeItem(at: folder) }
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path
        let noSender = try EndToEndTests.cpdcert(["console", "--registry", registry, "--port", "0", "--smtp", "smtp://127.0.0.1:1"])
        #expect(noSender.status == 64)
        #expect(noSender.stderr.contains("the console sends as --from 'Name <address>'"), "\(noSender.stderr)")
        let noRelay = try EndToEndTests.cpdcert(["console", "--registry", registry, "--port", "0", "--from", Self.from])
        #expect(noRelay.status == 64)
        #expect(noRelay.stderr.contains("--from needs a relay"), "\(noRelay.stderr)")
        let badSender = try EndToEndTests.cpdcert([
            "console", "--registry", registry, "--port", "0", "--smtp", "smtp://127.0.0.1:1", "--from", "not an address",
        ])
        #expect(badSender.status == 78)
        #expect(badSender.stderr.contains("--from:"), "\(badSender.stderr)")
        // A relay in the configuration alone (kept for `send`, whose runs name the sender) leaves email off, said at start.
        let (process, _) = try console.startConsole(
            registry: registry, folder: folder, environment: ["CPDCERT_SMTP_URL": "smtp://relay.example.org:587"])
        defer { process.stop() }
        let said = "email is off: smtp.url is set but no sender; set smtp.from (or start with --from)"
        let by = Date().addingTimeInterval(10)
        while Date() < by, !process.printed.stdout.contains(said) { Thread.sleep(forTimeInterval: 0.05) }
        #expect(process.printed.stdout.contains(said), "\(process.printed.stdout)")
    }
}
