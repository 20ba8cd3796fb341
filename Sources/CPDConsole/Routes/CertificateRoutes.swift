import CPDCore
import CPDOperations
import Foundation
import Hummingbird

/// One certificate: its record, history and delivery attempts, and the forms that revoke,
/// reinstate or correct it with a reason, through the operations layer with the signed-in
/// account as the operator, or email it again.
struct CertificateRoutes {
    let store: any ConsoleStore
    let actions: CertificateActions
    let deliveries: DeliveryActions
    let pages: ConsolePages

    var registry: any CertificateRegistry { actions.operations.registry }

    func register(on router: RouterGroup<ConsoleRequestContext>) {
        router.get("/certificates/{id}") { _, context in try await show(context) }
        router.post("/certificates/{id}/revoke") { _, context in
            let (certificate, _, account) = try await changeable(context)
            guard let reason = context.form.text("reason").flatMap(RevocationReason.init(rawValue:)) else {
                throw HTTPError(.unprocessableContent, message: "Choose one of the reasons for revoking.")
            }
            _ = try await actions.revoke(certificate.id, reason: reason, note: context.form.text("note"), by: account)
            return ConsolePages.redirect("/certificates/\(certificate.id)")
        }
        router.post("/certificates/{id}/reinstate") { _, context in
            let (certificate, _, account) = try await changeable(context)
            guard let reason = context.form.text("reason") else {
                throw HTTPError(.unprocessableContent, message: "Say why the revocation is undone.")
            }
            _ = try await actions.reinstate(certificate.id, reason: reason, by: account)
            return ConsolePages.redirect("/certificates/\(certificate.id)")
        }
        router.post("/certificates/{id}/send") { _, context in
            let (certificate, event, account) = try await changeable(context)
            guard certificate.status == .valid else {
                throw HTTPError(.conflict, message: "A \(certificate.status.rawValue) certificate is never sent.")
            }
            guard let event else {
                throw HTTPError(.conflict, message: "The console does not hold this certificate's event; send it with cpdcert send.")
            }
            _ = try await deliveries.send(event, retryFailed: true, only: certificate.id, by: account, via: "")
            return ConsolePages.redirect("/events/\(EventRoutes.pathComponent(event.eventID))")
        }
        router.post("/certificates/{id}/correct") { _, context in
            let (certificate, event, account) = try await changeable(context)
            guard let name = context.form.text("name") else {
                throw HTTPError(.unprocessableContent, message: "Give the name as it should be printed.")
            }
            guard let reason = context.form.text("reason") else {
                throw HTTPError(.unprocessableContent, message: "Say why the certificate is corrected.")
            }
            let content = certificate.content
            // The form's value when it differs from the printed one (nil: unchanged).
            func changed(_ field: String, _ printed: String?) -> String? {
                let given = context.form.text(field) ?? ""
                return given == (printed ?? "") ? nil : given
            }
            let changes = AttendeeChanges(
                name: name == content.attendeeName ? nil : name, jobTitle: changed("job_title", content.jobTitle),
                organisation: changed("organisation", content.organisation))
            let corrected = try await actions.correct(certificate, of: event, changes: changes, reason: reason, by: account)
            return ConsolePages.redirect("/certificates/\(corrected.id)")
        }
    }

    private func show(_ context: ConsoleRequestContext) async throws -> Response {
        let account = try ConsoleAccess.account(context)
        let (certificate, event) = try await ConsoleAccess.visibleCertificate(
            context.parameters.get("id"), account: account, store: store, registry: registry)
        let history: [[String: Any]] = try await registry.statusHistory(certificateID: certificate.id).map {
            [
                "at": ConsoleFormat.time($0.at), "status": $0.status.rawValue, "reason": $0.reason?.words ?? $0.note ?? "",
                "operator": $0.operatorName,
            ]
        }
        let mayChange = ConsoleAccess.mayChangeCertificate(of: event, account)
        let content = certificate.content
        var values: [String: Any] = [
            "id": certificate.id.description, "name": content.attendeeName, "jobTitle": content.jobTitle ?? "",
            "organisation": content.organisation ?? "", "eventID": certificate.eventID, "eventTitle": content.eventTitle,
            "status": certificate.status.rawValue, "issued": ConsoleFormat.time(certificate.issuedAt),
            "issuedBy": certificate.issuedBy as Any, "supersedes": certificate.supersedes?.description as Any,
            "mayChange": mayChange, "valid": certificate.status == .valid, "revoked": certificate.status == .revoked,
            "mayCorrect": mayChange && certificate.status == .valid && event != nil,
            "reasons": RevocationReason.allCases.map { ["code": $0.rawValue, "words": $0.words] },
        ]
        values.merge(ConsolePages.list("history", history)) { $1 }
        let log = try await EventDeliveries([certificate], eventID: certificate.eventID, registry: registry)
        let attempts = log.rows(names: [:]).filter { $0["id"] as? String == certificate.id.description }
        values.merge(ConsolePages.list("attempts", attempts)) { $1 }
        values["maySend"] = mayChange && certificate.status == .valid && event != nil && deliveries.mayMail
        values["email"] = certificate.identity.email
        values["delivery"] = log.summary(of: certificate)
        return pages.page("certificate", title: certificate.id.description, values: values, context: context)
    }

    private func changeable(_ context: ConsoleRequestContext) async throws -> (Certificate, ConsoleEvent?, ConsoleAccount) {
        let account = try ConsoleAccess.account(context)
        let (certificate, event) = try await ConsoleAccess.changeableCertificate(
            context.parameters.get("id"), account: account, store: store, registry: registry)
        return (certificate, event, account)
    }
}
