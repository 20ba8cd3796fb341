import CPDCore
import Foundation
import HTTPTypes
import Hummingbird

/// Finds who is signed in from the session cookie (its hash looked up in the store, live and of
/// an enabled account) and, for anyone not signed in, the pre-sign-in cookie that seeds the
/// CSRF token of the sign-in forms.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = ConsoleRequestContext
    let sessions: ConsoleSessions

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let token = request.cookies[ConsoleSessions.sessionCookie]?.value, let account = try await sessions.account(forSession: token) {
            context.account = account
            context.csrfSeed = token
            context.sessionHash = ConsoleSecrets.hash(token)
        } else if let seed = request.cookies[ConsoleSessions.formCookie]?.value, seed.utf8.count == 43 {
            context.csrfSeed = seed
        } else {
            let seed = ConsoleSecrets.newToken()
            context.csrfSeed = seed
            context.newFormCookie = sessions.formCookie(seed).description
        }
        var response = try await next(request, context)
        if let cookie = context.newFormCookie { response.headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return response
    }
}
