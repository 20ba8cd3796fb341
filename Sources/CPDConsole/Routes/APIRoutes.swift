import CPDCore
import CPDMail
import CPDOperations
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `/api/v1/admin/...`: the same operations for integrations, as JSON, with an API token
/// (`Authorization: Bearer <token>`, shown once, stored hashed, revocable) and never a cookie,
/// so a browser's session cannot be used against it and it needs no CSRF token.
struct APIRoutes {
    static let prefix = "/api/v1/admin"
    let store: any ConsoleStore
    let registry: any CertificateRegistry
    let jobs: ConsoleJobs
    let actions: CertificateActions
    let deliveries: DeliveryActions
    /// The largest body `POST /events` reads (it carries the attendance report).
    let uploadLimit: Int
    let clock: @Sendable () -> Date

    func register(on router: Router<ConsoleRequestContext>) {
        router.get(RouterPath(Self.prefix + "/openapi.yaml")) { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: ConsoleOpenAPI.yaml)))
        }
        let api = router.group(RouterPath(Self.prefix)).add(middleware: BearerTokenMiddleware(store: store, clock: clock))
        api.get("/events") { _, context in
            let account = try ConsoleAccess.account(context)
            let events = try await store.events().filter { ConsoleAccess.maySee($0, account) }.map { event in
                APIEvent(id: event.eventID, title: (try? ConsoleWorkshop.event(event.definition).title) ?? "", ownerID: event.ownerID)
            }
            return try JSON.response(["events": events])
        }
        api.post("/events") { request, context in try await createEvent(request, context: context) }
        api.post("/events/{id}/correct") { request, context in try await correctEvent(request, context: context) }
        api.get("/events/{id}") { _, context in
            let event = try await ConsoleAccess.visibleEvent(
                context.parameters.get("id"), account: try ConsoleAccess.account(context), store: store)
            return try JSON.response(APIReview(try await EventReview(event, registry: registry)))
        }
        api.post("/events/{id}/jobs") { _, context in
            let account = try ConsoleAccess.account(context)
            let event = try await ConsoleAccess.changeableEvent(context.parameters.get("id"), account: account, store: store)
            let job = try await jobs.enqueue(eventID: event.eventID, by: account)
            try await store.recordAction(
                ConsoleAction(
                    at: clock(), accountEmail: account.email, action: "issue", subject: event.eventID, detail: "batch #\(job.id) (API)"))
            return try JSON.response(APIJob(job, progress: nil), status: .accepted)
        }
        api.get("/events/{id}/jobs") { _, context in
            let event = try await ConsoleAccess.visibleEvent(
                context.parameters.get("id"), account: try ConsoleAccess.account(context), store: store)
            return try JSON.response([
                "jobs": try await store.jobs(eventID: event.eventID).map { APIJob($0, progress: jobs.progress(of: $0.id)) }
            ])
        }
        api.get("/events/{id}/certificates") { _, context in
            let event = try await ConsoleAccess.visibleEvent(
                context.parameters.get("id"), account: try ConsoleAccess.account(context), store: store)
            let certificates = try await registry.certificates(eventID: event.eventID, after: nil, limit: 10_000).map(APICertificate.init)
            return try JSON.response(["certificates": certificates])
        }
        api.post("/events/{id}/send") { request, context in
            let account = try ConsoleAccess.account(context)
            let event = try await ConsoleAccess.changeableEvent(context.parameters.get("id"), account: account, store: store)
            let body = try await JSON.body(APISend.self, of: request, emptyAs: APISend())
            let job = try await deliveries.send(event, retryFailed: body.retryFailed ?? false, by: account, via: " (API)")
            return try JSON.response(APIJob(job, progress: nil), status: .accepted)
        }
        api.post("/events/{id}/files") { request, context in try await addFile(request, context: context) }
        api.get("/events/{id}/shares") { _, context in
            let event = try await ConsoleAccess.visibleEvent(
                context.parameters.get("id"), account: try ConsoleAccess.account(context), store: store)
            return try JSON.response(APIShares(sharedWith: try await sharing.accounts(of: event).map(\.email)))
        }
        api.put("/events/{id}/shares") { request, context in try await setShares(request, context: context) }
        api.get("/events/{id}/deliveries") { _, context in
            let event = try await ConsoleAccess.visibleEvent(
                context.parameters.get("id"), account: try ConsoleAccess.account(context), store: store)
            let certificates = try await registry.certificates(eventID: event.eventID)
            let log = try await EventDeliveries(certificates, eventID: event.eventID, registry: registry)
            return try JSON.response(APIDeliveries(log))
        }
        api.post("/certificates/{id}/send") { _, context in
            let account = try ConsoleAccess.account(context)
            let (certificate, event) = try await ConsoleAccess.changeableCertificate(
                context.parameters.get("id"), account: account, store: store, registry: registry)
            guard certificate.status == .valid else {
                throw HTTPError(.conflict, message: "A \(certificate.status.rawValue) certificate is never sent.")
            }
            guard let event else {
                throw HTTPError(.conflict, message: "The console does not hold this certificate's event; send it with cpdcert send.")
            }
            let job = try await deliveries.send(event, retryFailed: true, only: certificate.id, by: account, via: " (API)")
            return try JSON.response(APIJob(job, progress: nil), status: .accepted)
        }
        api.post("/certificates/{id}/revoke") { request, context in
            let account = try ConsoleAccess.account(context)
            let (certificate, _) = try await ConsoleAccess.changeableCertificate(
                context.parameters.get("id"), account: account, store: store, registry: registry)
            let body = try await JSON.body(APIRevoke.self, of: request)
            guard let reason = RevocationReason(rawValue: body.reason) else {
                throw HTTPError(
                    .unprocessableContent,
                    message: "reason must be one of \(RevocationReason.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            _ = try await actions.revoke(certificate.id, reason: reason, note: body.note, by: account)
            return try JSON.response(APICertificate(try await registry.certificate(id: certificate.id) ?? certificate))
        }
        api.post("/certificates/{id}/reinstate") { request, context in
            let account = try ConsoleAccess.account(context)
            let (certificate, _) = try await ConsoleAccess.changeableCertificate(
                context.parameters.get("id"), account: account, store: store, registry: registry)
            let body = try await JSON.body(APIReinstate.self, of: request)
            guard !body.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw HTTPError(.unprocessableContent, message: "reason must say why the revocation is undone")
            }
            _ = try await actions.reinstate(certificate.id, reason: body.reason, by: account)
            return try JSON.response(APICertificate(try await registry.certificate(id: certificate.id) ?? certificate))
        }
        api.post("/certificates/{id}/correct") { request, context in
            let account = try ConsoleAccess.account(context)
            let (certificate, event) = try await ConsoleAccess.changeableCertificate(
                context.parameters.get("id"), account: account, store: store, registry: registry)
            let body = try await JSON.body(APICorrect.self, of: request)
            guard !body.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw HTTPError(.unprocessableContent, message: "reason must say why the certificate is corrected")
            }
            guard body.name.map({ !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) ?? true else {
                throw HTTPError(.unprocessableContent, message: "name must be the name as it should be printed")
            }
            let corrected = try await actions.correct(
                certificate, of: event,
                changes: AttendeeChanges(name: body.name, jobTitle: body.jobTitle, organisation: body.organisation),
                reason: body.reason, by: account)
            return try JSON.response(APICertificate(corrected))
        }
    }
}

extension APIRoutes {
    /// `POST /events`: `{"event": {the keys of event.yaml}, "attendance": {"file_name": ..., "content": ...}}`,
    /// checked as an uploaded event.yaml and report are; 201 with the review, or 422 with every problem.
    func createEvent(_ request: Request, context: ConsoleRequestContext) async throws -> Response {
        let account = try ConsoleAccess.account(context)
        guard account.mayChange else { throw ConsoleAccess.forbidden() }
        let body = try await JSON.object(of: request, limit: uploadLimit)
        guard let definition = body["event"] as? [String: Any], let report = body["attendance"] as? [String: Any],
            let content = report["content"] as? String
        else {
            throw HTTPError(
                .badRequest, message: #"The body must be {"event": {...}, "attendance": {"file_name": "...", "content": "..."}}."#)
        }
        let fileName = EventRoutes.fileName(report["file_name"] as? String ?? "")
        let draft = EventDraft(object: definition)
        let event: Event
        switch draft.checked() {
        case .success(let checked): event = checked
        case .failure(let problems): return try JSON.response(APIProblems(problems), status: .unprocessableContent)
        }
        if let unusable = jobs.workshop.templateProblem(event.templateName) {
            return try JSON.response(
                APIProblems(error: "The event is not valid.", problems: [EventDraft.Problem(path: "event.template", message: unusable)]),
                status: .unprocessableContent)
        }
        let added = try await EventIntake(store: store, clock: clock).addedFiles(of: event.id, for: account)
        do {
            _ = try ConsoleWorkshop.attendance(Data(content.utf8), fileName: fileName, event: event, adding: added)
        } catch {
            return try JSON.response(
                APIProblems(
                    error: "The attendance report cannot be read.",
                    problems: [EventDraft.Problem(path: "attendance", message: error.attendance ?? "\(error)")]),
                status: .unprocessableContent)
        }
        let kept: ConsoleEvent
        do {
            kept = try await EventIntake(store: store, clock: clock).keep(
                event, definition: draft.definition, attendance: Data(content.utf8), fileName: fileName, by: account, action: "event.api")
        } catch let refusal as EventIntake.Refusal {
            throw HTTPError(.conflict, message: refusal.message)
        }
        return try JSON.response(APIReview(try await EventReview(kept, registry: registry)), status: .created)
    }
}

extension APIRoutes {
    var sharing: EventSharing { EventSharing(store: store, clock: clock) }

    /// `POST /events/{id}/files`: `{"kind": "attendance" | "roster" | "aliases", "file_name": "...",
    /// "content": "..."}` adds a file beside the event's report; 201 with the review worked out
    /// again from every file, or 422 with the problem at `file`.
    func addFile(_ request: Request, context: ConsoleRequestContext) async throws -> Response {
        let account = try ConsoleAccess.account(context)
        let stored = try await ConsoleAccess.changeableEvent(context.parameters.get("id"), account: account, store: store)
        let body = try await JSON.object(of: request, limit: uploadLimit)
        guard let content = body["content"] as? String, let name = body["file_name"] as? String,
            let kind = ConsoleEventFile.Kind(rawValue: body["kind"] as? String ?? "attendance")
        else {
            throw HTTPError(
                .badRequest,
                message: #"The body must be {"kind": "attendance" | "roster" | "aliases", "file_name": "...", "content": "..."}."#)
        }
        let changed: ConsoleEvent
        do {
            changed = try await EventFiles(store: store, clock: clock).add(
                ConsoleEventFile(kind: kind, name: EventRoutes.fileName(name), content: Data(content.utf8)), to: stored, by: account)
        } catch let refusal as EventFiles.Refusal {
            return try JSON.response(
                APIProblems(error: "The file is not added.", problems: [EventDraft.Problem(path: "file", message: refusal.message)]),
                status: .unprocessableContent)
        }
        return try JSON.response(APIReview(try await EventReview(changed, registry: registry)), status: .created)
    }

    /// `PUT /events/{id}/shares`: `{"shared_with": ["email", ...]}`, the organisers the event is
    /// shared with from now on (those missing stop sharing it); 200 with the list, 422 with the
    /// address each problem is about (nothing changed then), 403 unless the token's account owns
    /// the event or is an admin.
    func setShares(_ request: Request, context: ConsoleRequestContext) async throws -> Response {
        let account = try ConsoleAccess.account(context)
        let event = try await ConsoleAccess.changeableEvent(context.parameters.get("id"), account: account, store: store)
        guard ConsoleAccess.mayShare(event, account) else {
            throw HTTPError(.forbidden, message: "Only the event's owner and admins share it.")
        }
        let body = try await JSON.body(APIShares.self, of: request)
        var wanted: [ConsoleAccount] = []
        var problems: [EventDraft.Problem] = []
        for (index, email) in body.sharedWith.enumerated() {
            let found = try await store.account(email: email)
            if let found, found.role == .organiser, found.id != event.ownerID, !found.disabled {
                wanted.append(found)
            } else {
                let why =
                    found == nil
                    ? "no account has this address" : found?.id == event.ownerID ? "the event's owner" : "not an active organiser's account"
                problems.append(EventDraft.Problem(path: "shared_with[\(index)]", message: "\(email): \(why)"))
            }
        }
        guard problems.isEmpty else {
            return try JSON.response(
                APIProblems(error: "The event cannot be shared so.", problems: problems), status: .unprocessableContent)
        }
        for other in try await sharing.accounts(of: event) where !wanted.contains(where: { $0.id == other.id }) {
            try await sharing.unshare(event, with: other, by: account)
        }
        for other in wanted where !event.sharedWith.contains(other.id) {
            _ = try await sharing.share(event, with: other.email, by: account)
        }
        let now = try await ConsoleAccess.visibleEvent(event.eventID, account: account, store: store)
        return try JSON.response(APIShares(sharedWith: try await sharing.accounts(of: now).map(\.email)))
    }

    /// `POST /events/{id}/correct`: `{"event": {the changed keys of event.yaml, same id}, "reason": "..."}`;
    /// every certificate that prints differently is superseded by a new one, the token's account
    /// the operator. 200 with what was done, 422 with every problem, 409 when the operation refuses.
    func correctEvent(_ request: Request, context: ConsoleRequestContext) async throws -> Response {
        let account = try ConsoleAccess.account(context)
        let stored = try await ConsoleAccess.changeableEvent(context.parameters.get("id"), account: account, store: store)
        let body = try await JSON.object(of: request, limit: uploadLimit)
        guard let definition = body["event"] as? [String: Any] else {
            throw HTTPError(.badRequest, message: #"The body must be {"event": {...}, "reason": "..."}."#)
        }
        guard let reason = (body["reason"] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines), !reason.isEmpty else {
            return try JSON.response(
                APIProblems(
                    error: "Say why the certificates are corrected.",
                    problems: [EventDraft.Problem(path: "reason", message: "reason must say why the certificates are corrected")]),
                status: .unprocessableContent)
        }
        let draft = EventDraft(object: definition)
        if case .failure(let problems) = draft.checked() {
            return try JSON.response(APIProblems(problems), status: .unprocessableContent)
        }
        let correction: EventCorrection
        do {
            correction = try await actions.correctEvent(stored, definition: draft.definition, reason: reason, by: account)
        } catch let problem as EventCorrectionProblem {
            return try JSON.response(
                APIProblems(
                    error: "The event cannot be corrected.", problems: [EventDraft.Problem(path: "event.id", message: problem.message)]),
                status: .unprocessableContent)
        }
        return try JSON.response(APIEventCorrection(correction))
    }
}

/// Who an API request is from: the account of a live API token, never a session cookie.
struct BearerTokenMiddleware: RouterMiddleware {
    typealias Context = ConsoleRequestContext
    let store: any ConsoleStore
    let clock: @Sendable () -> Date

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.account = nil
        context.sessionHash = nil
        let header = request.headers[.authorization] ?? ""
        guard header.hasPrefix("Bearer "), case let token = String(header.dropFirst(7)), token.utf8.count == 43,
            let id = try await store.tokenAccount(kind: .api, hash: ConsoleSecrets.hash(token), at: clock()),
            let account = try await store.account(id: id), !account.disabled
        else {
            throw HTTPError(
                .unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "Send a live API token: Authorization: Bearer <token>.")
        }
        context.account = account
        return try await next(request, context)
    }
}

/// JSON in and out of the API.
enum JSON {
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    /// The body as a JSON object, at most `limit` bytes.
    static func object(of request: Request, limit: Int) async throws -> [String: Any] {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw HTTPError(.contentTooLarge, message: "The body is larger than the console accepts (\(limit / 1_048_576) MiB).")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any] else {
            throw HTTPError(.badRequest, message: "The body is not the JSON this endpoint takes.")
        }
        return object
    }

    /// The body as `T`, at most 64 KiB; `emptyAs` when there is none and one is given.
    static func body<T: Decodable>(_ type: T.Type, of request: Request, emptyAs empty: T? = nil) async throws -> T {
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        if buffer.readableBytes == 0, let empty { return empty }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch {
            throw HTTPError(.badRequest, message: "The body is not the JSON this endpoint takes.")
        }
    }
}

struct APIEvent: Encodable {
    var id: String
    var title: String
    var ownerID: Int64
}

/// Why a request was refused, with each problem and the key it is about.
struct APIProblems: Encodable {
    var error: String
    var problems: [EventDraft.Problem]
}

extension APIProblems {
    /// The loader's problems with an API request's `event`, each at its key path (`event.schedule.start`).
    init(_ problems: EventDraft.Problems) {
        self.init(
            error: "The event is not valid.",
            problems: problems.found.map { EventDraft.Problem(path: $0.path.isEmpty ? "event" : "event.\($0.path)", message: $0.message) })
    }
}

/// What a correction of a whole event did.
struct APIEventCorrection: Encodable {
    var eventID: String
    var definitionChanges: [String]
    var corrected: Int
    var unchanged: Int
    var repaired: Int

    init(_ correction: EventCorrection) {
        eventID = correction.plan.eventID
        definitionChanges = correction.plan.definitionChanges
        corrected = correction.corrected
        unchanged = correction.plan.unchanged
        repaired = correction.repaired
    }
}

struct APIRevoke: Decodable {
    var reason: String
    var note: String?
}

struct APIReinstate: Decodable {
    var reason: String
}

/// What a correction changes (absent: as printed; "" removes a job title or organisation) and why.
struct APICorrect: Decodable {
    var name: String?
    var jobTitle: String?
    var organisation: String?
    var reason: String

    enum CodingKeys: String, CodingKey {
        case name, organisation, reason
        case jobTitle = "job_title"
    }
}

struct APICertificate: Encodable {
    var id: String
    var name: String
    var status: String
    var issuedAt: Date
    var issuedBy: String?

    init(_ certificate: Certificate) {
        id = certificate.id.description
        name = certificate.content.attendeeName
        status = certificate.status.rawValue
        issuedAt = certificate.issuedAt
        issuedBy = certificate.issuedBy
    }
}

struct APIShares: Codable {
    var sharedWith: [String]

    enum CodingKeys: String, CodingKey {
        case sharedWith = "shared_with"
    }
}

struct APISend: Decodable {
    var retryFailed: Bool?

    enum CodingKeys: String, CodingKey {
        case retryFailed = "retry_failed"
    }
}

/// The delivery log of an event: the counts the next send goes by, and every attempt.
struct APIDeliveries: Encodable {
    struct Attempt: Encodable {
        var certificateID: String
        var attempt: Int
        var outcome: String
        var reply: String
        var messageID: String
        var at: Date
    }

    var delivered: Int
    var failed: Int
    var toSend: Int
    var attempts: [Attempt]

    init(_ log: EventDeliveries) {
        delivered = log.delivered
        failed = log.failed
        toSend = log.toSend
        attempts = log.attempts.map {
            Attempt(
                certificateID: $0.certificateID.description, attempt: $0.attempt, outcome: $0.outcome.rawValue,
                reply: DeliveryRun.reply($0), messageID: $0.messageID, at: $0.at)
        }
    }
}

struct APIJob: Encodable {
    var id: Int64
    var eventID: String
    /// `issue` or `send`.
    var kind: String
    var state: String
    var total: Int
    var done: Int
    var issued: Int
    var failed: Int
    var message: String

    init(_ job: ConsoleJob, progress: BatchProgress?) {
        id = job.id
        eventID = job.eventID
        kind = if case .send = job.work { "send" } else { "issue" }
        state = job.state.rawValue
        total = progress?.total ?? job.total
        done = progress?.done ?? job.issued + job.failed
        issued = progress?.issued ?? job.issued
        failed = progress?.failed ?? job.failed
        message = job.message
    }
}

struct APIReview: Encodable {
    struct Person: Encodable {
        var line: Int?
        var name: String
        var email: String
        var minutes: Int
        var eligible: Bool
        var why: String
        var certificate: String?
    }

    struct Row: Encodable {
        var file: String
        var line: Int?
        var message: String
    }

    var id: String
    var title: String
    var due: Int
    var people: [Person]
    var rejected: [Row]

    init(_ review: EventReview) {
        id = review.event.id
        title = review.event.title
        due = review.due
        people = review.people.map {
            Person(
                line: $0.line, name: $0.name, email: $0.email, minutes: $0.minutes, eligible: $0.eligible, why: $0.why,
                certificate: $0.certificate?.description)
        }
        rejected = review.rejected.map { Row(file: $0.file, line: $0.line, message: $0.message) }
    }
}
