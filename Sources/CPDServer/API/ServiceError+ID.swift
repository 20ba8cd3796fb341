import CPDCore
import Hummingbird

extension ServiceError {
    /// The 400 answer for text that is not a certificate ID: `mistyped_id` when only its check
    /// character is wrong, `malformed_id` otherwise.
    static func notACertificateID(_ error: CertificateIDError) -> ServiceError {
        ServiceError(
            .badRequest, error == .checkMismatch ? .mistypedID : .malformedID, title: "That is not a certificate ID",
            message: error.description)
    }
}
