import CPDCore
import Foundation
import Hummingbird
import NIOCore

/// The transparency log's public routes: proofs, the latest checkpoint, consistency proofs and
/// the verifier key.
struct LogRoutes: Sendable {
    let registry: any CertificateRegistry
    let verifierKey: String?

    func register<Context: RequestContext>(on router: some RouterMethods<Context>) {
        router.get("/api/v1/certificates/:id/proof") { _, context in
            try await proof(context.parameters.get("id") ?? "")
        }
        router.get("/api/v1/log/checkpoint") { _, _ in
            guard let checkpoint = try await registry.latestCheckpoint() else {
                return APIResponse.error(.notFound, code: "no_checkpoint", message: ProofError.noCheckpoint.description)
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: checkpoint.note)))
        }
        router.get("/api/v1/log/consistency") { request, _ in
            try await consistency(from: request.uri.queryParameters.get("from"), to: request.uri.queryParameters.get("to"))
        }
        router.get("/api/v1/log/public-key") { _, _ in
            guard let verifierKey else {
                return APIResponse.error(.notFound, code: "no_key", message: "this server was started without the log's verifier key")
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: verifierKey + "\n")))
        }
    }

    private func proof(_ text: String) async throws -> Response {
        let id: CertificateID
        do {
            id = try CertificateID(parsing: text)
        } catch {
            return APIResponse.error(
                .badRequest, code: error == .checkMismatch ? "mistyped_id" : "malformed_id", message: error.description)
        }
        do {
            return try APIResponse.json(try await CertificateProof.build(for: id, in: registry))
        } catch let error as ProofError {
            return APIResponse.error(.notFound, code: "no_proof", message: error.description)
        }
    }

    private func consistency(from: String?, to: String?) async throws -> Response {
        let size = try await registry.logSize()
        guard let old = from.flatMap({ Int($0) }), let new = to.flatMap({ Int($0) }), old >= 1, old <= new, new <= size else {
            return APIResponse.error(
                .badRequest, code: "bad_range",
                message: "give from and to as tree sizes with 1 ≤ from ≤ to ≤ \(size), e.g. ?from=10&to=\(max(size, 10))")
        }
        struct Body: Encodable {
            let from: Int
            let to: Int
            let proof: [String]
        }
        let leaves = try await registry.leafHashes(size: new)
        let proof = MerkleTree.consistencyProof(oldSize: old, newSize: new, leaves: leaves).map(\.hex)
        return try APIResponse.json(Body(from: old, to: new, proof: proof))
    }
}

/// JSON responses with the API's conventions.
enum APIResponse {
    static func json(_ value: some Encodable) throws -> Response {
        let body = try PublicCertificate.makeEncoder().encode(value)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func error(_ status: HTTPResponse.Status, code: String, message: String) -> Response {
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
