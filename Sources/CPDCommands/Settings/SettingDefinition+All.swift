import CPDServer
import Foundation

extension SettingDefinition {
    static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    /// Every setting, in the order `config check` prints them. A command's flag overrides the
    /// environment variable, which overrides the configuration file, which overrides the default.
    static let all: [SettingDefinition] = [
        SettingDefinition(
            key: "registry", kind: .registry, defaultValue: "cpdcert.sqlite", flag: "--registry", help: "The registry: an SQLite file."),
        SettingDefinition(
            key: "keys", kind: .path, defaultValue: "cpdcert-keys", flag: "--keys", help: "Folder of the log signing key."),
        SettingDefinition(
            key: "credential_key", kind: .path, defaultValue: nil, flag: "--credential-key",
            help: "The Open Badges credential signing key, RSA PEM (default: credential.key in the keys folder)."),
        SettingDefinition(
            key: "templates", kind: .path, defaultValue: nil, flag: "--templates",
            help: "Templates folder (default: ./Templates, else the ones installed with cpdcert)."),
        SettingDefinition(
            key: "assets", kind: .path, defaultValue: nil, flag: "--assets",
            help: "Assets folder (default: ./Assets, else the ones installed with cpdcert)."),
        SettingDefinition(
            key: "log.level", kind: .choice(logLevels), defaultValue: nil, flag: "--log-level",
            help: "Log level of every command (default: warning; info for serve)."),
        SettingDefinition(key: "serve.host", kind: .text, defaultValue: "127.0.0.1", flag: "--host", help: "Address serve binds."),
        SettingDefinition(
            key: "serve.port", kind: .integer(0...65535), defaultValue: "8080", flag: "--port",
            help: "Port serve listens on (0 picks a free one)."),
        SettingDefinition(
            key: "serve.site_name", kind: .text, defaultValue: ServerConfiguration().siteName, flag: "--site-name",
            help: "The organiser's name, shown in every page's header."),
        SettingDefinition(
            key: "serve.brand_colour", kind: .colour, defaultValue: BrandColour.default.description, flag: "--brand-colour",
            help: "The organiser's colour for the header."),
        SettingDefinition(
            key: "serve.lookups_per_minute", kind: .integer(0...1_000_000), defaultValue: "\(ServerConfiguration().lookupLimit.perMinute)",
            flag: "--lookups-per-minute",
            help: "Lookups per minute per client address; 0 turns the limit off."),
        SettingDefinition(
            key: "serve.uploads_per_minute", kind: .integer(0...1_000_000), defaultValue: "\(ServerConfiguration().uploadLimit.perMinute)",
            flag: "--uploads-per-minute",
            help: "PDF uploads per minute per client address; 0 turns the limit off."),
        SettingDefinition(
            key: "serve.trust_forwarded_for", kind: .addresses, defaultValue: nil, flag: "--trust-forwarded-for",
            help:
                "The reverse proxy's addresses, comma-separated, whose X-Forwarded-For and X-Forwarded-Proto are believed (default: none)."),
        SettingDefinition(
            key: "serve.metrics_address", kind: .hostPort, defaultValue: nil, flag: "--metrics-address",
            help: "host:port of a listener serving /metrics alone, taking it off the public one (default: /metrics on the public one)."),
        SettingDefinition(
            key: "serve.log_format", kind: .choice(["text", "json"]), defaultValue: "text", flag: "--log-format",
            help: "Log lines of serve as text or JSON (one object a line)."),
        SettingDefinition(
            key: "serve.idle_timeout", kind: .integer(1...3600), defaultValue: "\(ServerConfiguration().idleTimeout.components.seconds)",
            flag: "--idle-timeout",
            help: "Seconds before an idle connection is closed."),
        SettingDefinition(
            key: "serve.request_timeout", kind: .integer(1...3600),
            defaultValue: "\(ServerConfiguration().requestTimeout.components.seconds)", flag: "--request-timeout",
            help: "Seconds a request body may take before 408."),
        SettingDefinition(
            key: "serve.pdfs", kind: .path, defaultValue: nil, flag: "--pdfs",
            help: "Folder of the issued PDFs (<ID>.pdf) served for download (default: none; each is drawn again from the registry)."),
        SettingDefinition(
            key: "smtp.url", kind: .text, defaultValue: nil, flag: "--smtp",
            help: "The relay send delivers to: smtp://host:587 (STARTTLS when offered) or smtps://host:465 (default: none; send needs one)."
        ),
        SettingDefinition(
            key: "smtp.tls", kind: .choice(["opportunistic", "required"]), defaultValue: "opportunistic", flag: "--smtp-tls",
            help: "Whether send may deliver over smtp:// without STARTTLS."),
        SettingDefinition(
            key: "smtp.user", kind: .text, defaultValue: nil, flag: "--smtp-user",
            help: "The SMTP login; the password only from $CPDCERT_SMTP_PASSWORD or --smtp-password-file (default: no login)."),
        SettingDefinition(
            key: "smtp.ca", kind: .path, defaultValue: nil, flag: "--smtp-ca",
            help: "PEM file of the CA that signed the relay's certificate (default: the system's CAs)."),
        SettingDefinition(
            key: "smtp.from", kind: .text, defaultValue: nil, flag: "--from",
            help: "The sender of send's and the console's messages, as 'Name <address>' (default: none; sending needs one)."),
        SettingDefinition(
            key: "issue.jobs", kind: .integer(1...256), defaultValue: nil, flag: "--jobs",
            help: "Rendering jobs of issue (default: the number of cores)."),
        SettingDefinition(
            key: "issue.batch_size", kind: .integer(1...10_000), defaultValue: "64", flag: "--batch-size",
            help: "Certificates recorded per registry transaction."),
        SettingDefinition(
            key: "issue.claim_lease", kind: .integer(3...86_400), defaultValue: "60", flag: "--claim-lease",
            help: "PostgreSQL: seconds a runner's claim on its share of an event's work lasts unless renewed."),
        SettingDefinition(key: "console.host", kind: .text, defaultValue: "127.0.0.1", flag: "--host", help: "Address console binds."),
        SettingDefinition(
            key: "console.port", kind: .integer(0...65535), defaultValue: "8081", flag: "--port",
            help: "Port console listens on (0 picks a free one)."),
        SettingDefinition(
            key: "console.output", kind: .path, defaultValue: "console-output", flag: "--out",
            help: "Folder of the PDFs and manifest of each event the console issues."),
    ]

    static func named(_ key: String) -> SettingDefinition {
        guard let found = all.first(where: { $0.key == key }) else { preconditionFailure("no setting '\(key)'") }
        return found
    }
}
