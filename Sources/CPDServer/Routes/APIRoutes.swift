import CPDCore
import Hummingbird
import NIOCore

/// The JSON API for machines: `GET /api/v1/certificates/<ID>`, and its PDF at `.../<ID>/pdf`.
struct APIRoutes {
    let service: VerificationService

    func register(on group: RateLimitedRoutes) {
        group.get("/api/v1/certificates/:id") { _, context in try await certificate(context) }
        group.get("/api/v1/certificates/:id/pdf") { _, context in try await PDFDownload(service: service).response(context) }
    }

    private func certificate(_ context: VerificationRequestContext) async throws -> Response {
        let certificate = try await service.found(context)
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try await service.view(of: certificate).apiJSON())))
    }
}
