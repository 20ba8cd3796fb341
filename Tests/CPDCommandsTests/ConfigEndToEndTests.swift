import CPDTestSupport
import Foundation
import Testing

/// The configuration file and environment with the built binary: `config check`, a server
/// configured by its file, and a bad value stopping every command with exit 78.
@Suite struct ConfigEndToEndTests {
    func folder(_ label: String, config: String) throws -> URL {
        let folder = try ExternalTool.temporaryDirectory(label)
        try Data(config.utf8).write(to: folder.appendingPathComponent("cpdcert.yaml"))
        return folder
    }

    func run(_ arguments: [String], _ environment: [String: String] = [:], in folder: URL) throws -> ExternalTool.Result {
        try ExternalTool.run(
            EndToEndTests.binary, arguments,
            environment: ["CPDCERT_REGISTRY": "", "CPDCERT_KEYS": "", "CPDCERT_CONFIG": ""].merging(environment) { $1 }, directory: folder)
    }

    @Test func configCheckPrintsEachSettingWithItsSourceAndExits78OnAProblem() throws {
        let folder = try folder("config-check", config: "registry: data/cpdcert.sqlite\nserve:\n  site_name: Comhairle Contae Chiarraí\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("cpdcert.yaml").path
        let good = try run(
            ["config", "check", "--config", config], ["CPDCERT_SERVE_PORT": "8443"], in: folder)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("configuration file: \(config)"))
        #expect(
            good.stdout.contains(
                "registry                   \(folder.appendingPathComponent("data/cpdcert.sqlite").path)  [file \(config)]"))
        #expect(good.stdout.contains("serve.site_name            Comhairle Contae Chiarraí  [file \(config)]"), "\(good.stdout)")
        #expect(good.stdout.contains("serve.port                 8443  [environment CPDCERT_SERVE_PORT]"))
        #expect(good.stdout.contains("serve.host                 127.0.0.1  [default]"))
        #expect(good.stdout.contains("no problems"))

        let secret = try run(["config", "check"], ["CPDCERT_REGISTRY": "postgres://cpd:Hasło-2020@db.example.org/cpd"], in: folder)
        #expect(!secret.stdout.contains("Hasło-2020"))
        #expect(secret.stdout.contains("postgres://cpd:********@db.example.org/cpd"))

        try Data("serve:\n  port: http\n  site-name: x\n".utf8).write(to: URL(fileURLWithPath: config))
        let bad = try run(["config", "check", "--config", config], ["CPDCERT_LOG_LEVEL": "verbose"], in: folder)
        #expect(bad.status == 78)
        #expect(bad.stderr.contains("cpdcert: \(config): serve.port: must be a whole number, found 'http'"), "\(bad.stderr)")
        #expect(bad.stderr.contains("cpdcert: \(config): serve.site-name: is not a setting"))
        #expect(bad.stderr.contains("cpdcert: CPDCERT_LOG_LEVEL: must be one of trace"))
    }

    @Test func aProblemStopsEveryCommandBeforeItStarts() throws {
        let folder = try folder("config-stops", config: "log:\n  level: info\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let verify = try run(["verify", "K7Q2-M9XD-4HPT-3VWC-8B6N"], ["CPDCERT_LOG_LEVEL": "loud"], in: folder)
        #expect(verify.status == 78, "\(verify.stderr)")
        #expect(verify.stderr.contains("CPDCERT_LOG_LEVEL: must be one of"))
        #expect(verify.stderr.contains("cpdcert config check"))
        let missing = try run(
            ["verify", "K7Q2-M9XD-4HPT-3VWC-8B6N"], ["CPDCERT_CONFIG": folder.appendingPathComponent("nope.yaml").path], in: folder)
        #expect(missing.status == 78)
        #expect(missing.stderr.contains("nope.yaml: cannot be read"))
    }

    @Test func issueAndServeTakeTheirSettingsFromTheFileTheEnvironmentAndTheirFlags() throws {
        let folder = try folder(
            "config-serve",
            config: "registry: registry/cpdcert.sqlite\nserve:\n  port: 0\n  site_name: Cyngor Sir Ddinbych\nissue:\n  jobs: 1\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("cpdcert.yaml").path
        let example = Samples.packageRoot.appendingPathComponent("Examples/county-lines-2020")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("registry"), withIntermediateDirectories: true)
        let issued = try run(
            [
                "issue", "--config", config, "--event", example.appendingPathComponent("event.yaml").path, "--attendance",
                example.appendingPathComponent("attendance.csv").path, "--out", folder.appendingPathComponent("out").path, "--quiet",
            ], in: folder)
        #expect(issued.status == 65, "the example's malformed rows: \(issued.stderr)")
        #expect(
            FileManager.default.fileExists(atPath: folder.appendingPathComponent("registry/cpdcert.sqlite").path), "the file's registry")

        func page(_ arguments: [String], _ environment: [String: String] = [:]) throws -> String {
            let server = try BackgroundProcess(
                EndToEndTests.binary, ["serve", "--config", config] + arguments,
                environment: ["CPDCERT_REGISTRY": "", "CPDCERT_KEYS": EndToEndTests.noKeys, "CPDCERT_CONFIG": ""].merging(environment) {
                    $1
                },
                directory: folder)
            defer { server.stop() }
            let base = try #require(server.servingBase(), "the server did not start: \(server.printed.stderr)")
            return try ExternalTool.run("/usr/bin/curl", ["-sS", base + "/"]).stdout
        }
        #expect(try page([]).contains("Cyngor Sir Ddinbych"), "the file's site name")
        #expect(
            try page([], ["CPDCERT_SERVE_SITE_NAME": "Rada Miasta Łodzi"]).contains("Rada Miasta Łodzi"), "the environment over the file")
        #expect(
            try page(["--site-name", "Hội đồng Thành phố"], ["CPDCERT_SERVE_SITE_NAME": "Rada Miasta Łodzi"]).contains(
                "Hội đồng Thành phố"),
            "the flag over the environment")
        let badFlag = try run(["serve", "--config", config, "--port", "99999"], in: folder)
        #expect(badFlag.status == 64, "a bad flag is a usage error")
        #expect(badFlag.stderr.contains("--port: must be between 0 and 65535, found 99999"), "\(badFlag.stderr)")
    }
}
