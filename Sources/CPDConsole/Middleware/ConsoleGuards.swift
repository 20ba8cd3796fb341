import CPDCore
import Hummingbird

/// Every route behind it needs a signed-in account: a page request without one is sent to the
/// sign-in page, anything else is refused with 401.
struct SignedInMiddleware: RouterMiddleware {
    typealias Context = ConsoleRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.account != nil else {
            if request.method == .get || request.method == .head { return ConsolePages.redirect("/login") }
            throw HTTPError(.unauthorized, message: "Sign in first.")
        }
        return try await next(request, context)
    }
}

/// Errors as the console's error page, with nothing internal in it.
struct ConsoleErrorMiddleware: RouterMiddleware {
    typealias Context = ConsoleRequestContext
    let pages: ConsolePages

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            let message = error.body ?? error.status.reasonPhrase
            guard !request.uri.path.hasPrefix(APIRoutes.prefix + "/") else {
                var response = try JSON.response(["error": message], status: error.status)
                for field in error.headers { response.headers.append(field) }
                return response
            }
            return pages.error(error.status, message, context: context)
        }
    }
}

/// Who may do what: admins everything; organisers their own events and those shared with them;
/// auditors read everything and change nothing. An event an organiser may not see is answered as
/// if it did not exist. Only an event's owner and admins share it.
enum ConsoleAccess {
    static func maySee(_ event: ConsoleEvent, _ account: ConsoleAccount) -> Bool {
        account.role != .organiser || isOwnerOrShared(event, account)
    }

    static func mayChange(_ event: ConsoleEvent, _ account: ConsoleAccount) -> Bool {
        account.role == .admin || (account.role == .organiser && isOwnerOrShared(event, account))
    }

    /// Whether `account` may share `event` with others, or stop sharing it.
    static func mayShare(_ event: ConsoleEvent, _ account: ConsoleAccount) -> Bool {
        account.role == .admin || (account.role == .organiser && event.ownerID == account.id)
    }

    private static func isOwnerOrShared(_ event: ConsoleEvent, _ account: ConsoleAccount) -> Bool {
        event.ownerID == account.id || event.sharedWith.contains(account.id)
    }

    /// The account, which `SignedInMiddleware` made sure of.
    static func account(_ context: ConsoleRequestContext) throws -> ConsoleAccount {
        guard let account = context.account else { throw HTTPError(.unauthorized, message: "Sign in first.") }
        return account
    }

    static func notFound() -> HTTPError {
        HTTPError(.notFound, message: "There is no such page, or it is not yours to see.")
    }

    static func forbidden() -> HTTPError {
        HTTPError(.forbidden, message: "Your account cannot change this.")
    }
}

extension ConsoleAccess {
    /// The event `id` names, if `account` may see it.
    static func visibleEvent(_ id: String?, account: ConsoleAccount, store: any ConsoleStore) async throws -> ConsoleEvent {
        guard let id, let event = try await store.event(id: id), maySee(event, account) else { throw notFound() }
        return event
    }

    /// The event `id` names, if `account` may change it.
    static func changeableEvent(_ id: String?, account: ConsoleAccount, store: any ConsoleStore) async throws -> ConsoleEvent {
        let event = try await visibleEvent(id, account: account, store: store)
        guard mayChange(event, account) else { throw forbidden() }
        return event
    }

    /// The certificate `text` names and the console's event it belongs to, if `account` may see
    /// it: an organiser only certificates of events they own; admins and auditors all.
    static func visibleCertificate(
        _ text: String?, account: ConsoleAccount, store: any ConsoleStore, registry: any CertificateRegistry
    ) async throws -> (Certificate, ConsoleEvent?) {
        guard let text, let id = try? CertificateID(parsing: text), let certificate = try await registry.certificate(id: id) else {
            throw notFound()
        }
        let event = try await store.event(id: certificate.eventID)
        if account.role == .organiser {
            guard let event, maySee(event, account) else { throw notFound() }
        }
        return (certificate, event)
    }

    /// Whether `account` may change a certificate of `event` (an event the console does not hold: admins only).
    static func mayChangeCertificate(of event: ConsoleEvent?, _ account: ConsoleAccount) -> Bool {
        event.map { mayChange($0, account) } ?? (account.role == .admin)
    }

    /// The certificate `text` names and the console's event it belongs to, if `account` may change it.
    static func changeableCertificate(
        _ text: String?, account: ConsoleAccount, store: any ConsoleStore, registry: any CertificateRegistry
    ) async throws -> (Certificate, ConsoleEvent?) {
        let (certificate, event) = try await visibleCertificate(text, account: account, store: store, registry: registry)
        guard mayChangeCertificate(of: event, account) else { throw forbidden() }
        return (certificate, event)
    }
}
