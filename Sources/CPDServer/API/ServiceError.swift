import Hummingbird

/// A request the service answers with an error: a status, a stable machine-readable code, and a
/// message for people. Pages show it as HTML, the API as `{"error": {"code", "message"}}`.
struct ServiceError: Error, Sendable {
    /// The codes clients may rely on; never renamed.
    enum Code: String, Sendable, CaseIterable {
        case notFound = "not_found"
        case mistypedID = "mistyped_id"
        case malformedID = "malformed_id"
        case routeNotFound = "route_not_found"
        case methodNotAllowed = "method_not_allowed"
        case badRequest = "bad_request"
        case emptyBody = "empty_body"
        case notAPDF = "not_a_pdf"
        case unsupportedMediaType = "unsupported_media_type"
        case payloadTooLarge = "payload_too_large"
        case uriTooLong = "uri_too_long"
        case requestTimeout = "request_timeout"
        case rateLimited = "rate_limited"
        case pictureUnavailable = "picture_unavailable"
        case pdfUnavailable = "pdf_unavailable"
        case revoked = "revoked"
        case busy = "busy"
        case unavailable = "registry_unavailable"
        case internalError = "internal_error"
        case noProof = "no_proof"
        case noCheckpoint = "no_checkpoint"
        case noKey = "no_key"
        case badRange = "bad_range"
    }

    var status: HTTPResponse.Status
    var code: Code
    var message: String
    /// A short title for the HTML page.
    var title: String
    var headers: HTTPFields = [:]
    /// What went wrong inside, for the log line only; never sent to the client.
    var cause: String?

    init(_ status: HTTPResponse.Status, _ code: Code, title: String, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.title = title
        self.message = message
        self.headers = headers
    }

    static func tooLarge(limit: Int) -> ServiceError {
        ServiceError(
            .contentTooLarge, .payloadTooLarge, title: "The file is too large",
            message: "certificate PDFs are at most \(limit / 1_048_576) MB; this upload is larger",
            headers: [.connection: "close"])
    }

    static let notAPDF = ServiceError(
        .unprocessableContent, .notAPDF, title: "That file is not a PDF",
        message: "the upload does not start with %PDF-; choose the certificate's PDF file")

    static func rateLimited(retryAfter: Int) -> ServiceError {
        ServiceError(
            .tooManyRequests, .rateLimited, title: "Too many requests",
            message: "too many requests from your address; try again in \(retryAfter) s",
            headers: [.retryAfter: String(retryAfter)])
    }

    static let timeout = ServiceError(
        .requestTimeout, .requestTimeout, title: "The upload took too long",
        message: "the request body did not arrive in time; try again", headers: [.connection: "close"])
}
