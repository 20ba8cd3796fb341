import CPDCore
import Foundation
import Hummingbird
import NIOCore

/// The transparency log's public routes: proofs, the latest checkpoint, consistency proofs and
/// the verifier key. Errors are `ServiceError`s, answered by `ErrorMiddleware` like every
/// other API error.
struct LogRoutes: Sendable {
    let service: VerificationService
    let verifierKey: String?

    private var registry: any CertificateRegistry { service.registry }

    func register(on group: RateLimitedRoutes) {
        group.get("/api/v1/certificates/:id/proof") { _, context in
            try await proof(try VerificationService.decodedParameter(context, "id"))
        }
        group.get("/api/v1/log/checkpoint") { _, _ in
            guard let checkpoint = try await registry.latestCheckpoint() else {
                throw ServiceError(.notFound, .noCheckpoint, title: "No checkpoint yet", message: ProofError.noCheckpoint.description)
            }
            return text(checkpoint.note)
        }
        group.get("/api/v1/log/consistency") { request, _ in
            try await consistency(from: request.uri.queryParameters.get("from"), to: request.uri.queryParameters.get("to"))
        }
        group.get("/api/v1/log/public-key") { _, _ in
            guard let verifierKey else {
                throw ServiceError(
                    .notFound, .noKey, title: "No public key", message: "this server was started without the log's verifier key")
            }
            return text(verifierKey + "\n")
        }
    }

    private func text(_ body: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    private func proof(_ text: String) async throws -> Response {
        let id: CertificateID
        do {
            id = try CertificateID(parsing: text)
        } catch {
            throw ServiceError.notACertificateID(error)
        }
        do {
            return try service.json(.ok, try await CertificateProof.build(for: id, in: registry))
        } catch let error as ProofError {
            throw ServiceError(.notFound, .noProof, title: "No proof", message: error.description)
        }
    }

    private func consistency(from: String?, to: String?) async throws -> Response {
        let size = try await registry.logSize()
        guard let old = from.flatMap({ Int($0) }), let new = to.flatMap({ Int($0) }), old >= 1, old <= new, new <= size else {
            throw ServiceError(
                .badRequest, .badRange, title: "Not a range of the log",
                message: "give from and to as tree sizes with 1 ≤ from ≤ to ≤ \(size), e.g. ?from=10&to=\(max(size, 10))")
        }
        struct Body: Encodable {
            let from: Int
            let to: Int
            let proof: [String]
        }
        let proof = try await registry.consistencyProof(oldSize: old, newSize: new).map(\.hex)
        return try service.json(.ok, Body(from: old, to: new, proof: proof))
    }
}
