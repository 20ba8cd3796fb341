import ArgumentParser
import CPDMail
import Foundation

/// The relay, its login and the pace of sending: shared by `send` and `console`, each flag
/// falling back to its setting (`smtp.url`, `smtp.tls`, `smtp.user`, `smtp.ca`, `smtp.from`).
/// The password comes from `$CPDCERT_SMTP_PASSWORD` or a file, never from the command line.
struct SMTPOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The sender, as 'Name <address>' (default: smtp.from).", valueName: "address"))
    var from: String?

    @Option(help: ArgumentHelp("The relay: smtp://host:587 (STARTTLS when offered) or smtps://host:465.", valueName: "url"))
    var smtp: String?

    @Option(help: ArgumentHelp("opportunistic (STARTTLS when offered) or required (never send in clear).", valueName: "policy"))
    var smtpTls: String?

    @Option(help: ArgumentHelp("The SMTP login (default: $CPDCERT_SMTP_USER).", valueName: "user"))
    var smtpUser: String?

    @Option(help: ArgumentHelp("A file holding the SMTP password (default: $CPDCERT_SMTP_PASSWORD).", valueName: "file"))
    var smtpPasswordFile: String?

    @Option(help: ArgumentHelp("A PEM file of the CA that signed the relay's certificate.", valueName: "file"))
    var smtpCa: String?

    @Option(help: ArgumentHelp("At most this many messages a minute (default: no limit).", valueName: "n"))
    var rate: Int?

    @Option(help: ArgumentHelp("Attempts at one certificate in one run when the server answers 4xx (default: 3).", valueName: "n"))
    var attempts = 3

    @Option(help: ArgumentHelp("Seconds before the first retry, doubled before each next one (default: 2).", valueName: "s"))
    var backoff = 2.0

    /// The relay's URL in force, or nil when none is named.
    var url: String? { smtp ?? Settings.current.text("smtp.url") }

    /// The sender in force, as given.
    var sender: String? { from ?? Settings.current.text("smtp.from") }

    func validate() throws {
        if let policy = smtpTls ?? Settings.current.text("smtp.tls"), SMTPSettings.TLS(rawValue: policy) == nil {
            throw ValidationError("--smtp-tls must be opportunistic or required, found '\(policy)'")
        }
        if attempts < 1 || attempts > 20 { throw ValidationError("--attempts must be between 1 and 20, found \(attempts)") }
        if let rate, rate < 1 { throw ValidationError("--rate must be at least 1 message a minute, found \(rate)") }
        if backoff < 0 || backoff > 3600 { throw ValidationError("--backoff must be between 0 and 3600 seconds, found \(backoff)") }
    }

    /// The sender, parsed.
    /// - Throws: `ExitStatus.configError` (78, a bad address) when it is not an address.
    func senderAddress() throws -> MailAddress {
        guard let sender else { throw ValidationError("name the sender with --from 'Name <address>' (or smtp.from)") }
        do {
            return try MailAddress(parsing: sender)
        } catch {
            Console.error("--from: \(error)")
            throw ExitStatus.configError
        }
    }

    /// How to reach the relay, with the credentials from the environment or the password file.
    /// - Throws: `ExitStatus.configError` when a login has no password.
    func settings() throws -> SMTPSettings {
        let environment = ProcessInfo.processInfo.environment
        var password = environment["CPDCERT_SMTP_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        if let smtpPasswordFile {
            let data = try InputFile.read(smtpPasswordFile, hint: "pass the file holding the SMTP password with --smtp-password-file")
            password = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
        }
        let user = smtpUser ?? Settings.current.text("smtp.user")
        var settings = SMTPSettings(url: url ?? "", user: user, password: password, caFile: smtpCa ?? Settings.current.text("smtp.ca"))
        settings.tls = (smtpTls ?? Settings.current.text("smtp.tls")).flatMap(SMTPSettings.TLS.init(rawValue:)) ?? .opportunistic
        if settings.user != nil && password == nil {
            Console.error(
                "CPDCERT_SMTP_USER (or --smtp-user) is set but no password: set CPDCERT_SMTP_PASSWORD or pass --smtp-password-file")
            throw ExitStatus.configError
        }
        return settings
    }

    /// libcurl to the relay.
    static func transport(_ settings: SMTPSettings) throws -> CurlSMTPTransport {
        do {
            return try CurlSMTPTransport(settings)
        } catch {
            Console.error("\(error)")
            throw ExitStatus.configError
        }
    }

    /// The pace and retries of `run` as these options set them.
    func pace(_ run: inout DeliveryRun) {
        run.attemptsPerRun = attempts
        run.backoff = .milliseconds(Int(backoff * 1000))
        run.perMinute = rate
    }
}
