import CPDCore
import Hummingbird
import Logging
import NIOCore

/// A certificate's PDF as issued, for whoever holds its ID (`/c/<ID>/certificate.pdf` and
/// `/api/v1/certificates/<ID>/pdf`): 200 with the bytes whose SHA-256 the registry holds, 410 for a
/// revoked certificate, 404 for an unknown one or one whose PDF cannot be proved to be as issued.
struct PDFDownload {
    let service: VerificationService

    func response(_ context: VerificationRequestContext) async throws -> Response {
        let certificate = try await service.found(context)
        guard certificate.status != .revoked else {
            throw ServiceError(
                .gone, .revoked, title: "This certificate was revoked",
                message: "certificate \(certificate.id) was revoked, so its PDF is no longer offered; its page says why")
        }
        let pdf: CertificatePDF
        do {
            pdf = try await service.pdfs.pdf(of: certificate)
        } catch RenderThreadError.busy {
            throw ServiceError(
                .serviceUnavailable, .busy, title: "Busy drawing certificates",
                message: "many certificates are being drawn; try again in a moment", headers: [.retryAfter: "2"])
        } catch {
            context.logger.error("certificate PDF failed", metadata: ["certificate.id": "\(certificate.id)", "error": "\(error)"])
            throw ServiceError(
                .internalServerError, .internalError, title: "The PDF could not be made",
                message: "the PDF of this certificate could not be made; its details are on its page")
        }
        switch pdf {
        case .pdf(let data):
            context.logger.info("certificate PDF served", metadata: ["certificate.id": "\(certificate.id)"])
            return Response(
                status: .ok,
                headers: [
                    .contentType: "application/pdf", .contentDisposition: "inline; filename=\"\(certificate.fileName)\"",
                    .cacheControl: "private, no-cache",
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        case .unavailable(let reason):
            throw ServiceError(.notFound, .pdfUnavailable, title: "No PDF of this certificate", message: reason)
        }
    }
}
