import CPDCore
import Foundation
import Hummingbird

/// Accounts (admins only): the list, a new account with its one-time link shown once, disabling;
/// and the record of who did what (admins and auditors).
struct AdminRoutes {
    let store: any ConsoleStore
    let pages: ConsolePages
    let configuration: ConsoleConfiguration
    let clock: @Sendable () -> Date

    func register(on router: RouterGroup<ConsoleRequestContext>) {
        router.get("/admin/users") { _, context in try await users(context, admin: try admin(context)) }
        router.post("/admin/users") { request, context in
            let admin = try admin(context)
            guard let email = context.form.text("email"), email.contains("@"), email.count <= 254,
                let role = context.form.text("role").flatMap(ConsoleRole.init(rawValue:))
            else {
                return try await users(context, admin: admin, problem: "Give an email address and one of the roles.")
            }
            if try await store.account(email: email) != nil {
                return try await users(context, admin: admin, problem: "An account for \(email) exists already.")
            }
            let (_, token) = try await ConsoleAccounts.add(
                email: email, role: role, store: store, lifetime: configuration.setPasswordLifetime, by: admin.email, now: clock())
            let host = request.head.authority ?? "\(configuration.host):\(configuration.port)"
            let scheme = configuration.secureCookies ? "https" : "http"
            return try await users(context, admin: admin, link: ConsoleAccounts.link(base: "\(scheme)://\(host)", token: token))
        }
        router.post("/admin/users/{id}/disable") { _, context in
            let admin = try admin(context)
            guard let id = context.parameters.get("id").flatMap(Int64.init), let account = try await store.account(id: id) else {
                throw ConsoleAccess.notFound()
            }
            guard account.id != admin.id else { throw HTTPError(.conflict, message: "You cannot disable your own account.") }
            try await store.setDisabled(true, accountID: account.id, at: clock())
            try await store.recordAction(
                ConsoleAction(at: clock(), accountEmail: admin.email, action: "account.disable", subject: account.email, detail: ""))
            return ConsolePages.redirect("/admin/users")
        }
        router.get("/activity") { _, context in
            guard try ConsoleAccess.account(context).role != .organiser else { throw ConsoleAccess.forbidden() }
            let actions: [[String: Any]] = try await store.actions(limit: 500).map {
                ["at": ConsoleFormat.time($0.at), "who": $0.accountEmail, "what": $0.action, "subject": $0.subject, "detail": $0.detail]
            }
            return pages.page(
                "activity", title: ConsoleText.english["activityHeading"] ?? "", values: ["actions": actions], context: context)
        }
    }

    private func admin(_ context: ConsoleRequestContext) throws -> ConsoleAccount {
        let account = try ConsoleAccess.account(context)
        guard account.role == .admin else { throw ConsoleAccess.forbidden() }
        return account
    }

    private func users(_ context: ConsoleRequestContext, admin: ConsoleAccount, link: String? = nil, problem: String? = nil) async throws
        -> Response
    {
        let rows: [[String: Any]] = try await store.accounts().map {
            [
                "id": $0.id, "email": $0.email, "role": $0.role.rawValue, "disabled": $0.disabled,
                "state": $0.disabled ? ConsoleText.english["disabled"] ?? "" : ConsoleText.english["active"] ?? "",
            ]
        }
        return pages.page(
            "users", title: ConsoleText.english["usersHeading"] ?? "",
            values: [
                "users": rows, "roles": ConsoleRole.allCases.map(\.rawValue), "link": link as Any, "problem": problem as Any,
            ], context: context, status: problem == nil ? .ok : .unprocessableContent)
    }
}
