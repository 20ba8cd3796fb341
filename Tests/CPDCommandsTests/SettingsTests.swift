import CPDTestSupport
import Foundation
import Testing

@testable import CPDCommands

/// Settings: flag over environment over file over default, every value checked, every problem
/// with its file or variable and key.
@Suite struct SettingsTests {
    func file(_ text: String) throws -> (path: String, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cpdcert-settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("cpdcert.yaml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return (path, folder)
    }

    @Test func eachLayerOverridesTheOneBelow() throws {
        let (path, folder) = try file("serve:\n  port: 9000\n  site_name: Cyngor Sir Ddinbych\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let defaults = Settings.load(file: nil, environment: [:])
        #expect(defaults.integer("serve.port") == 8080 && defaults.values["serve.port"]?.source == .defaults)
        let fromFile = Settings.load(file: path, environment: [:])
        #expect(fromFile.integer("serve.port") == 9000 && fromFile.values["serve.port"]?.source == .file(path))
        #expect(fromFile.text("serve.site_name") == "Cyngor Sir Ddinbych")
        let fromEnvironment = Settings.load(file: path, environment: ["CPDCERT_SERVE_PORT": "9100"])
        #expect(fromEnvironment.integer("serve.port") == 9100)
        #expect(fromEnvironment.values["serve.port"]?.source == .environment("CPDCERT_SERVE_PORT"))
        #expect(fromEnvironment.text("serve.site_name") == "Cyngor Sir Ddinbych", "a layer overrides only what it gives")
        let fromFlag = try fromEnvironment.overriding(["serve.port": "9200", "serve.host": nil])
        #expect(fromFlag.integer("serve.port") == 9200 && fromFlag.values["serve.port"]?.source == .flag("--port"))
        #expect(fromFlag.text("serve.host") == "127.0.0.1", "an absent flag changes nothing")
        #expect(fromFlag.problems.isEmpty)
    }

    @Test func theFileIsFoundThroughTheEnvironmentAndAnEmptyVariableIsUnset() throws {
        let (path, folder) = try file("issue:\n  batch_size: 500\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let settings = Settings.load(file: nil, environment: ["CPDCERT_CONFIG": path, "CPDCERT_ISSUE_BATCH_SIZE": ""])
        #expect(settings.file == path)
        #expect(settings.integer("issue.batch_size") == 500)
    }

    @Test func relativePathsInTheFileAreRelativeToItsFolder() throws {
        let (path, folder) = try file("registry: data/cpdcert.sqlite\nkeys: /etc/cpdcert/keys\ntemplates: ../Templates\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let settings = Settings.load(file: path, environment: ["CPDCERT_ASSETS": "Assets"])
        #expect(settings.text("registry") == folder.appendingPathComponent("data/cpdcert.sqlite").path)
        #expect(settings.text("keys") == "/etc/cpdcert/keys")
        #expect(settings.text("templates") == folder.deletingLastPathComponent().appendingPathComponent("Templates").path)
        #expect(settings.text("assets") == "Assets", "the environment's relative paths are the working folder's")
    }

    @Test func everyProblemNamesItsFileOrVariableAndKey() throws {
        let (path, folder) = try file(
            "serve:\n  port: 70000\n  prot: 8\n  brand_colour: blue\nlog:\n  level: loud\nissue: 5\nregistrie: x.sqlite\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let settings = Settings.load(
            file: path,
            environment: [
                "CPDCERT_ISSUE_JOBS": "many", "CPDCERT_SERVE_TRUST_FORWARDED_FOR": "maybe", "CPDCERT_SERVE_METRICS_ADDRESS": "9090",
            ])
        let problems = Set(settings.problems.map(\.description))
        for expected in [
            "\(path): serve.port: must be between 0 and 65535, found 70000",
            "\(path): serve.brand_colour: must be a colour as #rrggbb, found 'blue'",
            "\(path): log.level: must be one of trace, debug, info, notice, warning, error, critical; found 'loud'",
            "\(path): 'issue' must be a mapping",
            "CPDCERT_ISSUE_JOBS: must be a whole number, found 'many'",
            "CPDCERT_SERVE_TRUST_FORWARDED_FOR: must be IP addresses (e.g. 127.0.0.1 or ::1) separated by commas, found 'maybe'",
            "CPDCERT_SERVE_METRICS_ADDRESS: must be host:port, e.g. 127.0.0.1:9090 or [::1]:9090, found '9090'",
        ] {
            #expect(problems.contains(expected), "missing: \(expected) in \(problems)")
        }
        #expect(problems.contains { $0.hasPrefix("\(path): serve.prot: is not a setting; known: serve.host, serve.port") })
        #expect(problems.contains { $0.hasPrefix("\(path): registrie: is not a setting") })
        #expect(settings.integer("serve.port") == 8080, "a bad value is not used")
    }

    @Test func aFileThatCannotBeReadOrParsedIsAProblemAndAMissingDefaultFileIsNot() throws {
        let missing = Settings.load(file: "/nonexistent/cpdcert.yaml", environment: [:])
        #expect(missing.problems.map(\.description).first?.hasPrefix("/nonexistent/cpdcert.yaml: cannot be read") == true)
        let (path, folder) = try file("serve: [port\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = Settings.load(file: path, environment: [:])
        #expect(broken.problems.first?.description.hasPrefix("\(path): is not valid YAML") == true, "\(broken.problems)")
        let list = try file("- port\n")
        defer { try? FileManager.default.removeItem(at: list.folder) }
        #expect(
            Settings.load(file: list.path, environment: [:]).problems.map(\.description) == ["\(list.path): must be a mapping of settings"])
        #expect(FileManager.default.fileExists(atPath: Settings.defaultFile) || Settings.load(file: nil, environment: [:]).problems.isEmpty)
    }

    @Test func aBadFlagIsNamedAndARegistryPasswordIsNeverPrinted() throws {
        #expect(throws: Settings.Problem(place: "--port", message: "must be between 0 and 65535, found 99999")) {
            try Settings.load(file: nil, environment: [:]).overriding(["serve.port": "99999"])
        }
        let registry = SettingDefinition.named("registry")
        #expect(registry.printable("postgres://cpd:s3cret@db.example.org/cpd") == "postgres://cpd:********@db.example.org/cpd")
        #expect(registry.printable("/var/lib/cpdcert/cpdcert.sqlite") == "/var/lib/cpdcert/cpdcert.sqlite")
    }

    @Test func everySettingHasOneVariableAndAFlag() {
        let names = SettingDefinition.all.map(\.environmentName)
        #expect(Set(names).count == names.count)
        #expect(SettingDefinition.named("serve.site_name").environmentName == "CPDCERT_SERVE_SITE_NAME")
        #expect(SettingDefinition.named("log.level").environmentName == "CPDCERT_LOG_LEVEL")
        #expect(SettingDefinition.all.allSatisfy { $0.flag.hasPrefix("--") })
        for definition in SettingDefinition.all {
            if let value = definition.defaultValue {
                #expect(definition.problem(with: value) == nil, "\(definition.key)'s default")
            } else {
                #expect(definition.help.contains("(default: "), "\(definition.key) says what happens when it is not set")
                #expect(definition.otherwise.hasPrefix("default: ") && !definition.otherwise.contains(")"))
            }
        }
    }
}

/// The example configuration file shipped with cpdcert stays valid and names every setting.
@Suite struct ExampleConfigurationTests {
    @Test func theExampleHasNoProblemAndMentionsEverySetting() throws {
        let path = Samples.packageRoot.appendingPathComponent("Examples/cpdcert.yaml").path
        let settings = Settings.load(file: path, environment: [:])
        #expect(settings.problems.isEmpty, "\(settings.problems)")
        // It is the package's /etc/cpdcert/cpdcert.yaml: the paths of the service's layout, and
        // no organisation's name (the pages say cpdcert's own until one is set).
        #expect(settings.text("registry") == "/var/lib/cpdcert/cpdcert.sqlite")
        #expect(settings.text("console.output") == "/var/lib/cpdcert/console-output")
        #expect(settings.text("serve.site_name") == "cpdcert certificate verification")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for definition in SettingDefinition.all {
            let leaf = definition.components.last!
            #expect(text.contains("\(leaf):"), "Examples/cpdcert.yaml does not mention \(definition.key)")
        }
    }
}
