import Crypto
import Foundation
import Hummingbird
import NIOCore

/// Reading an uploaded PDF: size limits (413), media types (415), the `%PDF-` signature (422),
/// and its SHA-256.
enum PDFUpload {
    /// The body, refusing more than `limit` bytes (by `Content-Length` at once, else while reading).
    static func body(of request: Request, limit: Int) async throws -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw ServiceError.tooLarge(limit: limit)
        }
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw ServiceError.tooLarge(limit: limit)
        } catch {
            // Malformed chunked encoding, a connection that broke mid-body: the client's fault.
            throw ServiceError(
                .badRequest, .badRequest, title: "The upload could not be read", message: "the request body could not be read",
                headers: [.connection: "close"])
        }
    }

    /// The PDF from a `multipart/form-data` form (field `pdf`) and the optional `id` field.
    static func fromForm(_ request: Request, maxBytes: Int) async throws -> (pdf: ArraySlice<UInt8>, id: String?) {
        guard let type = request.headers[.contentType], let boundary = MultipartForm.boundary(contentType: type) else {
            throw ServiceError(
                .unsupportedMediaType, .unsupportedMediaType, title: "Send the form as a file upload",
                message: "the form must be sent as multipart/form-data")
        }
        // Room for the form's own lines beside the file.
        var buffer = try await body(of: request, limit: maxBytes + 16 * 1024)
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        let form: MultipartForm
        do {
            form = try MultipartForm(bytes, boundary: boundary)
        } catch {
            throw ServiceError(.badRequest, .badRequest, title: "The upload could not be read", message: "the form data is malformed")
        }
        guard let file = form.part("pdf"), !file.body.isEmpty else {
            throw ServiceError(.badRequest, .emptyBody, title: "No file was chosen", message: "choose the certificate's PDF file to check")
        }
        guard file.body.count <= maxBytes else { throw ServiceError.tooLarge(limit: maxBytes) }
        let id = form.part("id").map { String(decoding: $0.body.prefix(64), as: UTF8.self) }
        return (try checked(file.body), id)
    }

    /// The PDF sent as the whole body with `Content-Type: application/pdf`.
    static func fromBody(_ request: Request, maxBytes: Int) async throws -> ArraySlice<UInt8> {
        let type = request.headers[.contentType]?.split(separator: ";").first.map { String($0).trimmed.lowercased() }
        guard type == "application/pdf" else {
            throw ServiceError(
                .unsupportedMediaType, .unsupportedMediaType, title: "Send a PDF",
                message: "send the PDF's bytes as the body with Content-Type: application/pdf")
        }
        var buffer = try await body(of: request, limit: maxBytes)
        guard buffer.readableBytes > 0 else {
            throw ServiceError(
                .badRequest, .emptyBody, title: "No file was sent", message: "the request body is empty; send the PDF's bytes")
        }
        return try checked(ArraySlice(buffer.readBytes(length: buffer.readableBytes) ?? []))
    }

    /// `bytes` if they start like a PDF (the signature may follow a little junk, as readers allow).
    static func checked(_ bytes: ArraySlice<UInt8>) throws -> ArraySlice<UInt8> {
        guard MultipartForm.find(Array("%PDF-".utf8), in: Array(bytes.prefix(1024)), from: 0) != nil else { throw ServiceError.notAPDF }
        return bytes
    }

    /// Lower-case hex SHA-256.
    static func sha256(_ bytes: ArraySlice<UInt8>) -> String {
        Crypto.SHA256.hash(data: bytes).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// `text` as a SHA-256 in lower-case hex, if it is one.
    static func validSHA256(_ text: String?) -> String? {
        guard let text, text.utf8.count == 64, text.allSatisfy(\.isHexDigit) else { return nil }
        return text.lowercased()
    }
}
