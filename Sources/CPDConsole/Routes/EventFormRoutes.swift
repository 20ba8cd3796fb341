import CPDCore
import Foundation
import Hummingbird

/// "Add an event" (`/events/new`): a form with a labelled field for each key of `event.yaml` and
/// the attendance report, checked exactly as an uploaded `event.yaml` is (`EventDraft`); the form
/// comes back with each problem beside its field and every value kept. The same page offers the
/// upload of an `event.yaml` (`POST /events`, `EventRoutes`).
struct EventFormRoutes {
    let store: any ConsoleStore
    let pages: ConsolePages
    /// Why the console cannot draw with a template (`ConsoleWorkshop.templateProblem`).
    let templateProblem: @Sendable (String) -> String?
    let clock: @Sendable () -> Date

    func register(on router: RouterGroup<ConsoleRequestContext>) {
        router.get("/events/new") { _, context in
            guard try ConsoleAccess.account(context).mayChange else { throw ConsoleAccess.forbidden() }
            return Self.page(pages, context: context)
        }
        router.post("/events/new") { _, context in try await create(context) }
    }

    private func create(_ context: ConsoleRequestContext) async throws -> Response {
        let account = try ConsoleAccess.account(context)
        guard account.mayChange else { throw ConsoleAccess.forbidden() }
        let values = context.form.values
        let draft = EventDraft(form: values)
        var problems: [String: [String]] = [:]
        var event: Event?
        switch draft.checked() {
        case .success(let checked):
            event = checked
            if let unusable = templateProblem(checked.templateName) { problems["template", default: []].append(unusable) }
        case .failure(let found):
            for problem in found.found { problems[EventDraft.field(of: problem.path)?.name ?? "", default: []].append(problem.message) }
        }
        let file = context.form.files["attendance"]
        let fileName = EventRoutes.fileName(file?.name ?? "")
        if let file, !file.bytes.isEmpty {
            if let event {
                let added = try await EventIntake(store: store, clock: clock).addedFiles(of: event.id, for: account)
                do {
                    _ = try ConsoleWorkshop.attendance(Data(file.bytes), fileName: fileName, event: event, adding: added)
                } catch {
                    problems["attendance", default: []].append(error.attendance ?? "\(error)")
                }
            }
        } else {
            problems["attendance", default: []].append(ConsoleText.english["chooseAttendance"] ?? "")
        }
        if problems.isEmpty, let event, let file {
            do {
                _ = try await EventIntake(store: store, clock: clock).keep(
                    event, definition: draft.definition, attendance: Data(file.bytes), fileName: fileName, by: account,
                    action: "event.form")
                return ConsolePages.redirect("/events/\(EventRoutes.pathComponent(event.id))")
            } catch let refusal as EventIntake.Refusal {
                problems["id", default: []].append(refusal.message)
            }
        }
        return Self.page(pages, context: context, values: values, problems: problems, status: .unprocessableContent)
    }

    /// The page: the form with `values` and `problems` (by field; "" for the whole event), and the
    /// upload form with its problems.
    static func page(
        _ pages: ConsolePages, context: ConsoleRequestContext, values: [String: String] = [:], problems: [String: [String]] = [:],
        upload: (event: String?, attendance: String?) = (nil, nil), status: HTTPResponse.Status = .ok
    ) -> Response {
        let text = ConsoleText.english
        let fields: [[String: Any]] = EventDraft.fields.map { field in
            let problem = problems[field.name]?.joined(separator: " ") ?? ""
            let hint = text["hint_" + field.name] ?? ""
            let describedBy = [hint.isEmpty ? nil : "f-\(field.name)-hint", problem.isEmpty ? nil : "f-\(field.name)-problem"]
                .compactMap { $0 }.joined(separator: " ")
            return [
                "name": field.name, "label": text["field_" + field.name] ?? field.name, "hint": hint, "hasHint": !hint.isEmpty,
                "value": values[field.name] ?? "", "isList": field.isList, "isFlag": field.kind == .flag,
                "isText": field.kind == .text, "checked": !(values[field.name] ?? "").isEmpty, "rows": field.kind == .sessions ? 3 : 6,
                "problem": problem, "hasProblem": !problem.isEmpty,
                "describedBy": describedBy, "hasDescription": !describedBy.isEmpty,
            ]
        }
        let attendanceProblem = problems["attendance"]?.joined(separator: " ") ?? ""
        let general = problems[""] ?? []
        return pages.page(
            "new-event", title: text["newEventHeading"] ?? "",
            values: [
                "fields": fields, "formProblem": !problems.isEmpty, "general": general,
                "formAttendanceProblem": (attendanceProblem.isEmpty ? nil : attendanceProblem) as Any,
                "eventProblem": upload.event as Any, "attendanceProblem": upload.attendance as Any,
            ], context: context, status: status)
    }
}
