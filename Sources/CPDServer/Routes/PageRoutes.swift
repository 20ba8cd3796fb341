import CPDCore
import Foundation
import Hummingbird
import Logging

/// The pages for people: the front page, the lenient ID form, a certificate's page and picture.
struct PageRoutes {
    let service: VerificationService

    func register(on group: RateLimitedRoutes) {
        group.get("/") { _, _ in service.html(.ok, LookupPages.home(layout: service.layout)) }
        group.get("/c") { request, _ in try await lookupForm(request) }
        group.get("/c/:id") { _, context in try await certificatePage(context) }
        group.get("/c/:id/certificate.png") { _, context in try await picture(context) }
        group.get("/c/:id/certificate.pdf") { _, context in try await PDFDownload(service: service).response(context) }
    }

    /// `GET /c?id=...`: a valid ID goes to its page; anything else is answered with the form.
    private func lookupForm(_ request: Request) async throws -> Response {
        let typed = FormQuery.value("id", in: request.uri.query) ?? ""
        guard !typed.trimmed.isEmpty else { return service.html(.ok, LookupPages.home(layout: service.layout)) }
        switch try await service.verify(typed) {
        case .found(let certificate):
            return Response(status: .seeOther, headers: [.location: "/c/\(certificate.id)"])
        case .unknown(let id):
            return service.html(.notFound, LookupPages.unknown(id: id.description, typed: typed, layout: service.layout))
        case .malformed(let error):
            return malformed(error, typed: typed)
        }
    }

    private func certificatePage(_ context: VerificationRequestContext) async throws -> Response {
        let typed = try VerificationService.decodedParameter(context, "id")
        switch try await service.verify(typed) {
        case .found(let certificate):
            context.logger.info(
                "certificate page served",
                metadata: ["certificate.id": "\(certificate.id)", "certificate.status": "\(certificate.status.rawValue)"])
            // A revoked certificate's credential is not offered (410), as its PDF is not.
            let credential =
                certificate.status == .revoked
                ? nil : try? await (service.registry as? any CredentialStore)?.credential(certificateID: certificate.id)
            let page = CertificatePage(
                view: try await service.view(of: certificate), picture: await service.pictures.availability(of: certificate),
                pdf: certificate.status == .revoked ? .unavailable("revoked") : await service.pdfs.availability(of: certificate),
                linkedIn: certificate.status == .valid ? LinkedInProfileLink(certificate).url : nil,
                hasCredential: credential != nil)
            return service.html(.ok, page.html(layout: service.layout))
        case .unknown(let id):
            return service.html(.notFound, LookupPages.unknown(id: id.description, typed: typed, layout: service.layout))
        case .malformed(let error):
            return malformed(error, typed: typed)
        }
    }

    private func malformed(_ error: CertificateIDError, typed: String) -> Response {
        // What was typed is shown back in the form (escaped), cut to a sane length.
        let shown = String(typed.prefix(64))
        return service.html(
            .badRequest, LookupPages.malformed(error.description, typed: shown, mistyped: error == .checkMismatch, layout: service.layout))
    }

    private func picture(_ context: VerificationRequestContext) async throws -> Response {
        let certificate = try await service.found(context)
        let start = ContinuousClock.now
        defer { service.metrics.recordPicture(ContinuousClock.now - start) }
        let picture: Picture
        do {
            picture = try await service.pictures.picture(of: certificate)
        } catch RenderThreadError.busy {
            throw ServiceError(
                .serviceUnavailable, .busy, title: "Busy drawing pictures", message: "many pictures are being drawn; try again in a moment",
                headers: [.retryAfter: "2"])
        } catch {
            context.logger.error(
                "certificate picture failed", metadata: ["certificate.id": "\(certificate.id)", "error": "\(error)"])
            throw ServiceError(
                .internalServerError, .internalError, title: "The picture could not be drawn",
                message: "the picture of this certificate could not be drawn; its details are on its page")
        }
        switch picture {
        case .png(let data):
            return Response(
                status: .ok,
                headers: [.contentType: "image/png", .cacheControl: "public, max-age=86400"],
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        case .unavailable(let reason):
            throw ServiceError(.notFound, .pictureUnavailable, title: "No picture of this certificate", message: reason)
        }
    }
}

/// Query values as HTML forms send them: `+` for a space, then percent-encoding.
enum FormQuery {
    static func value(_ name: String, in query: String?) -> String? {
        guard let query else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.first == Substring(name) else { continue }
            let raw = parts.count > 1 ? String(parts[1]) : ""
            return raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? raw
        }
        return nil
    }
}
