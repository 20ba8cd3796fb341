public import CPDCore
public import Foundation
import Hummingbird

/// Signing in and out: passwords checked against their bcrypt hash, wrong ones counted per
/// account (the one after `allowedFailures` locks it for `lockout`) and per address, sessions
/// made fresh at every sign-in and kept in the store only as a hash, so that sign-out ends one
/// there and a leaked database opens none.
///
/// ```swift
/// let sessions = ConsoleSessions(store: store, configuration: configuration)
/// switch try await sessions.signIn(email: email, password: password, address: "192.0.2.1") { ... }
/// ```
public struct ConsoleSessions: Sendable {
    static let sessionCookie = "cpdcert_session"
    static let formCookie = "cpdcert_form"

    let store: any ConsoleStore
    let configuration: ConsoleConfiguration
    let clock: @Sendable () -> Date
    let hasher: PasswordHasher
    let throttle: LoginThrottle

    /// Sessions over `store`.
    public init(store: any ConsoleStore, configuration: ConsoleConfiguration, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.configuration = configuration
        self.clock = clock
        hasher = PasswordHasher(cost: configuration.bcryptCost)
        throttle = LoginThrottle(limit: configuration.addressFailures, window: configuration.addressWindow)
    }

    /// What a sign-in attempt came to.
    public enum SignIn: Sendable, Equatable {
        /// Signed in: the new session's cookie value.
        case signedIn(token: String, account: ConsoleAccount)
        /// Wrong email or password (which is not said).
        case wrong
        /// The account is locked until then.
        case locked(until: Date)
        /// This address failed too often; it may try again then.
        case throttled(until: Date)
    }

    /// Checks a password and, when it is right, starts a session.
    public func signIn(email: String, password: String, address: String) async throws -> SignIn {
        let now = clock()
        if let until = throttle.refusedUntil(address, now: now) { return .throttled(until: until) }
        let account = try await store.account(email: email)
        if let account, let until = account.lockedUntil, until > now {
            throttle.recordFailure(address, now: now)
            return .locked(until: until)
        }
        let matches = hasher.verify(password, hash: account?.disabled == false ? account?.passwordHash : nil)
        guard let account, matches else {
            throttle.recordFailure(address, now: now)
            guard let account, !account.disabled else { return .wrong }
            let failures = account.failedLogins + 1
            if failures > configuration.allowedFailures {
                let until = now.addingTimeInterval(configuration.lockout)
                try await store.setLoginFailures(0, lockedUntil: until, accountID: account.id)
                try await store.recordAction(
                    ConsoleAction(
                        at: now, accountEmail: account.email, action: "account.locked", subject: account.email,
                        detail: "\(failures) wrong passwords in a row; locked until \(ConsoleFormat.time(until))"))
                return .locked(until: until)
            }
            try await store.setLoginFailures(failures, lockedUntil: nil, accountID: account.id)
            return .wrong
        }
        try await store.setLoginFailures(0, lockedUntil: nil, accountID: account.id)
        let token = ConsoleSecrets.newToken()
        try await store.addSession(
            hash: ConsoleSecrets.hash(token), accountID: account.id, expires: now.addingTimeInterval(configuration.sessionLifetime), at: now
        )
        try await store.recordAction(
            ConsoleAction(at: now, accountEmail: account.email, action: "sign-in", subject: account.email, detail: ""))
        return .signedIn(token: token, account: account)
    }

    /// The account a session cookie belongs to, if the session is live and the account enabled.
    func account(forSession token: String) async throws -> ConsoleAccount? {
        guard token.utf8.count == 43, let id = try await store.sessionAccount(hash: ConsoleSecrets.hash(token), at: clock()) else {
            return nil
        }
        guard let account = try await store.account(id: id), !account.disabled else { return nil }
        return account
    }

    /// Ends a session in the store: its cookie opens nothing any more.
    func signOut(sessionHash: String) async throws {
        try await store.removeSession(hash: sessionHash)
    }

    /// Sets the password of the account a live set-password link is for, and uses the link up.
    /// - Returns: the account, or nil when the link is not live.
    public func setPassword(token: String, password: String) async throws -> ConsoleAccount? {
        let now = clock()
        let hash = ConsoleSecrets.hash(token)
        guard let id = try await store.tokenAccount(kind: .setPassword, hash: hash, at: now),
            let account = try await store.account(id: id), try await store.useToken(kind: .setPassword, hash: hash, at: now)
        else { return nil }
        try await store.setPasswordHash(hasher.hash(password), accountID: id)
        try await store.recordAction(
            ConsoleAction(at: now, accountEmail: account.email, action: "password.set", subject: account.email, detail: ""))
        return account
    }

    /// The session cookie: HttpOnly, SameSite=Strict, Secure unless configured off, ending with the session.
    func sessionCookie(_ token: String) -> Cookie {
        Cookie(
            name: Self.sessionCookie, value: token, maxAge: Int(configuration.sessionLifetime), path: "/",
            secure: configuration.secureCookies, httpOnly: true, sameSite: .strict)
    }

    /// The cookie that removes the session cookie from the browser.
    func expiredSessionCookie() -> Cookie {
        Cookie(
            name: Self.sessionCookie, value: "", maxAge: 0, path: "/", secure: configuration.secureCookies, httpOnly: true,
            sameSite: .strict)
    }

    /// The pre-sign-in cookie (seeds the sign-in form's CSRF token).
    func formCookie(_ seed: String) -> Cookie {
        Cookie(name: Self.formCookie, value: seed, path: "/", secure: configuration.secureCookies, httpOnly: true, sameSite: .strict)
    }
}

/// Adds an account and its one-time set-password link; `cpdcert users add` and the users page both call it.
public enum ConsoleAccounts {
    /// The new account and the token of its link (shown once, stored hashed).
    public static func add(
        email: String, role: ConsoleRole, store: any ConsoleStore, lifetime: TimeInterval, by actor: String, now: Date
    ) async throws -> (account: ConsoleAccount, token: String) {
        let account = try await store.addAccount(email: email, role: role, at: now)
        let token = try await newSetPasswordLink(for: account, store: store, lifetime: lifetime, now: now)
        try await store.recordAction(
            ConsoleAction(at: now, accountEmail: actor, action: "account.add", subject: account.email, detail: role.rawValue))
        return (account, token)
    }

    /// A new one-time set-password link's token for `account` (earlier links stop working).
    public static func newSetPasswordLink(for account: ConsoleAccount, store: any ConsoleStore, lifetime: TimeInterval, now: Date)
        async throws -> String
    {
        try await store.revokeTokens(kind: .setPassword, accountID: account.id, at: now)
        let token = ConsoleSecrets.newToken()
        try await store.addToken(
            kind: .setPassword, hash: ConsoleSecrets.hash(token), accountID: account.id, label: "",
            expires: now.addingTimeInterval(lifetime),
            at: now)
        return token
    }

    /// The set-password page's address for `token` on the console at `base` (`http://127.0.0.1:8081`).
    public static func link(base: String, token: String) -> String {
        (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/set-password?token=" + token
    }
}
