public import Foundation

/// What an account of the organiser console may do.
public enum ConsoleRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// Manages accounts and every event.
    case admin
    /// Uploads, issues and changes the events it owns.
    case organiser
    /// Reads everything, changes nothing.
    case auditor
}

/// One person who signs in to the console. The password is kept only as a bcrypt hash.
public struct ConsoleAccount: Sendable, Hashable, Identifiable {
    public var id: Int64
    /// The sign-in name: a trimmed, lower-cased email.
    public var email: String
    public var role: ConsoleRole
    /// The bcrypt hash of the password; nil until the person sets one with their one-time link.
    public var passwordHash: String?
    /// A disabled account cannot sign in, and its sessions and tokens no longer work.
    public var disabled: Bool
    /// Wrong passwords in a row since the last success (or lockout).
    public var failedLogins: Int
    /// While in the future, the account cannot sign in (too many wrong passwords).
    public var lockedUntil: Date?
    public var createdAt: Date

    /// Describes an account.
    public init(
        id: Int64, email: String, role: ConsoleRole, passwordHash: String?, disabled: Bool, failedLogins: Int, lockedUntil: Date?,
        createdAt: Date
    ) {
        self.id = id
        self.email = email
        self.role = role
        self.passwordHash = passwordHash
        self.disabled = disabled
        self.failedLogins = failedLogins
        self.lockedUntil = lockedUntil
        self.createdAt = createdAt
    }

    /// True when the account may change events (not an auditor).
    public var mayChange: Bool { role != .auditor }
}

/// What a one-time or long-lived secret of an account is for. Only its SHA-256 is stored.
public enum ConsoleTokenKind: String, Sendable, Hashable, Codable {
    /// A link to set (or reset) the password; used once, expires.
    case setPassword = "set_password"
    /// A bearer token for the API, shown once, revocable.
    case api
}

/// A file added to a console event after its first attendance report: another report (the
/// telephone dial-ins beside the Zoom report), the registration list, or the linked addresses,
/// as `cpdcert issue` takes them with a second `--attendance`, `--roster` and `--aliases`.
public struct ConsoleEventFile: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case attendance, roster, aliases
    }

    public var kind: Kind
    /// The name it was uploaded under.
    public var name: String
    public var content: Data

    /// Describes a file.
    public init(kind: Kind, name: String, content: Data) {
        self.kind = kind
        self.name = name
        self.content = content
    }
}

/// An event the console holds: who owns it, its definition and the attendance report uploaded for it.
public struct ConsoleEvent: Sendable, Hashable {
    public var eventID: String
    public var ownerID: Int64
    /// The event.yaml as uploaded.
    public var definition: Data
    /// The attendance report as uploaded, and the name it was uploaded under.
    public var attendance: Data
    public var attendanceFileName: String
    public var createdAt: Date
    /// The organisers its owner (or an admin) shared it with: they see it and work on it as its owner does.
    public var sharedWith: Set<Int64>
    /// Files added after the first report, in the order added (at most one roster and one aliases).
    public var files: [ConsoleEventFile]

    /// Describes an event.
    public init(
        eventID: String, ownerID: Int64, definition: Data, attendance: Data, attendanceFileName: String, createdAt: Date,
        sharedWith: Set<Int64> = [], files: [ConsoleEventFile] = []
    ) {
        self.eventID = eventID
        self.ownerID = ownerID
        self.sharedWith = sharedWith
        self.files = files
        self.definition = definition
        self.attendance = attendance
        self.attendanceFileName = attendanceFileName
        self.createdAt = createdAt
    }
}

/// A batch the console runs in the background; kept so that a restarted console resumes it.
public struct ConsoleJob: Sendable, Hashable, Identifiable {
    /// Where a job stands.
    public enum State: String, Sendable, Hashable, Codable {
        case queued, running, finished, failed
    }

    /// What a job does: issue the event's certificates, or email them.
    public enum Work: Sendable, Hashable {
        /// The crash-safe batch: issue what the event's attendance report makes due.
        case issue
        /// Email each valid certificate not yet accepted by the relay (with `retryFailed`, also
        /// those whose earlier attempts failed); with `only`, that one certificate, sent again
        /// even when it was delivered before.
        case send(retryFailed: Bool, only: CertificateID?)
    }

    public var id: Int64
    public var eventID: String
    public var requestedBy: Int64
    public var work: Work
    public var state: State
    /// Certificates the job had to issue or send.
    public var total: Int
    /// Issued, or sent (accepted by the relay).
    public var issued: Int
    public var failed: Int
    /// What the run ended with (a summary, or why it failed).
    public var message: String
    public var createdAt: Date
    public var finishedAt: Date?

    /// Describes a job.
    public init(
        id: Int64, eventID: String, requestedBy: Int64, work: Work = .issue, state: State, total: Int, issued: Int, failed: Int,
        message: String, createdAt: Date, finishedAt: Date?
    ) {
        self.id = id
        self.eventID = eventID
        self.requestedBy = requestedBy
        self.work = work
        self.state = state
        self.total = total
        self.issued = issued
        self.failed = failed
        self.message = message
        self.createdAt = createdAt
        self.finishedAt = finishedAt
    }
}

/// One change made through the console: who, when, what, on what.
public struct ConsoleAction: Sendable, Hashable {
    public var at: Date
    public var accountEmail: String
    /// `login`, `issue`, `revoke`, `account.add`, ...
    public var action: String
    /// The event ID, certificate ID or account it was done to.
    public var subject: String
    public var detail: String

    /// Describes an action.
    public init(at: Date, accountEmail: String, action: String, subject: String, detail: String) {
        self.at = at
        self.accountEmail = accountEmail
        self.action = action
        self.subject = subject
        self.detail = detail
    }
}
