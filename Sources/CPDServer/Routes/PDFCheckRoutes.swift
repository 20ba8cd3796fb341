import CPDCore
import Foundation
import Hummingbird
import Logging

/// "Is this PDF exactly a certificate as issued?": the upload form's `POST /check` (then a
/// redirect to the answer, so reloading does not upload again), the answer page
/// `GET /check?sha256=...`, and the API's `POST /api/v1/verify-pdf`.
struct PDFCheckRoutes {
    let service: VerificationService

    /// The JSON answer of `POST /api/v1/verify-pdf`.
    struct Answer: Encodable {
        let sha256: String
        let match: Bool
        let certificate: PublicCertificate?
    }

    func registerUploads(on group: RateLimitedRoutes) {
        group.post("/check") { request, context in try await upload(request, context) }
        group.post("/api/v1/verify-pdf") { request, context in try await api(request, context) }
    }

    func registerLookups(on group: RateLimitedRoutes) {
        group.get("/check") { request, _ in try await answer(request) }
    }

    private func upload(_ request: Request, _ context: VerificationRequestContext) async throws -> Response {
        let (pdf, id) = try await PDFUpload.fromForm(request, maxBytes: service.configuration.maxUploadBytes)
        service.metrics.recordUpload(bytes: pdf.count)
        let sha256 = PDFUpload.sha256(pdf)
        context.logger.info("PDF checked", metadata: ["upload.bytes": "\(pdf.count)", "upload.sha256": "\(sha256)"])
        var location = "/check?sha256=\(sha256)"
        if let id, let parsed = try? CertificateID(parsing: id) { location += "&id=\(parsed.compact)" }
        return Response(status: .seeOther, headers: [.location: location])
    }

    private func answer(_ request: Request) async throws -> Response {
        guard let raw = FormQuery.value("sha256", in: request.uri.query) else {
            return service.html(.ok, PDFCheckPage.form(layout: service.layout))
        }
        guard let sha256 = PDFUpload.validSHA256(raw) else {
            throw ServiceError(
                .badRequest, .badRequest, title: "That is not a fingerprint",
                message: "sha256 must be 64 hexadecimal digits; upload the PDF with the form instead")
        }
        let expected = FormQuery.value("id", in: request.uri.query).flatMap { try? CertificateID(parsing: $0) }
        let match = try await service.certificate(pdfSHA256: sha256)
        let page = PDFCheckPage(sha256: sha256, match: match.map { PublicCertificate($0) }, expectedID: expected?.description)
        return service.html(.ok, page.html(layout: service.layout))
    }

    private func api(_ request: Request, _ context: VerificationRequestContext) async throws -> Response {
        let pdf = try await PDFUpload.fromBody(request, maxBytes: service.configuration.maxUploadBytes)
        service.metrics.recordUpload(bytes: pdf.count)
        let sha256 = PDFUpload.sha256(pdf)
        let match = try await service.certificate(pdfSHA256: sha256)
        context.logger.info(
            "PDF checked", metadata: ["upload.bytes": "\(pdf.count)", "upload.sha256": "\(sha256)", "upload.match": "\(match != nil)"])
        return try service.json(.ok, Answer(sha256: sha256, match: match != nil, certificate: match.map { PublicCertificate($0) }))
    }
}
