import CPDTestSupport
import Foundation
import Testing

/// The built `cpdcert console` driven over HTTP by curl (a real client with a cookie jar; the same
/// walk in Chromium through WebDriver is ConsoleBrowserEndToEndTests): the first admin's one-time link, sign-in,
/// the example event and its attendance report uploaded, the review, "Issue N certificates" in the
/// background, a revocation with the signed-in account as operator, a batch left running by a
/// stopped console resumed by the next, and sign-out.
@Suite(.serialized) struct ConsoleEndToEndTests {
    let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")

    /// curl with the test's cookie jar: the status, the headers (lower-cased names) and the body.
    func curl(_ url: String, jar: URL, _ arguments: [String] = []) throws -> (status: Int, headers: [String: String], body: String) {
        try ServeFixtures.get(url, ["-b", jar.path, "-c", jar.path] + arguments)
    }

    /// A timestamped line on standard error, to tell where a slow run spends its time.
    static func trace(_ step: String) {
        FileHandle.standardError.write(Data("console e2e \(Date()): \(step)\n".utf8))
    }

    /// What sqlite3 prints for `query` on `registry`, trimmed.
    static func sql(_ registry: String, _ query: String) throws -> String {
        let result = try ExternalTool.run("sqlite3", [registry, query])
        #expect(result.status == 0, "\(query): \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func csrf(_ page: String) -> String {
        guard let range = page.range(of: "name=\"csrf\" value=\"") else { return "" }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }

    /// The built console on a free port, with `extra` arguments and `environment` besides; the process and its base URL.
    func startConsole(registry: String, folder: URL, extra: [String] = [], environment: [String: String] = [:]) throws -> (
        BackgroundProcess, String
    ) {
        let console = try BackgroundProcess(
            EndToEndTests.binary,
            [
                "console", "--registry", registry, "--host", "127.0.0.1", "--port", "0", "--insecure-cookies", "--site-name",
                "Policy Foresight", "--templates", Samples.packageRoot.appendingPathComponent("Templates").path, "--assets",
                Samples.packageRoot.appendingPathComponent("Assets").path, "--out", folder.appendingPathComponent("out").path,
                "--jobs", "1",
            ] + extra,
            environment: ["CPDCERT_REGISTRY": "", "CPDCERT_KEYS": EndToEndTests.noKeys].merging(environment) { $1 }, directory: folder)
        let base = console.waitForLine(timeout: 60) { line -> String? in
            guard let range = line.range(of: "console at http://") else { return nil }
            return "http://" + line[range.upperBound...].split(separator: "/").first.map(String.init)!
        }
        return (console, try #require(base, "console did not start: \(console.printed.stderr)"))
    }

    /// Adds the first admin with `cpdcert users add`; the token of the one-time link it prints.
    static func addAdmin(_ email: String, registry: String) throws -> String {
        let added = try EndToEndTests.cpdcert(["users", "add", email, "--role", "admin", "--registry", registry])
        #expect(added.status == 0, "\(added.stderr)")
        let link = try #require(added.stdout.split(separator: "\n").first { $0.contains("/set-password?token=") })
        return String(link[link.range(of: "token=")!.upperBound...])
    }

    /// Sets the password through the one-time link's `token`, then signs in with `jar`; the session's Set-Cookie line.
    func signIn(base: String, jar: URL, token: String, email: String, password: String) throws -> Substring {
        let setForm = try curl("\(base)/set-password?token=\(token)", jar: jar)
        #expect(setForm.status == 200)
        let set = try curl(
            "\(base)/set-password", jar: jar,
            [
                "--data-urlencode", "csrf=\(Self.csrf(setForm.body))", "--data-urlencode", "token=\(token)", "--data-urlencode",
                "password=\(password)",
            ])
        #expect(set.status == 303, "\(set.body)")
        let login = try curl("\(base)/login", jar: jar)
        let signedIn = try curl(
            "\(base)/login", jar: jar,
            [
                "--data-urlencode", "csrf=\(Self.csrf(login.body))", "--data-urlencode", "email=\(email)",
                "--data-urlencode", "password=\(password)",
            ])
        #expect(signedIn.status == 303, "\(signedIn.body)")
        return try #require(signedIn.headers["set-cookie"]?.split(separator: "\n").first { $0.hasPrefix("cpdcert_session=") })
    }

    /// Waits until the event page no longer says a batch is running; the page it ended on.
    func waitForBatch(_ url: String, jar: URL) throws -> String {
        let deadline = Date().addingTimeInterval(180)
        while Date() < deadline {
            let page = try curl(url, jar: jar).body
            if !page.contains("A batch is running") { return page }
            Thread.sleep(forTimeInterval: 0.5)
        }
        Issue.record("the batch did not finish in 180 s")
        return ""
    }

    @Test func theOneTimeLinkPointsAtTheConsoleTheSettingsNameUnlessGivenAnAddress() throws {
        let folder = try ExternalTool.temporaryDirectory("e2e-console-link")
        defer { try? FileManager.default.removeItem(at: folder) }
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path
        let fromSettings = try ExternalTool.run(
            EndToEndTests.binary, ["users", "add", "eleri.admin@example.org", "--role", "admin", "--registry", registry],
            environment: [
                "CPDCERT_REGISTRY": "", "CPDCERT_KEYS": EndToEndTests.noKeys, "CPDCERT_CONSOLE_HOST": "console.example.org",
                "CPDCERT_CONSOLE_PORT": "8099",
            ], directory: folder)
        #expect(fromSettings.status == 0, "\(fromSettings.stderr)")
        #expect(fromSettings.stdout.contains("\nhttp://console.example.org:8099/set-password?token="), "\(fromSettings.stdout)")
        let given = try EndToEndTests.cpdcert([
            "users", "link", "eleri.admin@example.org", "--registry", registry, "--console-url", "https://console.example.org",
        ])
        #expect(given.status == 0, "\(given.stderr)")
        #expect(given.stdout.hasPrefix("https://console.example.org/set-password?token="), "\(given.stdout)")
        let plain = try EndToEndTests.cpdcert(["users", "link", "eleri.admin@example.org", "--registry", registry])
        #expect(plain.stdout.hasPrefix("http://127.0.0.1:8081/set-password?token="), "\(plain.stdout)")
    }

    @Test func anOrganiserSignsInUploadsReviewsIssuesRevokesAndSignsOut() throws {
        let folder = try ExternalTool.temporaryDirectory("e2e-console")
        defer { try? FileManager.default.removeItem(at: folder) }
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path
        let jar = folder.appendingPathComponent("cookies.txt")
        let password = "Tŷ Gwyn lantern 2020"

        // The first admin: a one-time link, no password on the command line.
        let token = try Self.addAdmin("Ffion.Admin@example.org", registry: registry)
        let listed = try EndToEndTests.cpdcert(["users", "list", "--registry", registry])
        #expect(listed.stdout.contains("ffion.admin@example.org  admin  no password yet"))

        var (console, base) = try startConsole(registry: registry, folder: folder)
        defer { console.stop() }

        // Without a session nothing answers but the sign-in page.
        let anonymous = try curl("\(base)/", jar: jar)
        #expect(anonymous.status == 303)
        #expect(anonymous.headers["location"] == "/login")

        let cookie = try signIn(base: base, jar: jar, token: token, email: "ffion.admin@example.org", password: password)
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))

        // A wrong file is refused beside its field, with the loader's own message.
        let home = try curl("\(base)/", jar: jar)
        #expect(home.status == 200)
        let csrf = Self.csrf(home.body)
        let badEvent = folder.appendingPathComponent("event.yaml")
        try Data("id: broken\ntitle: 42\n".utf8).write(to: badEvent)
        let refused = try curl(
            "\(base)/events", jar: jar,
            [
                "-F", "csrf=\(csrf)", "-F", "event=@\(badEvent.path)", "-F",
                "attendance=@\(example.appendingPathComponent("attendance.csv").path)",
            ])
        #expect(refused.status == 422)
        #expect(refused.body.contains("id=\"event-problem\""), "\(refused.body)")

        let uploaded = try curl(
            "\(base)/events", jar: jar,
            [
                "-F", "csrf=\(csrf)", "-F", "event=@\(example.appendingPathComponent("event.yaml").path)", "-F",
                "attendance=@\(example.appendingPathComponent("attendance.csv").path)",
            ])
        #expect(uploaded.status == 303, "\(uploaded.body)")
        #expect(uploaded.headers["location"] == "/events/county-lines-2020")

        // The review: who qualifies and why, and the rejected rows with their lines.
        let review = try curl("\(base)/events/county-lines-2020", jar: jar)
        #expect(review.status == 200)
        let cli = try EndToEndTests.cpdcert([
            "eligibility", "--event", example.appendingPathComponent("event.yaml").path, "--attendance",
            example.appendingPathComponent("attendance.csv").path, "--json",
        ])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as? [String: Any])
        let totals = try #require(report["totals"] as? [String: Any])
        let eligible = try #require(totals["eligible"] as? Int)
        let rejectedRows = try #require(totals["rejected_rows"] as? Int)
        #expect(review.body.contains("Issue \(eligible) certificates"), "the button counts what the CLI's eligibility report counts")
        #expect(review.body.contains("Rejected rows (\(rejectedRows))"))
        for row in try #require(report["rejected"] as? [[String: Any]]) {
            #expect(review.body.contains("attendance.csv:\(row["line"] as? Int ?? -1)"))
        }

        let issued = try curl("\(base)/events/county-lines-2020/issue", jar: jar, ["--data-urlencode", "csrf=\(csrf)"])
        #expect(issued.status == 303)
        let finished = try waitForBatch("\(base)/events/county-lines-2020", jar: jar)
        #expect(finished.contains("finished"), "\(finished)")
        #expect(finished.contains("Certificates (\(eligible))"))
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out/county-lines-2020").path)
            .filter { $0.hasSuffix(".pdf") }.sorted()
        #expect(pdfs.count == eligible)
        let id = String(try #require(pdfs.first).dropLast(4))

        // The ZIP: every PDF as the registry hashed it, and the manifest; unzip finds it sound.
        let zip = folder.appendingPathComponent("download.zip")
        let downloaded = try curl("\(base)/events/county-lines-2020/certificates.zip", jar: jar, ["-o", zip.path])
        #expect(downloaded.status == 200)
        #expect(downloaded.headers["content-type"] == "application/zip")
        #expect(try ExternalTool.run("unzip", ["-tq", zip.path]).status == 0)
        let unpacked = folder.appendingPathComponent("unzipped")
        #expect(try ExternalTool.run("unzip", ["-q", zip.path, "-d", unpacked.path]).status == 0)
        let inZIP = try FileManager.default.contentsOfDirectory(atPath: unpacked.path).sorted()
        #expect(inZIP == (pdfs + ["manifest.csv"]).sorted())
        let hashes = try ExternalTool.run("sqlite3", [registry, "SELECT id || ' ' || pdf_sha256 FROM certificate"]).stdout
        #expect(hashes.split(separator: "\n").count == eligible)
        for line in hashes.split(separator: "\n") {
            let parts = line.split(separator: " ")
            let file = try #require(pdfs.first { $0.replacingOccurrences("-", "") == parts[0] + ".pdf" })
            let sum = try ExternalTool.run("sha256sum", [unpacked.appendingPathComponent(file).path]).stdout
            #expect(sum.hasPrefix(String(parts[1])), "\(file)")
        }
        #expect(try EndToEndTests.cpdcert(["verify", id, "--registry", registry]).status == 0)

        // Revoked with a reason; the operator is the signed-in account, in the history and the log.
        let revoked = try curl(
            "\(base)/certificates/\(id)/revoke", jar: jar,
            ["--data-urlencode", "csrf=\(csrf)", "--data-urlencode", "reason=issued-in-error", "--data-urlencode", "note=wrong webinar"])
        #expect(revoked.status == 303, "\(revoked.body)")
        #expect(try EndToEndTests.cpdcert(["verify", id, "--registry", registry]).status == 2)
        let history = try ExternalTool.run(
            "sqlite3", [registry, "SELECT operator FROM status_history WHERE certificate_id = '\(id.replacingOccurrences("-", ""))'"])
        #expect(history.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ffion.admin@example.org", "\(history)")
        let log = try ExternalTool.run("sqlite3", [registry, "SELECT CAST(body AS TEXT) FROM log_entry ORDER BY idx DESC LIMIT 1"])
        #expect(log.stdout.contains("\"operator\":\"ffion.admin@example.org\""), "\(log.stdout)")
        let activity = try curl("\(base)/activity", jar: jar)
        for action in ["sign-in", "event.upload", "issue", "download", "revoke"] {
            #expect(activity.body.contains("<td>\(action)</td>"), "\(action)")
        }

        // A batch a stopped console left running is run again by the next one.
        Self.trace("stopping the console")
        console.stop()
        Self.trace("stopped")
        let pdfFolder = folder.appendingPathComponent("out/county-lines-2020")
        for file in pdfs.dropFirst() { try FileManager.default.removeItem(at: pdfFolder.appendingPathComponent(file)) }
        let left = try ExternalTool.run(
            "sqlite3",
            [registry, "INSERT INTO console_job (event_id, requested_by, state, created_at) VALUES ('county-lines-2020', 1, 'running', 0)"])
        #expect(left.status == 0, "\(left.stderr)")
        (console, base) = try startConsole(registry: registry, folder: folder)
        let deadline = Date().addingTimeInterval(120)
        var state = ""
        while Date() < deadline {
            state = try ExternalTool.run("sqlite3", [registry, "SELECT state FROM console_job ORDER BY id DESC LIMIT 1"]).stdout
            if state.hasPrefix("finished") || state.hasPrefix("failed") { break }
            Thread.sleep(forTimeInterval: 0.5)
        }
        #expect(state.hasPrefix("finished"), "\(state) \(console.printed.stderr)")
        #expect(console.printed.stderr.contains("resuming a console job"))
        let again = try FileManager.default.contentsOfDirectory(atPath: pdfFolder.path).filter { $0.hasSuffix(".pdf") }.sorted()
        #expect(again == pdfs, "the resumed batch re-created the missing PDFs, no more")
        let count = try ExternalTool.run("sqlite3", [registry, "SELECT count(*) FROM certificate"]).stdout
        #expect(count.trimmingCharacters(in: .whitespacesAndNewlines) == "\(eligible)", "no duplicate")

        // Signed out: the session cookie opens nothing, even replayed.
        let page = try curl("\(base)/", jar: jar)
        let saved = try String(contentsOf: jar, encoding: .utf8)
        #expect(try curl("\(base)/logout", jar: jar, ["--data-urlencode", "csrf=\(Self.csrf(page.body))"]).status == 303)
        try saved.write(to: jar, atomically: true, encoding: .utf8)
        let replayed = try curl("\(base)/", jar: jar)
        #expect(replayed.status == 303)
        #expect(replayed.headers["location"] == "/login")

        // No password, link or session cookie in the console's log.
        let session = String(cookie.dropFirst("cpdcert_session=".count).prefix { $0 != ";" })
        let printed = console.printed
        for secret in [password, token, session] {
            #expect(!printed.stderr.contains(secret) && !printed.stdout.contains(secret))
        }
    }
}
