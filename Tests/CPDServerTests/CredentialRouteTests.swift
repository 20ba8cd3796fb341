import CPDCore
import CPDServer
import CPDTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /api/v1/certificates/<ID>/credential` answers like the PDF: the stored JWS for a valid or
/// superseded certificate, 410 for a revoked one (and its page offers no download), 404 otherwise.
@Suite struct CredentialRouteTests {
    static let valid = Samples.certificate("Siân Llywelyn", index: 1, ids: SeededRandomSource(seed: 21))
    static let revoked = Samples.certificate("Seán Ó Conaill", index: 2, ids: SeededRandomSource(seed: 22), status: .revoked)
    static let superseded = Samples.certificate("Nguyễn Thị Hằng", index: 3, ids: SeededRandomSource(seed: 23), status: .superseded)
    static let bare = Samples.certificate("王秀英", index: 4, ids: SeededRandomSource(seed: 24))

    /// The stand-in JWS of `certificate` (the route serves the stored text as it is).
    static func jws(_ certificate: Certificate) -> String { "eyJhbGciOiJSUzI1NiJ9.\(certificate.id.compact).c2ln" }

    func app() async throws -> some ApplicationProtocol {
        let registry = InMemoryCertificateRegistry([Self.valid, Self.revoked, Self.superseded, Self.bare])
        try await registry.recordCredentials(
            [Self.valid, Self.revoked, Self.superseded].enumerated().map { index, certificate in
                IssuedCredential(certificateID: certificate.id, statusIndex: index, jws: Self.jws(certificate))
            })
        return buildApplication(
            registry: registry, pdfHashes: registry, pictures: NoCertificatePictures(), pdfs: NoCertificatePDFs(),
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0), logger: TestApp.quietLogger)
    }

    @Test func aRevokedCertificatesCredentialIsGoneAndOthersAreServed() async throws {
        try await app().test(.router) { client in
            for certificate in [Self.valid, Self.superseded] {
                try await client.execute(uri: "/api/v1/certificates/\(certificate.id)/credential", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "application/vc+jwt")
                    #expect(String(buffer: response.body) == Self.jws(certificate))
                }
            }
            try await client.execute(uri: "/api/v1/certificates/\(Self.revoked.id)/credential", method: .get) { response in
                #expect(response.status == .gone)
                #expect(String(buffer: response.body).contains("\"revoked\""))
                #expect(!String(buffer: response.body).contains(Self.jws(Self.revoked)))
            }
            for id in [Self.bare.id, SeededRandomSource(seed: 99).certificateID()] {
                try await client.execute(uri: "/api/v1/certificates/\(id)/credential", method: .get) { response in
                    #expect(response.status == .notFound)
                }
            }
            try await client.execute(uri: "/c/\(Self.valid.id)", method: .get) { response in
                #expect(String(buffer: response.body).contains("Download wallet credential"))
            }
            try await client.execute(uri: "/c/\(Self.revoked.id)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(!String(buffer: response.body).contains("Download wallet credential"))
            }
        }
    }
}
