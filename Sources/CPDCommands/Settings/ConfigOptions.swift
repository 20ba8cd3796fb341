import ArgumentParser

/// `--config FILE`: the configuration file of a command that reads settings, loaded when the
/// command line is parsed (before any setting is read).
struct ConfigOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Configuration file (default: $CPDCERT_CONFIG, else /etc/cpdcert/cpdcert.yaml if it exists). See cpdcert config check.",
            valueName: "file"))
    var config: String?

    func validate() throws {
        if let config { _ = Settings.use(file: config) }
    }
}

extension Settings {
    /// Stops a command whose settings have problems before it starts (exit 78), each printed
    /// with its file or variable and key.
    func stopIfProblems() throws {
        guard !problems.isEmpty else { return }
        for problem in problems { Console.error(problem.description) }
        Console.error("the configuration has \(problems.count) problem(s); see the settings in force with: cpdcert config check")
        throw ExitStatus.configError
    }
}
