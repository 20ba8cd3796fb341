import CPDTestSupport
import Foundation
import Testing

/// The whole job in a real browser: Debian's chromium, driven through chromedriver's WebDriver
/// API, against the built `cpdcert console` with a real SMTP server (aiosmtpd) behind it. A new
/// admin sets a password through the one-time link, signs in by typing, uploads the example event
/// and its attendance report through the file fields, reviews who qualifies, presses Issue and
/// watches the batch finish, downloads the ZIP (its PDFs hashed against the registry), emails the
/// certificates and reads the delivery log, revokes one with a reason, and signs out. Each step is
/// a screenshot in the artifacts folder (docs/console-review.png is the review's).
@Suite(.serialized) struct ConsoleBrowserEndToEndTests {
    let console = ConsoleEndToEndTests()
    let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")

    @Test func anOrganiserDoesTheWholeJobInChromium() throws {
        let folder = try ExternalTool.temporaryDirectory("e2e-console-browser")
        defer { try? FileManager.default.removeItem(at: folder) }
        let registry = folder.appendingPathComponent("cpdcert.sqlite").path
        let server = try SMTPTestServer(in: folder)
        defer { server.stop() }
        let email = "nia.admin@example.org"
        let password = "Bwlch y Groes 545 metr"
        let token = try ConsoleEndToEndTests.addAdmin(email, registry: registry)
        let (process, base) = try console.startConsole(
            registry: registry, folder: folder,
            extra: [
                "--smtp", server.url(), "--smtp-tls", "required", "--smtp-ca", server.certificate.path, "--from",
                "Policy Foresight <cpd@policyforesight.example.org>",
            ], environment: ["CPDCERT_SMTP_USER": server.user, "CPDCERT_SMTP_PASSWORD": server.password])
        defer { process.stop() }
        let cli = try EndToEndTests.cpdcert([
            "eligibility", "--event", example.appendingPathComponent("event.yaml").path, "--attendance",
            example.appendingPathComponent("attendance.csv").path, "--json",
        ])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as? [String: Any])
        let eligible = try #require((report["totals"] as? [String: Any])?["eligible"] as? Int)

        let browser = try WebDriver(folder: folder, artifactsLabel: "console-browser")
        defer { browser.quit() }

        // The one-time link, then sign-in, typed into the fields.
        try browser.go("\(base)/set-password?token=\(token)")
        try browser.screenshot("1-set-password.png")
        try browser.type("#password", password)
        try browser.click("form[action='/set-password'] button")
        let signIn = try browser.url
        #expect(signIn.hasSuffix("/login?done=password"), "\(signIn)")
        try browser.screenshot("2-sign-in.png")
        try browser.type("#email", email)
        try browser.type("#password", password)
        try browser.click("form[action='/login'] button")
        #expect(try browser.source.contains("Signed in as <bdi>\(email)</bdi>"))

        // The example event and its attendance report, chosen in the upload form's file fields.
        try browser.go("\(base)/events/new")
        try browser.type("#event", example.appendingPathComponent("event.yaml").path)
        try browser.type("#attendance", example.appendingPathComponent("attendance.csv").path)
        try browser.screenshot("3-add-event.png")
        try browser.click("form[action='/events'] button")
        let added = try browser.url
        #expect(added.hasSuffix("/events/county-lines-2020"), "\(added)")
        #expect(try browser.title.hasPrefix("Tackling Child Criminal Exploitation"))

        // The review: who qualifies and why, then Issue, and the progress until it finishes.
        let review = try browser.source
        #expect(review.contains("Issue \(eligible) certificates"), "the button counts what the CLI's eligibility report counts")
        #expect(review.contains("Rejected rows ("))
        try browser.screenshot("4-review.png")
        try browser.click("form[action='/events/county-lines-2020/issue'] button")
        try browser.screenshot("5-issuing.png")
        let issued = try browser.reload(until: { !$0.contains("A batch is running") }, seconds: 180)
        #expect(issued.contains("Certificates (\(eligible))"), "\(issued)")
        #expect(issued.contains("issue finished"))
        try browser.screenshot("6-issued.png")

        // The ZIP, downloaded by the browser: every PDF as the registry hashed it, and the manifest.
        try browser.click("a[href='/events/county-lines-2020/certificates.zip']")
        let zip = try browser.downloaded("county-lines-2020.zip")
        let unpacked = folder.appendingPathComponent("unzipped")
        #expect(try ExternalTool.run("unzip", ["-q", zip.path, "-d", unpacked.path]).status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: unpacked.path)
        #expect(files.count == eligible + 1 && files.contains("manifest.csv"), "\(files)")
        let hashes = try ConsoleEndToEndTests.sql(registry, "SELECT id || ' ' || pdf_sha256 FROM certificate").split(separator: "\n")
        #expect(hashes.count == eligible)
        for line in hashes {
            let parts = line.split(separator: " ")
            let file = try #require(files.first { $0.replacingOccurrences("-", "") == parts[0] + ".pdf" })
            #expect(try ExternalTool.run("sha256sum", [unpacked.appendingPathComponent(file).path]).stdout.hasPrefix(String(parts[1])))
        }

        // Email them, watch it finish, and read the delivery log.
        try browser.click("form[action='/events/county-lines-2020/send']:not(:has(input[name='retry_failed'])) button")
        let sent = try browser.reload(until: { !$0.contains("The certificates are being emailed") }, seconds: 180)
        #expect(sent.contains("Accepted by the relay: \(eligible) · Failed: 0 · Not sent yet: 0"), "\(sent)")
        #expect(server.received.count == eligible)
        try browser.screenshot("7-emailed.png")
        try browser.click("a[href='/events/county-lines-2020/deliveries']")
        #expect(try browser.source.components(separatedBy: "<td>accepted</td>").count - 1 == eligible)
        try browser.screenshot("8-delivery-log.png")

        // Revoke one with a reason, from its page.
        try browser.go("\(base)/events/county-lines-2020")
        try browser.click("a[href^='/certificates/']")
        let id = String(try browser.url.split(separator: "/").last ?? "")
        try browser.click("#reason option[value='attendance-disputed']")
        try browser.type("#note", "left after twenty minutes; the report double-counted a reconnection")
        try browser.click("form[action$='/revoke'] button")
        let revoked = try browser.source
        #expect(revoked.contains("<dt>Status</dt><dd>revoked</dd>"), "\(revoked)")
        #expect(revoked.contains("<td>\(email)</td>"), "the signed-in account is the operator")
        try browser.screenshot("9-revoked.png")
        #expect(try EndToEndTests.cpdcert(["verify", id, "--registry", registry]).status == 2)

        // Signed out, the console answers with the sign-in page only.
        try browser.click("form.sign-out button")
        try browser.go("\(base)/events/county-lines-2020")
        let signedOut = try browser.url
        #expect(signedOut.hasSuffix("/login"), "\(signedOut)")
        try browser.screenshot("10-signed-out.png")
        print("console screenshots: \(browser.artifacts.path)")
    }
}
