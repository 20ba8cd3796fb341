public import CPDCore
import CPDOperations
public import Foundation
public import Hummingbird
public import Logging
import NIOCore

/// Builds the organiser console; `cpdcert console` and the tests both call it. A listener of
/// its own, apart from `serve`'s public one: it serves none of the verification routes, and
/// `serve` none of these.
///
/// ```swift
/// let jobs = ConsoleJobs(store: registry, workshop: workshop)
/// let app = try buildConsoleApplication(store: registry, jobs: jobs, configuration: configuration, logger: logger)
/// try await jobs.resume()
/// try await app.runService()
/// ```
/// Pages: `/login`, `/set-password`, `/` (events), `/events/new`, `/events/<ID>`, `/certificates/<ID>`,
/// `/events/<ID>/deliveries`, `/admin/users`, `/activity`; every POST a form with a CSRF token. API (a bearer token, JSON):
/// `/api/v1/admin/events` (GET, and POST to create one), `.../events/<ID>`, `.../events/<ID>/jobs`, `.../events/<ID>/certificates`,
/// `.../events/<ID>/send`, `.../events/<ID>/deliveries`, `/api/v1/admin/certificates/<ID>/revoke`, `.../reinstate`,
/// `.../correct` and `.../send`.
public func buildConsoleApplication(
    store: any ConsoleStore, jobs: ConsoleJobs, configuration: ConsoleConfiguration, logger: Logger = Logger(label: "cpdcert.console"),
    clock: @escaping @Sendable () -> Date = { Date() }, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let router = try buildConsoleRouter(store: store, jobs: jobs, configuration: configuration, clock: clock)
    return Application(
        router: router, configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "cpdcert"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) }, logger: logger)
}

/// The console's router: middleware, the routes open to anyone (sign-in), and the rest behind a session.
public func buildConsoleRouter(
    store: any ConsoleStore, jobs: ConsoleJobs, configuration: ConsoleConfiguration, clock: @escaping @Sendable () -> Date = { Date() }
) throws -> Router<ConsoleRequestContext> {
    let pages = try ConsolePages(siteName: configuration.siteName)
    let sessions = ConsoleSessions(store: store, configuration: configuration, clock: clock)
    let operations = jobs.workshop.operations
    let router = Router(context: ConsoleRequestContext.self)
    router.add(middleware: ConsoleHeadersMiddleware())
    router.add(middleware: SessionMiddleware(sessions: sessions))
    router.add(middleware: ConsoleErrorMiddleware(pages: pages))
    router.add(middleware: FormMiddleware(maxBytes: configuration.maxUploadBytes))
    AuthRoutes(sessions: sessions, pages: pages).register(on: router)
    let signedIn = router.group().add(middleware: SignedInMiddleware())
    let actions = CertificateActions(store: store, workshop: jobs.workshop)
    let deliveries = DeliveryActions(store: store, jobs: jobs, clock: clock)
    EventRoutes(
        store: store, registry: operations.registry, jobs: jobs, actions: actions, deliveries: deliveries, pages: pages, clock: clock
    ).register(on: signedIn)
    EventFormRoutes(store: store, pages: pages, templateProblem: jobs.workshop.templateProblem, clock: clock).register(on: signedIn)
    CertificateRoutes(store: store, actions: actions, deliveries: deliveries, pages: pages).register(on: signedIn)
    AdminRoutes(store: store, pages: pages, configuration: configuration, clock: clock).register(on: signedIn)
    APIRoutes(
        store: store, registry: operations.registry, jobs: jobs, actions: actions, deliveries: deliveries,
        uploadLimit: configuration.maxUploadBytes, clock: clock
    ).register(on: router)
    return router
}
