import CPDCore
import Foundation
import Hummingbird
import Logging
import NIOCore

/// The verification routes, over any registry.
struct VerificationRoutes: Sendable {
    let registry: any CertificateRegistry
    let siteName: String
    let logger: Logger

    func register(on router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ in "ok\n" }
        router.get("/c/:id") { _, context in
            try await page(for: context.parameters.get("id") ?? "")
        }
        router.get("/api/v1/certificates/:id") { _, context in
            try await json(for: context.parameters.get("id") ?? "")
        }
    }

    private func page(for text: String) async throws -> Response {
        switch try await Verification.check(text, in: registry) {
        case .found(let certificate):
            logger.info(
                "certificate page served",
                metadata: ["certificate.id": "\(certificate.id)", "certificate.status": "\(certificate.status.rawValue)"])
            return html(.ok, VerificationPage.certificate(certificate, siteName: siteName))
        case .unknown(let id):
            return html(
                .notFound,
                VerificationPage.message(
                    title: "Certificate not found", status: "unknown",
                    text:
                        "No certificate with ID \(id.description) was issued through this service. Check the ID against the certificate; if it matches, the certificate is not genuine.",
                    siteName: siteName))
        case .malformed(let error):
            let title = error == .checkMismatch ? "This ID looks mistyped" : "That is not a certificate ID"
            return html(
                .badRequest, VerificationPage.message(title: title, status: "malformed", text: error.description, siteName: siteName))
        }
    }

    private func json(for text: String) async throws -> Response {
        switch try await Verification.check(text, in: registry) {
        case .found(let certificate):
            let body = try PublicCertificate.makeEncoder().encode(PublicCertificate(certificate))
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        case .unknown(let id):
            return apiError(.notFound, code: "not_found", message: "no certificate with ID \(id.description)")
        case .malformed(let error):
            return apiError(.badRequest, code: error == .checkMismatch ? "mistyped_id" : "malformed_id", message: error.description)
        }
    }

    private func html(_ status: HTTPResponse.Status, _ page: String) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    private func apiError(_ status: HTTPResponse.Status, code: String, message: String) -> Response {
        struct Body: Encodable {
            struct Detail: Encodable {
                let code: String
                let message: String
            }
            let error: Detail
        }
        let data = (try? PublicCertificate.makeEncoder().encode(Body(error: .init(code: code, message: message)))) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
