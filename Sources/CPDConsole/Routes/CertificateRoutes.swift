import CPDCore
import CPDOperations
import Foundation
import Hummingbird

/// One certificate: its record and history, and the forms that revoke or reinstate it with a
/// reason, through the operations layer with the signed-in account as the operator.
struct CertificateRoutes {
    let store: any ConsoleStore
    let operations: Operations
    let pages: ConsolePages

    func register(on router: RouterGroup<ConsoleRequestContext>) {
        router.get("/certificates/{id}") { _, context in try await show(context) }
        router.post("/certificates/{id}/revoke") { _, context in
            let (certificate, account) = try await changeable(context)
            guard let reason = context.form.text("reason").flatMap(RevocationReason.init(rawValue:)) else {
                throw HTTPError(.unprocessableContent, message: "Choose one of the reasons for revoking.")
            }
            _ = try await actions.revoke(certificate.id, reason: reason, note: context.form.text("note"), by: account)
            return ConsolePages.redirect("/certificates/\(certificate.id)")
        }
        router.post("/certificates/{id}/reinstate") { _, context in
            let (certificate, account) = try await changeable(context)
            guard let reason = context.form.text("reason") else {
                throw HTTPError(.unprocessableContent, message: "Say why the revocation is undone.")
            }
            _ = try await actions.reinstate(certificate.id, reason: reason, by: account)
            return ConsolePages.redirect("/certificates/\(certificate.id)")
        }
    }

    private var actions: CertificateActions { CertificateActions(store: store, operations: operations) }

    private func show(_ context: ConsoleRequestContext) async throws -> Response {
        let (certificate, event) = try await visible(context)
        let account = try ConsoleAccess.account(context)
        let history: [[String: Any]] = try await operations.registry.statusHistory(certificateID: certificate.id).map {
            [
                "at": ConsoleFormat.time($0.at), "status": $0.status.rawValue, "reason": $0.reason?.words ?? $0.note ?? "",
                "operator": $0.operatorName,
            ]
        }
        let mayChange = ConsoleAccess.mayChangeCertificate(of: event, account)
        var values: [String: Any] = [
            "id": certificate.id.description, "name": certificate.content.attendeeName, "eventID": certificate.eventID,
            "eventTitle": certificate.content.eventTitle, "status": certificate.status.rawValue,
            "issued": ConsoleFormat.time(certificate.issuedAt), "issuedBy": certificate.issuedBy as Any,
            "mayChange": mayChange, "valid": certificate.status == .valid, "revoked": certificate.status == .revoked,
            "reasons": RevocationReason.allCases.map { ["code": $0.rawValue, "words": $0.words] },
        ]
        values.merge(ConsolePages.list("history", history)) { $1 }
        return pages.page("certificate", title: certificate.id.description, values: values, context: context)
    }

    private func visible(_ context: ConsoleRequestContext) async throws -> (Certificate, ConsoleEvent?) {
        try await ConsoleAccess.visibleCertificate(
            context.parameters.get("id"), account: try ConsoleAccess.account(context), store: store, registry: operations.registry)
    }

    private func changeable(_ context: ConsoleRequestContext) async throws -> (Certificate, ConsoleAccount) {
        let account = try ConsoleAccess.account(context)
        let certificate = try await ConsoleAccess.changeableCertificate(
            context.parameters.get("id"), account: account, store: store, registry: operations.registry)
        return (certificate, account)
    }
}
