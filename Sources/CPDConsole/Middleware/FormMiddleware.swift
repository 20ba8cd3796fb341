import CPDServer
import Foundation
import Hummingbird
import NIOCore

/// Every POST but the API's is a form: its body is refused above the size limit before it is read whole
/// (by `Content-Length` at once, else while it arrives), parsed (URL-encoded or multipart), and
/// refused with 403 unless its `csrf` field is the token of the cookie it came with.
struct FormMiddleware: RouterMiddleware {
    typealias Context = ConsoleRequestContext
    let maxBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // The API takes JSON with a bearer token and never a cookie, so no CSRF token either.
        guard request.method == .post, !request.uri.path.hasPrefix(APIRoutes.prefix + "/") else { return try await next(request, context) }
        var context = context
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBytes {
            throw HTTPError(.contentTooLarge, message: "The upload is larger than the console accepts (\(maxBytes / 1_048_576) MiB).")
        }
        var buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            throw HTTPError(.contentTooLarge, message: "The upload is larger than the console accepts (\(maxBytes / 1_048_576) MiB).")
        }
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        context.form = try Self.parse(bytes, contentType: request.headers[.contentType] ?? "")
        let expected = context.csrfToken
        guard !expected.isEmpty, let given = context.form["csrf"], ConsoleSecrets.constantTimeEqual(given, expected) else {
            throw HTTPError(
                .forbidden, message: "This form has expired or did not come from the console. Go back, reload the page and try again.")
        }
        return try await next(request, context)
    }

    static func parse(_ bytes: [UInt8], contentType: String) throws -> FormFields {
        var fields = FormFields()
        if let boundary = MultipartForm.boundary(contentType: contentType) {
            let form: MultipartForm
            do {
                form = try MultipartForm(bytes, boundary: boundary, maxParts: 32)
            } catch {
                throw HTTPError(.badRequest, message: "The form could not be read.")
            }
            for part in form.parts {
                if let fileName = part.fileName {
                    fields.files[part.name] = (fileName, Array(part.body))
                } else {
                    fields.values[part.name] = String(decoding: part.body, as: UTF8.self)
                }
            }
            return fields
        }
        let text = String(decoding: bytes, as: UTF8.self)
        for pair in text.split(separator: "&") {
            let pieces = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ piece: Substring) -> String {
                piece.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            guard let name = pieces.first.map(decoded), !name.isEmpty else { continue }
            fields.values[name] = pieces.count > 1 ? decoded(pieces[1]) : ""
        }
        return fields
    }
}
