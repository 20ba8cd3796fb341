import Configuration
import Foundation
import Yams

/// The settings in force, each with where it came from: a flag, the environment, the
/// configuration file or the default (in that order of precedence). The file and the
/// environment are read through swift-configuration's providers; every value is checked
/// against its definition, and every problem is kept with its file or variable and key.
struct Settings: Sendable {
    /// Where a value came from.
    enum Source: Sendable, Equatable, CustomStringConvertible {
        case flag(String)
        case environment(String)
        case file(String)
        case defaults

        var description: String {
            switch self {
            case .flag(let flag): "flag \(flag)"
            case .environment(let name): "environment \(name)"
            case .file(let path): "file \(path)"
            case .defaults: "default"
            }
        }
    }

    /// One setting as resolved.
    struct Value: Sendable {
        let definition: SettingDefinition
        /// nil when nothing gives it and it has no fixed default.
        let text: String?
        let source: Source
    }

    /// A value that cannot be used, or a file that cannot be read.
    struct Problem: Error, Sendable, CustomStringConvertible, Equatable {
        /// The file or variable, and the key when there is one.
        let place: String
        let message: String
        var description: String { "\(place): \(message)" }
    }

    /// The configuration file read, if any.
    private(set) var file: String?
    private(set) var values: [String: Value] = [:]
    private(set) var problems: [Problem] = []

    /// `/etc/cpdcert/cpdcert.yaml`, read when it exists and neither `--config` nor `$CPDCERT_CONFIG` names another.
    static let defaultFile = "/etc/cpdcert/cpdcert.yaml"

    /// Reads the file (`path`, else `$CPDCERT_CONFIG`, else `defaultFile` if it exists) and the environment.
    static func load(file path: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> Settings {
        var settings = Settings()
        var file: YAMLSnapshot?
        let named = path ?? environment["CPDCERT_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        if let named {
            settings.file = named
            file = settings.readFile(named)
        } else if FileManager.default.fileExists(atPath: defaultFile) {
            settings.file = defaultFile
            file = settings.readFile(defaultFile)
        }
        let variables = EnvironmentVariablesProvider(environmentVariables: environment)
        for definition in SettingDefinition.all {
            settings.resolve(definition, file: file, environment: variables)
        }
        return settings
    }

    /// The value of `key` (`serve.port`), nil when nothing gives it. Only valid values are kept.
    func text(_ key: String) -> String? { values[key]?.text }

    func integer(_ key: String) -> Int? { text(key).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    func boolean(_ key: String) -> Bool? { text(key).flatMap(SettingDefinition.boolean) }

    /// These settings with `flags` (key to the value typed, nil when not given) over the rest.
    /// - Throws: `Problem` naming the flag when a typed value is not acceptable.
    func overriding(_ flags: [String: String?]) throws(Problem) -> Settings {
        var settings = self
        for (key, typed) in flags {
            guard let typed else { continue }
            let definition = SettingDefinition.named(key)
            if let problem = definition.problem(with: typed) { throw Problem(place: definition.flag, message: problem) }
            settings.values[key] = Value(definition: definition, text: typed, source: .flag(definition.flag))
        }
        return settings
    }

    // MARK: Reading

    private mutating func readFile(_ path: String) -> YAMLSnapshot? {
        guard let data = FileManager.default.contents(atPath: path) else {
            problems.append(
                Problem(place: path, message: "cannot be read (\(String(cString: strerror(errno)))); fix --config or $CPDCERT_CONFIG"))
            return nil
        }
        do {
            guard let node = try Yams.compose(yaml: String(decoding: data, as: UTF8.self)) else { return nil }
            checkKeys(node, path: path)
            guard node.mapping != nil else { return nil }
            return try YAMLSnapshot(data: data.bytes, providerName: path, parsingOptions: .default)
        } catch let error as YamlError {
            problems.append(Problem(place: path, message: "is not valid YAML: \(error)"))
        } catch {
            problems.append(Problem(place: path, message: "\(error)"))
        }
        return nil
    }

    /// Every key of the file must name a setting: a misspelt key would otherwise be ignored.
    private mutating func checkKeys(_ node: Node, path: String, prefix: String = "") {
        guard let mapping = node.mapping else {
            problems.append(
                Problem(place: path, message: prefix.isEmpty ? "must be a mapping of settings" : "'\(prefix)' must be a mapping"))
            return
        }
        let known = SettingDefinition.all.map(\.key)
        for (keyNode, value) in mapping {
            let key = prefix.isEmpty ? (keyNode.string ?? "") : "\(prefix).\(keyNode.string ?? "")"
            if known.contains(key) {
                if value.scalar == nil { problems.append(Problem(place: "\(path): \(key)", message: "must be a single value")) }
            } else if known.contains(where: { $0.hasPrefix(key + ".") }) {
                checkKeys(value, path: path, prefix: key)
            } else {
                let near = known.filter { $0.hasPrefix(prefix.isEmpty ? "" : prefix + ".") }
                problems.append(
                    Problem(place: "\(path): \(key)", message: "is not a setting; known: \(near.joined(separator: ", "))"))
            }
        }
    }

    private mutating func resolve(_ definition: SettingDefinition, file: YAMLSnapshot?, environment: EnvironmentVariablesProvider) {
        let name = definition.environmentName
        if let text = lookup(environment, ["cpdcert"] + definition.components), !text.isEmpty {
            if let problem = definition.problem(with: text) {
                problems.append(Problem(place: name, message: problem))
            } else {
                values[definition.key] = Value(definition: definition, text: text, source: .environment(name))
                return
            }
        }
        if let file, let path = self.file {
            do {
                if let text = Self.text(try file.value(forKey: AbsoluteConfigKey(definition.components), type: .string)) {
                    if let problem = definition.problem(with: text) {
                        problems.append(Problem(place: "\(path): \(definition.key)", message: problem))
                    } else {
                        values[definition.key] = Value(
                            definition: definition, text: relative(text, definition, to: path), source: .file(path))
                        return
                    }
                }
            } catch {
                problems.append(Problem(place: "\(path): \(definition.key)", message: "must be a single value"))
            }
        }
        values[definition.key] = Value(definition: definition, text: definition.defaultValue, source: .defaults)
    }

    private func lookup(_ environment: EnvironmentVariablesProvider, _ components: [String]) -> String? {
        (try? environment.value(forKey: AbsoluteConfigKey(components), type: .string)).flatMap(Self.text)
    }

    private static func text(_ result: LookupResult) -> String? {
        guard case .string(let text) = result.value?.content else { return nil }
        return text
    }

    /// A relative path in the file is relative to the file's folder, as in other daemons' configuration.
    private func relative(_ text: String, _ definition: SettingDefinition, to file: String) -> String {
        switch definition.kind {
        case .path, .registry:
            guard !text.hasPrefix("/"), !text.contains("://") else { return text }
            return URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(text).standardized.path
        default:
            return text
        }
    }
}
