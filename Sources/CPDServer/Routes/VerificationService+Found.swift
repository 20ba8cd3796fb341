import CPDCore
import Hummingbird

extension VerificationService {
    /// The certificate the route's `id` parameter names, or the 400 / 404 answer for anything
    /// else: for routes that serve a file of a certificate rather than its page.
    func found(_ context: VerificationRequestContext) async throws -> Certificate {
        switch try await verify(try Self.decodedParameter(context, "id")) {
        case .found(let certificate):
            return certificate
        case .unknown(let id):
            throw ServiceError(.notFound, .notFound, title: "Certificate not found", message: "no certificate with ID \(id)")
        case .malformed(let error):
            throw ServiceError.notACertificateID(error)
        }
    }
}
