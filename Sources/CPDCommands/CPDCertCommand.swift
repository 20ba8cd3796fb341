public import ArgumentParser
import CPDCore
import CPDOperations
import Foundation

/// The `cpdcert` command line: issue, verify and serve CPD certificates of attendance.
public struct CPDCertCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cpdcert",
        abstract: "Issue and verify CPD certificates of attendance.",
        discussion: """
            Exit status: 0 success; 1 certificate not found; 2 certificate revoked or superseded; \
            3 (verify-bundle) issuer not authenticated, no --key; 4 (verify-bundle) valid as of issue, \
            current status not proven offline; 64 usage error or mistyped ID; 65 bad rows or failed certificates \
            (the rest were issued); 66 input file missing; 74 registry or output error; 78 bad event, template or configuration file.
            """,
        version: "cpdcert \(BuildInfo.version) (commit \(BuildInfo.commit))",
        subcommands: [
            IssueCommand.self, EligibilityCommand.self, PreviewCommand.self, VerifyCommand.self, ServeCommand.self,
            RevokeCommand.self, ReinstateCommand.self, CorrectCommand.self, ProofCommand.self, BundleCommand.self, VerifyBundleCommand.self,
            AuditCommand.self, BackupCommand.self, RestoreCommand.self, KeysCommand.self, LogCommand.self, RenderCommand.self,
            ConfigCommand.self, SendCommand.self, RenderWorkerCommand.self, VerifyCredentialCommand.self,
            ConsoleCommand.self, UsersCommand.self, RegistryCommand.self,
        ])

    public init() {}

    /// Parses the command line, runs the command and exits. An error no command handled is
    /// printed and given its status here, once for every command: a registry that cannot be read
    /// or written is 74 wherever it happens (ArgumentParser would make it 1, "not found").
    public static func runAndExit() async -> Never {
        do {
            var command = try parseAsRoot()
            // Every command runs with settings that have no problem; `config check` reports them.
            if !(command is ConfigCheckCommand) { try Settings.current.stopIfProblems() }
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
            exit()
        } catch {
            let error = status(for: error)
            // ArgumentParser's own messages quote what was typed: escaped like every printed line.
            // (Help, versions and completion scripts are cpdcert's own text and exit 0: left as they are.)
            let message = fullMessage(for: error)
            let code = exitCode(for: error)
            if !message.isEmpty && code != .success {
                Console.write(VisibleText.escaped(message, keepingLineBreaks: true) + "\n", to: STDERR_FILENO)
                Foundation.exit(code.rawValue)
            }
            exit(withError: error)
        }
    }

    /// The exit status for an error that reached the top, printing it first when it is ours.
    static func status(for error: any Error) -> any Error {
        switch error {
        case let error as RegistryError:
            Console.error(error.description)
            switch error {
            case .notFound: return ExitStatus.notFound
            case .notInForce: return ExitStatus.notInForce
            default: return ExitStatus.ioError
            }
        case let error as OutputError:
            Console.error(error.description)
            return ExitStatus.ioError
        case let error as OperationError:
            return status(for: error)
        default:
            return error
        }
    }
}

extension CPDCertCommand {
    /// An operation's failure, printed, as the exit status that says what kind it is.
    static func status(for error: OperationError) -> any Error {
        if case .registry(let error) = error { return status(for: error) }
        Console.error(error.description)
        switch error {
        case .notFound, .nothingIssued: return ExitStatus.notFound
        case .notInForce, .notRevoked, .unrenderable, .checkpointConflict: return ExitStatus.dataError
        case .wrongEvent, .needsEvent, .nothingToChange: return ExitStatus.usage
        case .eventChanged, .templateUnusable, .noSigningKey, .attendanceRuleChanged, .credential: return ExitStatus.configError
        case .output, .registry: return ExitStatus.ioError
        }
    }
}

/// Exit statuses, after sysexits.h.
enum ExitStatus {
    static let notFound = ExitCode(1)
    static let notInForce = ExitCode(2)
    /// `verify-bundle` without `--key`: the bundle checks against its own key, which anyone can make.
    static let issuerNotAuthenticated = ExitCode(3)
    /// `verify-bundle`: valid as of issue, but the bundle carries no signed statement of its current status.
    static let statusNotProven = ExitCode(4)
    static let usage = ExitCode(64)
    static let dataError = ExitCode(65)
    static let noInput = ExitCode(66)
    /// `verify-credential` online: the issuer's host could not be reached (name, connection, TLS, timeout).
    static let unavailable = ExitCode(69)
    static let ioError = ExitCode(74)
    /// `verify-credential` online: the host answered an HTTP error (such as 404) in place of the document.
    static let remoteError = ExitCode(76)
    static let configError = ExitCode(78)
}
