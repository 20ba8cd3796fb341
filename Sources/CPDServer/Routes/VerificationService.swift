import CPDCore
import Foundation
import Hummingbird
import Logging

/// What every route shares: the ports, the settings, the page shell and the metrics.
///
/// A class, so that a route's handler holds one reference: as a struct of existentials and
/// settings it was copied, field by field with a retain for each, into every request's handler.
final class VerificationService: Sendable {
    let registry: any CertificateRegistry
    let pdfHashes: any PDFHashLookup
    let pictures: any CertificatePictures
    let pdfs: any CertificatePDFs
    let configuration: ServerConfiguration
    let layout: Layout
    let metrics: ServerMetrics

    init(
        registry: any CertificateRegistry, pdfHashes: any PDFHashLookup, pictures: any CertificatePictures,
        pdfs: any CertificatePDFs = NoCertificatePDFs(), configuration: ServerConfiguration, layout: Layout, metrics: ServerMetrics
    ) {
        self.registry = registry
        self.pdfHashes = pdfHashes
        self.pictures = pictures
        self.pdfs = pdfs
        self.configuration = configuration
        self.layout = layout
        self.metrics = metrics
    }

    /// Looks `text` up leniently, timing the registry read.
    func verify(_ text: String) async throws -> Verification {
        let start = ContinuousClock.now
        defer { metrics.recordLookup(ContinuousClock.now - start) }
        do {
            return try await Verification.check(text, in: registry)
        } catch {
            throw Self.unavailable(error)
        }
    }

    /// The public view of `certificate`, with the whole chain of its corrections when it was
    /// superseded (further reads, only then).
    func view(of certificate: Certificate) async throws -> PublicCertificate {
        guard certificate.status == .superseded else { return PublicCertificate(certificate) }
        do {
            return PublicCertificate(certificate, replacements: try await CorrectionChain.replacements(of: certificate, in: registry))
        } catch {
            throw Self.unavailable(error)
        }
    }

    /// The certificate whose issued PDF has `sha256`, timing the registry read.
    func certificate(pdfSHA256 sha256: String) async throws -> Certificate? {
        let start = ContinuousClock.now
        defer { metrics.recordLookup(ContinuousClock.now - start) }
        do {
            return try await pdfHashes.certificate(pdfSHA256: sha256)
        } catch {
            throw Self.unavailable(error)
        }
    }

    /// A registry failure, for the client: 503 with `Retry-After` (a database restarting comes
    /// back by itself), with the cause kept for the log line.
    static func unavailable(_ error: any Error) -> ServiceError {
        var unavailable = ServiceError(
            .serviceUnavailable, .unavailable, title: "The registry is unavailable",
            message: "the certificate registry cannot be read just now; try again shortly", headers: [.retryAfter: "5"])
        unavailable.cause = "\(error)"
        return unavailable
    }

    func html(_ status: HTTPResponse.Status, _ page: String, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    func json(_ status: HTTPResponse.Status, _ value: some Encodable) throws -> Response {
        let data = try APIEncoding.encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A path parameter, percent-decoded; text that does not decode to UTF-8 is not an ID.
    static func decodedParameter(_ context: VerificationRequestContext, _ name: String) throws -> String {
        let raw = context.parameters.get(name) ?? ""
        guard raw.utf8.contains(UInt8(ascii: "%")) else { return raw }
        guard let decoded = raw.removingPercentEncoding else {
            throw ServiceError(
                .badRequest, .malformedID, title: "That is not a certificate ID",
                message: "the address has an invalid percent-encoding; a certificate ID has only letters, digits and hyphens")
        }
        return decoded
    }
}
