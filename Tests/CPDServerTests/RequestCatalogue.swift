import CPDCore
import CPDTestSupport
import Foundation
import HTTPTypes
import NIOCore

/// One request to send, with the route pattern it exercises (as in the OpenAPI document).
struct CataloguedRequest: Sendable, CustomStringConvertible {
    var route: String
    var method: HTTPRequest.Method
    var uri: String
    var headers: HTTPFields = [:]
    var body: ByteBuffer?

    var description: String { "\(method) \(uri)" }
}

/// A request for every route, in every answer it can give: what the email, header and OpenAPI
/// tests all send.
enum RequestCatalogue {
    static let valid = TestApp.withPDF(Samples.certificate("Zoë Brontë-Łukasiewicz", index: 1, ids: SeededRandomSource(seed: 1)))
    static let revoked = TestApp.withPDF(
        Samples.certificate("Seán Ó Conaill", index: 2, ids: SeededRandomSource(seed: 2), status: .revoked))
    static let superseded = TestApp.withPDF(
        Samples.certificate("Aoife Ní Bhriain", index: 3, ids: SeededRandomSource(seed: 3), status: .superseded))
    static var certificates: [Certificate] { [valid, revoked, superseded] }
    /// The valid and revoked certificates' PDFs (the superseded one's is missing: 404).
    static var pdfs: InMemoryCertificatePDFs {
        InMemoryCertificatePDFs(Dictionary(uniqueKeysWithValues: [valid, revoked].map { ($0.id, Data(TestApp.pdf(for: $0))) }))
    }

    static var requests: [CataloguedRequest] {
        let unknown = SeededRandomSource(seed: 777).certificateID()
        let typo = TestApp.typo(of: valid.id)
        let form = TestApp.form(pdf: TestApp.pdf(for: valid), id: valid.id.description)
        let notPDF = TestApp.form(pdf: Array("not a pdf".utf8))
        var big = Array("%PDF-1.5\n".utf8)
        big += [UInt8](repeating: 0x20, count: 5 * 1024 * 1024)
        var requests: [CataloguedRequest] = [
            .init(route: "/", method: .get, uri: "/"),
            .init(route: "/c", method: .get, uri: "/c"),
            .init(route: "/c", method: .get, uri: "/c?id=\(valid.id.compact.lowercased())"),
            .init(route: "/c", method: .get, uri: "/c?id=\(unknown)"),
            .init(route: "/c", method: .get, uri: "/c?id=\(typo)"),
            .init(route: "/c", method: .get, uri: "/c?id=hello"),
            .init(route: "/c/{id}/certificate.png", method: .get, uri: "/c/\(valid.id)/certificate.png"),
            .init(route: "/c/{id}/certificate.png", method: .get, uri: "/c/\(unknown)/certificate.png"),
            .init(route: "/c/{id}/certificate.png", method: .get, uri: "/c/\(typo)/certificate.png"),
            .init(route: "/c/{id}/certificate.pdf", method: .get, uri: "/c/\(valid.id)/certificate.pdf"),
            .init(route: "/c/{id}/certificate.pdf", method: .get, uri: "/c/\(superseded.id)/certificate.pdf"),
            .init(route: "/c/{id}/certificate.pdf", method: .get, uri: "/c/\(revoked.id)/certificate.pdf"),
            .init(route: "/c/{id}/certificate.pdf", method: .get, uri: "/c/\(unknown)/certificate.pdf"),
            .init(route: "/c/{id}/certificate.pdf", method: .get, uri: "/c/\(typo)/certificate.pdf"),
            .init(route: "/api/v1/certificates/{id}/pdf", method: .get, uri: "/api/v1/certificates/\(valid.id)/pdf"),
            .init(route: "/api/v1/certificates/{id}/pdf", method: .get, uri: "/api/v1/certificates/\(revoked.id)/pdf"),
            .init(route: "/api/v1/certificates/{id}/pdf", method: .get, uri: "/api/v1/certificates/\(unknown)/pdf"),
            .init(route: "/api/v1/certificates/{id}/pdf", method: .get, uri: "/api/v1/certificates/\(typo)/pdf"),
            .init(route: "/check", method: .get, uri: "/check"),
            .init(route: "/check", method: .get, uri: "/check?sha256=\(valid.pdfSHA256)&id=\(valid.id)"),
            .init(route: "/check", method: .get, uri: "/check?sha256=\(String(repeating: "0", count: 64))"),
            .init(route: "/check", method: .get, uri: "/check?sha256=nothex"),
            .init(route: "/check", method: .post, uri: "/check", headers: [.contentType: form.contentType], body: form.body),
            .init(route: "/check", method: .post, uri: "/check", headers: [.contentType: notPDF.contentType], body: notPDF.body),
            .init(route: "/check", method: .post, uri: "/check", headers: [.contentType: "text/plain"], body: ByteBuffer(string: "x")),
            .init(
                route: "/check", method: .post, uri: "/check", headers: [.contentType: form.contentType],
                body: TestApp.form(pdf: big).body),
            .init(route: "/api/v1/certificates/{id}", method: .get, uri: "/api/v1/certificates/\(unknown)"),
            .init(route: "/api/v1/certificates/{id}", method: .get, uri: "/api/v1/certificates/\(typo)"),
            .init(route: "/api/v1/certificates/{id}", method: .get, uri: "/api/v1/certificates/not-an-id"),
            // No credential was issued in these registries: each answers its documented 404 (the
            // 200s are exercised against the built binary in CredentialServeEndToEndTests).
            .init(route: "/api/v1/certificates/{id}/credential", method: .get, uri: "/api/v1/certificates/\(valid.id)/credential"),
            .init(route: "/api/v1/certificates/{id}/credential", method: .get, uri: "/api/v1/certificates/\(typo)/credential"),
            .init(route: "/api/v1/certificates/{id}/credential", method: .get, uri: "/api/v1/certificates/\(revoked.id)/credential"),
            .init(route: "/api/v1/certificates/{id}/credential", method: .get, uri: "/api/v1/certificates/\(unknown)/credential"),
            .init(route: "/.well-known/did.json", method: .get, uri: "/.well-known/did.json"),
            .init(route: "/status/1", method: .get, uri: "/status/1"),
            .init(
                route: "/api/v1/verify-pdf", method: .post, uri: "/api/v1/verify-pdf", headers: [.contentType: "application/pdf"],
                body: ByteBuffer(bytes: TestApp.pdf(for: valid))),
            .init(
                route: "/api/v1/verify-pdf", method: .post, uri: "/api/v1/verify-pdf", headers: [.contentType: "application/pdf"],
                body: ByteBuffer(string: "%PDF-1.5 edited")),
            .init(
                route: "/api/v1/verify-pdf", method: .post, uri: "/api/v1/verify-pdf", headers: [.contentType: "application/pdf"],
                body: ByteBuffer(string: "")),
            .init(
                route: "/api/v1/verify-pdf", method: .post, uri: "/api/v1/verify-pdf", headers: [.contentType: "application/pdf"],
                body: ByteBuffer(string: "GIF89a")),
            .init(
                route: "/api/v1/verify-pdf", method: .post, uri: "/api/v1/verify-pdf", headers: [.contentType: "text/plain"],
                body: ByteBuffer(string: "%PDF-")),
            .init(
                route: "/api/v1/verify-pdf", method: .post, uri: "/api/v1/verify-pdf", headers: [.contentType: "application/pdf"],
                body: ByteBuffer(bytes: big)),
            .init(route: "/api/v1/certificates/{id}/proof", method: .get, uri: "/api/v1/certificates/\(valid.id)/proof"),
            .init(route: "/api/v1/certificates/{id}/proof", method: .get, uri: "/api/v1/certificates/\(typo)/proof"),
            .init(route: "/api/v1/certificates/{id}/proof", method: .get, uri: "/api/v1/certificates/not-an-id/proof"),
            .init(route: "/api/v1/log/checkpoint", method: .get, uri: "/api/v1/log/checkpoint"),
            .init(route: "/api/v1/log/consistency", method: .get, uri: "/api/v1/log/consistency?from=1&to=1"),
            .init(route: "/api/v1/log/consistency", method: .get, uri: "/api/v1/log/consistency?from=2&to=1"),
            .init(route: "/api/v1/log/public-key", method: .get, uri: "/api/v1/log/public-key"),
            .init(route: "/healthz", method: .get, uri: "/healthz"),
            .init(route: "/readyz", method: .get, uri: "/readyz"),
            .init(route: "/metrics", method: .get, uri: "/metrics"),
            .init(route: "/openapi.yaml", method: .get, uri: "/openapi.yaml"),
            .init(route: "/static/site.css", method: .get, uri: "/static/site.css"),
            .init(route: "/static/check.js", method: .get, uri: "/static/check.js"),
        ]
        for certificate in certificates {
            requests.append(.init(route: "/c/{id}", method: .get, uri: "/c/\(certificate.id)"))
            requests.append(.init(route: "/c/{id}", method: .get, uri: "/c/\(certificate.id.compact.lowercased())"))
            requests.append(.init(route: "/api/v1/certificates/{id}", method: .get, uri: "/api/v1/certificates/\(certificate.id)"))
            requests.append(.init(route: "/check", method: .get, uri: "/check?sha256=\(certificate.pdfSHA256)"))
        }
        requests += [
            .init(route: "/c/{id}", method: .get, uri: "/c/\(unknown)"),
            .init(route: "/c/{id}", method: .get, uri: "/c/\(typo)"),
            .init(route: "/c/{id}", method: .get, uri: "/c/%FF%FE"),
            .init(route: "/c/{id}", method: .get, uri: "/c/" + String(repeating: "A", count: 600)),
        ]
        return requests
    }
}
