import CPDTestSupport
import Foundation
import Testing

/// Debian's chromium driven through chromedriver's W3C WebDriver API (JSON over HTTP, spoken with
/// curl): headless, one session, downloads allowed into `downloads`, each screenshot a PNG in
/// `artifacts`, which outlive the test for people to look at.
final class WebDriver {
    let artifacts: URL
    let downloads: URL
    private let driver: BackgroundProcess
    private let base: String
    private var session = ""

    /// Starts chromedriver and a headless chromium with its profile under `folder`.
    init(folder: URL, artifactsLabel: String) throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver"), "apt-get install chromium-driver (make deps does)")
        artifacts = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cpdcert-artifacts/\(artifactsLabel)-\(UUID().uuidString)")
        downloads = folder.appendingPathComponent("downloads")
        for made in [artifacts, downloads] { try FileManager.default.createDirectory(at: made, withIntermediateDirectories: true) }
        let port = Int.random(in: 30_000...60_000)
        driver = try BackgroundProcess("/usr/bin/chromedriver", ["--port=\(port)"])
        base = "http://127.0.0.1:\(port)"
        let ready = Date().addingTimeInterval(30)
        while Date() < ready, (try call("GET", "/status")["value"] as? [String: Any])?["ready"] as? Bool != true {
            Thread.sleep(forTimeInterval: 0.2)
        }
        let created = try call(
            "POST", "/session",
            [
                "capabilities": [
                    "alwaysMatch": [
                        "goog:chromeOptions": [
                            "binary": "/usr/bin/chromium",
                            "args": [
                                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1800",
                                "--user-data-dir=\(folder.appendingPathComponent("chromium-profile").path)",
                            ],
                            "prefs": ["download.default_directory": downloads.path, "download.prompt_for_download": false],
                        ]
                    ]
                ]
            ])
        session = try #require((created["value"] as? [String: Any])?["sessionId"] as? String, "\(created)")
        // Headless chromium downloads only when told where to, through the DevTools protocol.
        _ = try call(
            "POST", "/session/\(session)/goog/cdp/execute",
            ["cmd": "Browser.setDownloadBehavior", "params": ["behavior": "allow", "downloadPath": downloads.path]])
    }

    /// Ends the session and chromedriver (it inherits this process's blocked signals, SIGTERM among
    /// them, so it is asked to quit).
    func quit() {
        if !session.isEmpty { _ = try? call("DELETE", "/session/\(session)") }
        _ = try? ExternalTool.run("curl", ["-s", "-m", "5", base + "/shutdown"])
        driver.stop()
    }

    /// One WebDriver command; its JSON answer.
    @discardableResult
    func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) throws -> [String: Any] {
        var arguments = ["-s", "-m", "60", "-X", method, base + path]
        if let body {
            arguments += [
                "-H", "Content-Type: application/json", "--data-binary",
                String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self),
            ]
        }
        let result = try ExternalTool.run("curl", arguments)
        return (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]) ?? [:]
    }

    private func command(_ method: String, _ path: String, _ body: [String: Any]? = nil) throws -> Any? {
        let answer = try call(method, "/session/\(session)" + path, body)
        if let value = answer["value"] as? [String: Any], let error = value["error"] as? String {
            throw Failed(reason: "\(method) \(path): \(error): \(value["message"] as? String ?? "")")
        }
        return answer["value"]
    }

    /// Opens `url`.
    func go(_ url: String) throws { _ = try command("POST", "/url", ["url": url]) }

    /// The first element `selector` (CSS) finds.
    func element(_ selector: String) throws -> String {
        let found = try command("POST", "/element", ["using": "css selector", "value": selector]) as? [String: Any]
        return try #require(found?["element-6066-11e4-a52e-4f735466cecf"] as? String, "no element \(selector)")
    }

    /// Types `text` into the field `selector` finds (a file input takes a path: the file is chosen).
    func type(_ selector: String, _ text: String) throws {
        _ = try command("POST", "/element/\(try element(selector))/value", ["text": text])
    }

    /// Clicks what `selector` finds, as a user would.
    func click(_ selector: String) throws { _ = try command("POST", "/element/\(try element(selector))/click", [:]) }

    /// The page as the browser now holds it.
    var source: String { get throws { try command("GET", "/source") as? String ?? "" } }
    var title: String { get throws { try command("GET", "/title") as? String ?? "" } }
    var url: String { get throws { try command("GET", "/url") as? String ?? "" } }

    /// Reloads the page until `done` holds of its source or `seconds` pass; the last source.
    func reload(until done: (String) -> Bool, seconds: TimeInterval) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var page = try source
        while !done(page), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.3)
            _ = try command("POST", "/refresh", [:])
            page = try source
        }
        return page
    }

    /// A screenshot of the window, kept as `<artifacts>/<name>`.
    @discardableResult
    func screenshot(_ name: String) throws -> URL {
        let png = try #require(Data(base64Encoded: try command("GET", "/screenshot") as? String ?? ""))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        let file = artifacts.appendingPathComponent(name)
        try png.write(to: file)
        return file
    }

    /// The file downloaded into `downloads` as `name`, once it is complete.
    func downloaded(_ name: String, seconds: TimeInterval = 30) throws -> URL {
        let file = downloads.appendingPathComponent(name)
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let partial = (try? FileManager.default.contentsOfDirectory(atPath: downloads.path))?.contains { $0.hasSuffix(".crdownload") }
            if FileManager.default.fileExists(atPath: file.path), partial != true { return file }
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw Failed(reason: "\(name) was not downloaded into \(downloads.path) in \(seconds) s")
    }

    struct Failed: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }
}
