import CPDCore
import Hummingbird
import NIOCore

/// The JSON API for machines: `GET /api/v1/certificates/<ID>`.
struct APIRoutes {
    let service: VerificationService

    func register(on group: RateLimitedRoutes) {
        group.get("/api/v1/certificates/:id") { _, context in try await certificate(context) }
    }

    private func certificate(_ context: VerificationRequestContext) async throws -> Response {
        switch try await service.verify(try VerificationService.decodedParameter(context, "id")) {
        case .found(let certificate):
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: try await service.view(of: certificate).apiJSON())))
        case .unknown(let id):
            throw ServiceError(.notFound, .notFound, title: "Certificate not found", message: "no certificate with ID \(id.description)")
        case .malformed(let error):
            throw ServiceError(
                .badRequest, error == .checkMismatch ? .mistypedID : .malformedID, title: "That is not a certificate ID",
                message: error.description)
        }
    }
}
