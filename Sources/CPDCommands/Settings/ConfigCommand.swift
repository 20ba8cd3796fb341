import ArgumentParser
public import Logging

/// `cpdcert config`: the configuration file and environment.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check the configuration: the settings in force and where each comes from.",
        subcommands: [ConfigCheckCommand.self])
}

/// `cpdcert config check`: every setting's value in force and its source, secrets masked, then
/// every problem with its file or variable and key. Exit 0 when there is none, 78 otherwise.
struct ConfigCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Print the settings in force (secrets masked) and every problem with its file and key.",
        discussion: """
            Each setting comes from the first of: the command's flag, the environment variable \
            (CPDCERT_ and the key in capitals, . as _: serve.site_name is CPDCERT_SERVE_SITE_NAME), \
            the configuration file (YAML; --config, else $CPDCERT_CONFIG, else /etc/cpdcert/cpdcert.yaml \
            if it exists), the default. Relative paths in the file are relative to the file's folder.

            Exit status: 0 no problem; 78 a problem in the file or the environment.
            """)

    @OptionGroup var configFile: ConfigOptions

    func run() throws {
        let settings = Settings.current
        Console.print("configuration file: \(settings.file ?? "none (\(Settings.defaultFile) does not exist)")")
        let width = SettingDefinition.all.map(\.key.count).max() ?? 0
        for definition in SettingDefinition.all {
            let value = settings.values[definition.key]
            let shown = value?.text.map(definition.printable) ?? "(\(definition.otherwise))"
            let padding = String(repeating: " ", count: width - definition.key.count)
            Console.print("  \(definition.key)\(padding)  \(shown)  [\(value?.source.description ?? "default")]")
        }
        guard !settings.problems.isEmpty else {
            Console.print("no problems")
            return
        }
        for problem in settings.problems { Console.error(problem.description) }
        throw ExitStatus.configError
    }
}

extension CPDCertCommand {
    /// The log level in force: `$CPDCERT_LOG_LEVEL`, else the configuration's `log.level`; nil when neither says.
    public static var logLevel: Logger.Level? {
        Settings.current.text("log.level").flatMap(Logger.Level.init(rawValue:))
    }
}
