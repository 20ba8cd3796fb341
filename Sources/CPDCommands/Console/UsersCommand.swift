import ArgumentParser
import CPDConsole
import CPDCore
import CPDRegistry
import Foundation

/// `cpdcert users`: the console's accounts, from the machine it runs on.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Manage the organiser console's accounts.",
        subcommands: [
            UsersAddCommand.self, UsersListCommand.self, UsersDisableCommand.self, UsersLinkCommand.self, UsersTokenCommand.self,
        ])

    /// The registry's console tables.
    static func store(_ registry: RegistryOptions) throws -> SQLiteCertificateRegistry {
        let file = try registry.file(for: "cpdcert users", instead: "the console's accounts are kept in a SQLite registry; give it a file")
        do {
            return try SQLiteCertificateRegistry(path: file)
        } catch {
            Console.error(error.description)
            throw ExitStatus.ioError
        }
    }

    /// The account for `email`, or exit 1 saying there is none.
    static func account(_ email: String, in store: SQLiteCertificateRegistry) async throws -> ConsoleAccount {
        guard let account = try await store.account(email: email) else {
            Console.error("no console account for '\(email)'; cpdcert users list shows them")
            throw ExitStatus.notFound
        }
        return account
    }
}

/// Where the console is reached, for the links printed.
struct ConsoleURLOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The console's address as people reach it, for the link (default: http://<console.host>:<console.port>, else http://127.0.0.1:8081).",
            valueName: "url"))
    var consoleURL: String?

    /// The address in force: the flag, else the console's host and port from the settings.
    var base: String {
        if let consoleURL { return consoleURL }
        let host = Settings.current.text("console.host") ?? "127.0.0.1"
        return "http://\(host.contains(":") ? "[\(host)]" : host):\(Settings.current.integer("console.port") ?? 8081)"
    }

    @Option(help: ArgumentHelp("Hours the link works (default: 72).", valueName: "n"))
    var linkHours = 72
}

/// `cpdcert users add EMAIL --role R`: a new account and its one-time set-password link.
struct UsersAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add an account and print a one-time link to set its password (no password on the command line).")

    @Argument(help: "The person's email address (their sign-in name).")
    var email: String

    @Option(help: "admin, organiser or auditor.")
    var role: String

    @OptionGroup var link: ConsoleURLOption
    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        guard let role = ConsoleRole(rawValue: role) else {
            Console.error("--role must be one of admin, organiser, auditor, found '\(role)'")
            throw ExitStatus.usage
        }
        guard email.contains("@"), email.count <= 254 else {
            Console.error("'\(email)' is not an email address")
            throw ExitStatus.usage
        }
        let store = try UsersCommand.store(registry)
        if try await store.account(email: email) != nil {
            Console.error("an account for \(email) exists already; cpdcert users link \(email) makes a new set-password link")
            throw ExitStatus.usage
        }
        let operatorName = LedgerInput.operatorName(nil)
        let (account, token) = try await ConsoleAccounts.add(
            email: email, role: role, store: store, lifetime: TimeInterval(link.linkHours) * 3600, by: "cli:\(operatorName)", now: Date())
        Console.print(
            "Added \(account.email) (\(account.role.rawValue)). Send them this one-time link to set a password (it works for \(link.linkHours) hours):"
        )
        Console.print(ConsoleAccounts.link(base: link.base, token: token))
    }
}

/// `cpdcert users link EMAIL`: a new set-password link (a forgotten password); earlier links stop working.
struct UsersLinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link", abstract: "Print a new one-time set-password link for an account (earlier links stop working).")

    @Argument(help: "The account's email address.")
    var email: String

    @OptionGroup var link: ConsoleURLOption
    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        let store = try UsersCommand.store(registry)
        let account = try await UsersCommand.account(email, in: store)
        let token = try await ConsoleAccounts.newSetPasswordLink(
            for: account, store: store, lifetime: TimeInterval(link.linkHours) * 3600, now: Date())
        Console.print(ConsoleAccounts.link(base: link.base, token: token))
    }
}

/// `cpdcert users list`.
struct UsersListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the console's accounts.")

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        let store = try UsersCommand.store(registry)
        for account in try await store.accounts() {
            let state = account.disabled ? "disabled" : account.passwordHash == nil ? "no password yet" : "active"
            Console.print(Console.line("\(account.email)  \(account.role.rawValue)  \(state)"))
        }
    }
}

/// `cpdcert users disable EMAIL`: it can no longer sign in; its sessions and tokens end.
struct UsersDisableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Disable an account: it cannot sign in, and its sessions and tokens stop working.")

    @Argument(help: "The account's email address.")
    var email: String

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        let store = try UsersCommand.store(registry)
        let account = try await UsersCommand.account(email, in: store)
        try await store.setDisabled(true, accountID: account.id, at: Date())
        try await store.recordAction(
            ConsoleAction(
                at: Date(), accountEmail: "cli:\(LedgerInput.operatorName(nil))", action: "account.disable", subject: account.email,
                detail: ""))
        Console.print("Disabled \(account.email).")
    }
}

/// `cpdcert users token EMAIL`: a new API token for an account, printed once; `--revoke` ends every one it has.
struct UsersTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print a new API token for an account (shown once, stored hashed), or revoke all of its tokens.",
        discussion: "The token acts with the account's role: send it as Authorization: Bearer <token> to /api/v1/admin/.")

    @Argument(help: "The account's email address.")
    var email: String

    @Option(help: ArgumentHelp("What the token is for (kept beside its hash).", valueName: "text"))
    var label = ""

    @Flag(help: "Revoke every API token of the account instead.")
    var revoke = false

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        let store = try UsersCommand.store(registry)
        let account = try await UsersCommand.account(email, in: store)
        let actor = "cli:\(LedgerInput.operatorName(nil))"
        if revoke {
            try await store.revokeTokens(kind: .api, accountID: account.id, at: Date())
            try await store.recordAction(
                ConsoleAction(at: Date(), accountEmail: actor, action: "token.revoke", subject: account.email, detail: ""))
            Console.print("Revoked every API token of \(account.email).")
            return
        }
        let token = ConsoleSecrets.newToken()
        try await store.addToken(
            kind: .api, hash: ConsoleSecrets.hash(token), accountID: account.id, label: label, expires: nil, at: Date())
        try await store.recordAction(
            ConsoleAction(at: Date(), accountEmail: actor, action: "token.add", subject: account.email, detail: label))
        Console.print(token)
    }
}
