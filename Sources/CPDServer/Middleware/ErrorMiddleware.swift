import CPDCore
import Foundation
import Hummingbird
import Logging

/// Turns every error into a response: `ServiceError`s as they say, Hummingbird's `HTTPError`s
/// by status, anything else as 500 with nothing internal in it (the error is logged). Pages get
/// HTML, `/api/` (and the wallet's `/.well-known/` and `/status/`) gets JSON with a stable code.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = VerificationRequestContext
    let layout: Layout
    /// The routes, for 405 on a known path with a method it does not take.
    let routes: RoutePatterns

    @concurrent
    func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as ServiceError {
            if let cause = error.cause {
                context.logger.error("request failed", metadata: ["error.code": "\(error.code.rawValue)", "error": "\(cause)"])
            }
            return response(error, for: request)
        } catch let error as HTTPError {
            if error.status == .notFound {
                let allowed = routes.methods(at: request.uri.path)
                if !allowed.isEmpty && !allowed.contains(request.method) {
                    return response(
                        ServiceError(
                            .methodNotAllowed, .methodNotAllowed, title: "Method not allowed",
                            message: "this address takes \(allowed.map(\.rawValue).joined(separator: ", ")) only",
                            headers: [.allow: allowed.map(\.rawValue).joined(separator: ", ")]), for: request)
                }
            }
            return response(Self.translate(error), for: request)
        } catch let error as RegistryError {
            // A route that reads the registry itself rather than through VerificationService.
            let unavailable = VerificationService.unavailable(error)
            context.logger.error("request failed", metadata: ["error.code": "\(unavailable.code.rawValue)", "error": "\(error)"])
            return response(unavailable, for: request)
        } catch {
            context.logger.error("request failed", metadata: ["error.type": "\(type(of: error))", "error": "\(error)"])
            return response(
                ServiceError(
                    .internalServerError, .internalError, title: "Something went wrong",
                    message: "the service could not answer; try again later (request \(context.id))"), for: request)
        }
    }

    static func translate(_ error: HTTPError) -> ServiceError {
        switch error.status {
        case .notFound:
            return ServiceError(.notFound, .routeNotFound, title: "Page not found", message: "there is no page at this address")
        case .contentTooLarge:
            return ServiceError(
                .contentTooLarge, .payloadTooLarge, title: "The request is too large", message: "the request body is too large",
                headers: [.connection: "close"])
        case .methodNotAllowed:
            return ServiceError(
                .methodNotAllowed, .methodNotAllowed, title: "Method not allowed", message: "this address does not take that method")
        case .requestTimeout:
            return .timeout
        default:
            let status = error.status.code < 500 ? error.status : .internalServerError
            return ServiceError(
                status, status.code < 500 ? .badRequest : .internalError, title: "The request could not be answered",
                message: status.code < 500 ? "the request is not valid" : "the service could not answer; try again later")
        }
    }

    func response(_ error: ServiceError, for request: Request) -> Response {
        var headers = error.headers
        // The DID document and the status list are read by machines (wallets) too.
        if ["/api/", "/.well-known/", "/status/"].contains(where: request.uri.path.hasPrefix) {
            headers[.contentType] = "application/json"
            return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: Self.json(error))))
        }
        headers[.contentType] = "text/html; charset=utf-8"
        let page = LookupPages.problem(title: error.title, text: capitalised(error.message) + ".", layout: layout)
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    /// `{"error": {"code": ..., "message": ...}}`.
    static func json(_ error: ServiceError) -> Data {
        struct Body: Encodable {
            struct Detail: Encodable {
                let code: String
                let message: String
            }
            let error: Detail
        }
        return (try? APIEncoding.encoder.encode(Body(error: .init(code: error.code.rawValue, message: error.message)))) ?? Data()
    }

    private func capitalised(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }
}

/// The API's JSON conventions (`PublicCertificate.makeEncoder`), one shared encoder
/// (Foundation's `JSONEncoder` is safe to share once configured).
enum APIEncoding {
    static let encoder = PublicCertificate.makeEncoder()
}
