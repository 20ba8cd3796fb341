import CPDCore
import Foundation
import Hummingbird

/// Sign-in, sign-out, the one-time set-password page and the stylesheet: the only routes that
/// answer without a session.
struct AuthRoutes {
    let sessions: ConsoleSessions
    let pages: ConsolePages

    func register(on router: Router<ConsoleRequestContext>) {
        router.get("/static/console.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: ConsoleStylesheet.css)))
        }
        router.get("/login") { request, context in
            let notice = request.uri.queryParameters["done"] == "password" ? ConsoleText.english["passwordSet"] : nil
            return pages.page("login", title: text("signIn"), values: ["notice": notice as Any], context: context)
        }
        router.post("/login") { _, context in try await signIn(context) }
        router.post("/logout") { _, context in
            if let hash = context.sessionHash {
                try await sessions.signOut(sessionHash: hash)
                if let account = context.account {
                    try await sessions.store.recordAction(
                        ConsoleAction(
                            at: sessions.clock(), accountEmail: account.email, action: "sign-out", subject: account.email, detail: ""))
                }
            }
            var response = ConsolePages.redirect("/login")
            response.setCookie(sessions.expiredSessionCookie())
            return response
        }
        router.get("/set-password") { request, context in
            let token = request.uri.queryParameters["token"].map(String.init) ?? ""
            return pages.page("set-password", title: text("setPassword"), values: ["token": token], context: context)
        }
        router.post("/set-password") { _, context in
            let token = context.form.text("token") ?? ""
            let password = context.form["password"] ?? ""
            guard password.count >= sessions.configuration.minimumPasswordLength else {
                return pages.page(
                    "set-password", title: text("setPassword"),
                    values: [
                        "token": token,
                        "problem": "Choose a password of at least \(sessions.configuration.minimumPasswordLength) characters.",
                    ],
                    context: context, status: .unprocessableContent)
            }
            guard try await sessions.setPassword(token: token, password: password) != nil else {
                return pages.page(
                    "set-password", title: text("setPassword"),
                    values: ["token": token, "problem": "This link has been used or has expired. Ask an administrator for a new one."],
                    context: context, status: .gone)
            }
            return ConsolePages.redirect("/login?done=password")
        }
    }

    private func signIn(_ context: ConsoleRequestContext) async throws -> Response {
        let email = context.form.text("email") ?? ""
        let password = context.form["password"] ?? ""
        func refused(_ problem: String, _ status: HTTPResponse.Status) -> Response {
            pages.page("login", title: text("signIn"), values: ["problem": problem, "email": email], context: context, status: status)
        }
        switch try await sessions.signIn(email: email, password: password, address: context.clientAddress) {
        case .signedIn(let token, _):
            var response = ConsolePages.redirect("/")
            // A new session at every sign-in: whatever cookie came before opens nothing.
            if let old = context.sessionHash { try await sessions.signOut(sessionHash: old) }
            response.setCookie(sessions.sessionCookie(token))
            return response
        case .wrong:
            return refused("The email address or password is not right.", .unauthorized)
        case .locked(let until):
            return refused(
                "This account is locked after too many wrong passwords, until \(ConsoleFormat.time(until)). Try again then, or ask an administrator.",
                .tooManyRequests)
        case .throttled(let until):
            return refused(
                "Too many failed sign-ins from your address. Try again after \(ConsoleFormat.time(until)).", .tooManyRequests)
        }
    }

    private func text(_ key: String) -> String { ConsoleText.english[key] ?? key }
}
