import CPDCore
import CPDImport
import CPDOperations
import Foundation
import HTTPTypes
import Hummingbird

/// The events: the list, the upload of an `event.yaml`, each event's review (who qualifies and why, rejected
/// rows by line), its batches with their progress, its certificates, and "Issue N certificates".
struct EventRoutes {
    let store: any ConsoleStore
    let registry: any CertificateRegistry
    let jobs: ConsoleJobs
    let actions: CertificateActions
    let deliveries: DeliveryActions
    let pages: ConsolePages
    let clock: @Sendable () -> Date

    var sharing: EventSharing { EventSharing(store: store, clock: clock) }
    var files: EventFiles { EventFiles(store: store, clock: clock) }

    func register(on router: RouterGroup<ConsoleRequestContext>) {
        router.get("/") { _, context in try await list(context) }
        router.post("/events") { _, context in try await upload(context) }
        router.get("/events/{id}") { _, context in try await show(try await visibleEvent(context), context: context) }
        router.get("/events/{id}/certificates.zip") { _, context in
            let event = try await visibleEvent(context)
            let account = try ConsoleAccess.account(context)
            let archive = try await zip(event)
            try await store.recordAction(
                ConsoleAction(
                    at: clock(), accountEmail: account.email, action: "download", subject: event.eventID, detail: "\(archive.files) files"))
            return Response(
                status: .ok,
                headers: [
                    .contentType: "application/zip",
                    .contentDisposition: "attachment; filename=\"\(ConsoleWorkshop.folderName(event.eventID)).zip\"",
                ], body: .init(byteBuffer: ByteBuffer(bytes: archive.bytes)))
        }
        router.get("/events/{id}/preview.png") { _, context in
            let stored = try await visibleEvent(context)
            let png: Data
            do {
                png = try jobs.workshop.samplePicture(try ConsoleWorkshop.event(stored.definition))
            } catch {
                throw HTTPError(.conflict, message: "The preview cannot be drawn: \(error)")
            }
            return Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: png)))
        }
        router.post("/events/{id}/correct") { _, context in try await correct(context) }
        router.post("/events/{id}/send") { _, context in
            let (event, account) = try await changeableEvent(context)
            _ = try await deliveries.send(event, retryFailed: context.form.text("retry_failed") == "yes", by: account, via: "")
            return ConsolePages.redirect("/events/\(Self.pathComponent(event.eventID))")
        }
        router.post("/events/{id}/files") { _, context in
            let (stored, account) = try await changeableEvent(context)
            let kind = context.form.text("kind").flatMap(ConsoleEventFile.Kind.init(rawValue:)) ?? .attendance
            let upload = context.form.files["file"]
            let file = ConsoleEventFile(kind: kind, name: Self.fileName(upload?.name ?? ""), content: Data(upload?.bytes ?? []))
            do {
                _ = try await files.add(file, to: stored, by: account)
            } catch let refusal as EventFiles.Refusal {
                return try await show(stored, context: context, fileProblem: refusal.message, status: .unprocessableContent)
            }
            return ConsolePages.redirect("/events/\(Self.pathComponent(stored.eventID))")
        }
        router.post("/events/{id}/files/{index}/remove") { _, context in
            let (stored, account) = try await changeableEvent(context)
            guard let index = context.parameters.get("index", as: Int.self) else { throw ConsoleAccess.notFound() }
            do {
                try await files.remove(at: index, of: stored, by: account)
            } catch let refusal as EventFiles.Refusal {
                return try await show(stored, context: context, fileProblem: refusal.message, status: .unprocessableContent)
            }
            return ConsolePages.redirect("/events/\(Self.pathComponent(stored.eventID))")
        }
        router.post("/events/{id}/shares") { _, context in
            let (stored, account) = try await shareableEvent(context)
            do {
                _ = try await sharing.share(stored, with: context.form.text("email") ?? "", by: account)
            } catch let refusal as EventSharing.Refusal {
                return try await show(stored, context: context, shareProblem: refusal.message, status: .unprocessableContent)
            }
            return ConsolePages.redirect("/events/\(Self.pathComponent(stored.eventID))")
        }
        router.post("/events/{id}/shares/{account}/remove") { _, context in
            let (stored, account) = try await shareableEvent(context)
            guard let otherID = context.parameters.get("account", as: Int64.self), stored.sharedWith.contains(otherID),
                let other = try await store.account(id: otherID)
            else { throw ConsoleAccess.notFound() }
            try await sharing.unshare(stored, with: other, by: account)
            return ConsolePages.redirect("/events/\(Self.pathComponent(stored.eventID))")
        }
        router.get("/events/{id}/deliveries") { _, context in
            let stored = try await visibleEvent(context)
            let certificates = try await registry.certificates(eventID: stored.eventID)
            let log = try await EventDeliveries(certificates, eventID: stored.eventID, registry: registry)
            let names = Dictionary(certificates.map { ($0.id, $0.content.attendeeName) }, uniquingKeysWith: { first, _ in first })
            let title = (try? ConsoleWorkshop.event(stored.definition).title) ?? stored.eventID
            var values: [String: Any] = [
                "id": stored.eventID, "eventTitle": title, "delivered": log.delivered, "failed": log.failed, "toSend": log.toSend,
            ]
            values.merge(ConsolePages.list("attempts", log.rows(names: names))) { $1 }
            return pages.page("deliveries", title: text("deliveriesHeading"), values: values, context: context)
        }
        router.post("/events/{id}/issue") { _, context in
            let (event, account) = try await changeableEvent(context)
            let job = try await jobs.enqueue(eventID: event.eventID, by: account)
            try await store.recordAction(
                ConsoleAction(at: clock(), accountEmail: account.email, action: "issue", subject: event.eventID, detail: "batch #\(job.id)")
            )
            return ConsolePages.redirect("/events/\(Self.pathComponent(event.eventID))")
        }
    }

    private func list(_ context: ConsoleRequestContext) async throws -> Response {
        let account = try ConsoleAccess.account(context)
        var owners: [Int64: String] = [:]
        for owner in try await store.accounts() { owners[owner.id] = owner.email }
        let rows: [[String: Any]] = try await store.events().filter { ConsoleAccess.maySee($0, account) }.map { event in
            let title = (try? ConsoleWorkshop.event(event.definition).title) ?? ""
            return [
                "id": event.eventID, "title": title, "owner": owners[event.ownerID] ?? "", "added": ConsoleFormat.time(event.createdAt),
            ]
        }
        return pages.page(
            "events", title: text("eventsHeading"),
            values: ConsolePages.list("events", rows).merging(["mayChange": account.mayChange]) { $1 },
            context: context)
    }

    private func upload(_ context: ConsoleRequestContext) async throws -> Response {
        let account = try ConsoleAccess.account(context)
        guard account.mayChange else { throw ConsoleAccess.forbidden() }
        func problem(event: String?, attendance: String?) -> Response {
            EventFormRoutes.page(pages, context: context, upload: (event, attendance), status: .unprocessableContent)
        }
        guard let definitionFile = context.form.files["event"], !definitionFile.bytes.isEmpty else {
            return problem(event: "Choose the event definition file (event.yaml).", attendance: nil)
        }
        guard let attendanceFile = context.form.files["attendance"], !attendanceFile.bytes.isEmpty else {
            return problem(event: nil, attendance: "Choose the attendance report your platform exported.")
        }
        let definition = Data(definitionFile.bytes)
        let event: Event
        do {
            event = try ConsoleWorkshop.event(definition)
        } catch {
            return problem(event: error.event, attendance: nil)
        }
        if let unusable = jobs.workshop.templateProblem(event.templateName) { return problem(event: unusable, attendance: nil) }
        let fileName = Self.fileName(attendanceFile.name)
        let added = try await EventIntake(store: store, clock: clock).addedFiles(of: event.id, for: account)
        do {
            _ = try ConsoleWorkshop.attendance(Data(attendanceFile.bytes), fileName: fileName, event: event, adding: added)
        } catch {
            return problem(event: nil, attendance: error.attendance)
        }
        do {
            _ = try await EventIntake(store: store, clock: clock).keep(
                event, definition: definition, attendance: Data(attendanceFile.bytes), fileName: fileName, by: account,
                action: "event.upload")
        } catch let refusal as EventIntake.Refusal {
            return problem(event: refusal.message, attendance: nil)
        }
        return ConsolePages.redirect("/events/\(Self.pathComponent(event.id))")
    }

    /// Re-issues the event's certificates after its definition changed: the changed event.yaml
    /// (the same ID) and why; a problem is shown beside its field on the event's page.
    private func correct(_ context: ConsoleRequestContext) async throws -> Response {
        let (stored, account) = try await changeableEvent(context)
        func problem(event: String?, reason: String?) async throws -> Response {
            try await show(stored, context: context, correction: (event, reason), status: .unprocessableContent)
        }
        guard let file = context.form.files["event"], !file.bytes.isEmpty else {
            return try await problem(event: text("correctEventFileMissing"), reason: nil)
        }
        guard let reason = context.form.text("reason") else {
            return try await problem(event: nil, reason: text("correctEventReasonMissing"))
        }
        do {
            _ = try await actions.correctEvent(stored, definition: Data(file.bytes), reason: reason, by: account)
        } catch let refusal as EventCorrectionProblem {
            return try await problem(event: refusal.message, reason: nil)
        }
        return ConsolePages.redirect("/events/\(Self.pathComponent(stored.eventID))")
    }

    private func show(
        _ stored: ConsoleEvent, context: ConsoleRequestContext, correction: (event: String?, reason: String?) = (nil, nil),
        shareProblem: String? = nil, fileProblem: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let account = try ConsoleAccess.account(context)
        let review = try await EventReview(stored, registry: registry)
        let event = review.event
        func row(_ person: EventReview.Person) -> [String: Any] {
            var row: [String: Any] = [
                "line": person.line.map(String.init) ?? "", "name": person.name, "email": person.email, "minutes": person.minutes,
                "why": person.why,
            ]
            if let certificate = person.certificate { row["certificate"] = certificate.description }
            return row
        }
        let eligible = review.people.filter(\.eligible).map(row)
        let ineligible = review.people.filter { !$0.eligible }.map(row)
        let due = review.due
        let rejected: [[String: Any]] = review.rejected.map {
            ["file": $0.file, "line": $0.line.map(String.init) ?? "", "message": EventFiles.inConsoleWords($0.message)]
        }
        let jobList = try await store.jobs(eventID: event.id)
        let running = jobList.first { $0.state == .running || $0.state == .queued }
        let issued = try await registry.certificates(eventID: event.id)
        let delivery = try await EventDeliveries(issued, eventID: event.id, registry: registry)
        let certificates: [[String: Any]] = issued.prefix(2000).map {
            [
                "id": $0.id.description, "name": $0.content.attendeeName, "status": $0.status.rawValue,
                "issued": ConsoleFormat.time($0.issuedAt), "delivery": delivery.summary(of: $0),
            ]
        }
        var values: [String: Any] = [
            "id": event.id, "title": event.title, "template": event.templateName, "rule": event.ruleSummary, "due": due, "hasDue": due > 0,
            "dueIsOne": due == 1,
            "owner": try await store.account(id: stored.ownerID)?.email ?? "", "mayChange": ConsoleAccess.mayChange(stored, account),
            "correctEventProblem": correction.event as Any, "correctReasonProblem": correction.reason as Any,
            "correctReason": context.form.text("reason") ?? "",
        ]
        if let running {
            let progress = jobs.progress(of: running.id)
            // Nothing is reported until the first certificates are recorded and written (or
            // after a restart, until the resumed batch reports): an indeterminate bar, not 0 / 0.
            var shown: [String: Any] = ["total": progress?.total ?? 0, "done": progress?.done ?? 0, "known": progress != nil]
            if case .send = running.work { shown["sending"] = true }
            values["running"] = shown
        }
        let added: [[String: Any]] = stored.files.enumerated().map { index, file in
            ["index": index, "name": file.name, "kind": text("fileKind_" + file.kind.rawValue)]
        }
        values.merge(ConsolePages.list("files", added)) { $1 }
        values["attendanceFile"] = stored.attendanceFileName
        values["fileProblem"] = fileProblem as Any
        values["fileKinds"] = ConsoleEventFile.Kind.allCases.map {
            ["value": $0.rawValue, "label": text("fileKind_" + $0.rawValue), "selected": context.form.text("kind") == $0.rawValue]
        }
        let shared = try await sharing.accounts(of: stored)
        values["sharing"] = [
            "mayShare": ConsoleAccess.mayShare(stored, account), "problem": shareProblem as Any,
            "email": shareProblem == nil ? "" : context.form.text("email") ?? "",
        ]
        values.merge(ConsolePages.list("shared", shared.map { ["accountID": $0.id, "email": $0.email] })) { $1 }
        values["mail"] = [
            "ready": deliveries.mayMail, "relay": jobs.workshop.mail?.relay ?? "", "delivered": delivery.delivered,
            "failed": delivery.failed, "hasFailed": delivery.failed > 0, "toSend": delivery.toSend, "hasToSend": delivery.toSend > 0,
            "toSendIsOne": delivery.toSend == 1, "logAny": !delivery.attempts.isEmpty,
        ]
        let jobRows: [[String: Any]] = jobList.map {
            let kind = if case .send = $0.work { text("jobKindSend") } else { text("jobKindIssue") }
            return [
                "id": $0.id, "kind": kind, "state": $0.state.rawValue, "created": ConsoleFormat.time($0.createdAt), "message": $0.message,
            ]
        }
        for list in [
            ConsolePages.list("eligible", eligible), ConsolePages.list("ineligible", ineligible), ConsolePages.list("rejected", rejected),
            ConsolePages.list("certificates", certificates), ConsolePages.list("jobs", jobRows),
            ConsolePages.list("warnings", review.warnings.map { ["text": EventFiles.inConsoleWords($0.description)] }),
        ] {
            values.merge(list) { $1 }
        }
        return pages.page(
            "event", title: event.title, values: values, context: context, status: status, refresh: running == nil ? nil : 2)
    }

    /// The event's PDFs as issued (each checked against the SHA-256 the registry holds; a missing
    /// or changed one is left out) and its manifest.csv, in one ZIP.
    private func zip(_ event: ConsoleEvent) async throws -> (bytes: [UInt8], files: Int) {
        let folder = jobs.workshop.outputFolder(of: event.eventID)
        var archive = StoredZIP()
        var files = 0
        var after: CertificateID?
        while true {
            let page = try await registry.certificates(eventID: event.eventID, after: after, limit: 256)
            guard let last = page.last else { break }
            after = last.id
            for certificate in page {
                guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(certificate.fileName).path),
                    Hex.sha256(data) == certificate.pdfSHA256
                else { continue }
                try archive.add(certificate.fileName, Array(data), date: certificate.issuedAt)
                files += 1
            }
        }
        if let manifest = FileManager.default.contents(atPath: folder.appendingPathComponent("manifest.csv").path) {
            try archive.add("manifest.csv", Array(manifest), date: clock())
            files += 1
        }
        return (archive.finished(), files)
    }

    private func visibleEvent(_ context: ConsoleRequestContext) async throws -> ConsoleEvent {
        try await ConsoleAccess.visibleEvent(context.parameters.get("id"), account: try ConsoleAccess.account(context), store: store)
    }

    /// The event in the path, if the signed-in account may share it (its owner, or an admin).
    private func shareableEvent(_ context: ConsoleRequestContext) async throws -> (ConsoleEvent, ConsoleAccount) {
        let (event, account) = try await changeableEvent(context)
        guard ConsoleAccess.mayShare(event, account) else {
            throw HTTPError(.forbidden, message: "Only the event's owner and admins share it.")
        }
        return (event, account)
    }

    private func changeableEvent(_ context: ConsoleRequestContext) async throws -> (ConsoleEvent, ConsoleAccount) {
        let account = try ConsoleAccess.account(context)
        return (try await ConsoleAccess.changeableEvent(context.parameters.get("id"), account: account, store: store), account)
    }

    /// An uploaded file's name without any folder, for messages.
    static func fileName(_ given: String) -> String {
        let last = given.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        return last.isEmpty ? "attendance.csv" : String(last.prefix(200))
    }

    /// `text` percent-encoded for one path component.
    static func pathComponent(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? text
    }

    private func text(_ key: String) -> String { ConsoleText.english[key] ?? key }
}
