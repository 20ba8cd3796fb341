import CPDCore
import CPDServer
import CPDTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct VerificationRoutesTests {
    func app(_ certificates: [Certificate]) -> some ApplicationProtocol {
        buildApplication(registry: InMemoryCertificateRegistry(certificates))
    }

    @Test func certificatePageShowsStatusAndPrintedFields() async throws {
        let certificate = Samples.certificate("Zoë Brontë-Łukasiewicz", index: 3)
        try await app([certificate]).test(.router) { client in
            try await client.execute(uri: "/c/\(certificate.id.compact.lowercased())", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                let body = String(buffer: response.body)
                #expect(body.contains("Valid: this certificate was issued"))
                #expect(body.contains("Zoë Brontë-Łukasiewicz"))
                #expect(body.contains("Wednesday 16 September 2020"))
                #expect(body.contains("3.5 (contact time)"))
                #expect(body.contains("attended 200 of 210 minutes"))
                #expect(body.contains(certificate.id.description))
                #expect(!body.contains("@example.org"))
            }
        }
    }

    @Test func jsonAPIReturnsThePublicFieldsWithoutTheEmail() async throws {
        let certificate = Samples.certificate("Nguyễn Thị Hằng", index: 4)
        try await app([certificate]).test(.router) { client in
            try await client.execute(uri: "/api/v1/certificates/\(certificate.id)", method: .get) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(!body.contains("@"))
                let decoder = JSONDecoder()
                decoder.keyDecodingStrategy = .convertFromSnakeCase
                decoder.dateDecodingStrategy = .iso8601
                let view = try decoder.decode(PublicCertificate.self, from: Data(body.utf8))
                #expect(view == PublicCertificate(certificate))
            }
        }
    }

    @Test func unknownIs404AndMalformedIs400() async throws {
        let certificate = Samples.certificate("王秀英")
        let unknown = SeededIDGenerator(seed: 31).next()
        var characters = Array(certificate.id.compact)
        characters[5] = characters[5] == "A" ? "B" : "A"
        let typo = characters
        try await app([certificate]).test(.router) { client in
            try await client.execute(uri: "/c/\(unknown)", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("Certificate not found"))
            }
            try await client.execute(uri: "/c/\(String(typo))", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("This ID looks mistyped"))
            }
            try await client.execute(uri: "/c/not-an-id", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/certificates/\(unknown)", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("\"code\" : \"not_found\""))
            }
            try await client.execute(uri: "/api/v1/certificates/\(String(typo))", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("\"code\" : \"mistyped_id\""))
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func markupInANameComesBackEscaped() async throws {
        var marked = Samples.certificate("<script>alert('x')</script> & Co", index: 8)
        marked.content.organisation = "\"Quotes\" <b>bold</b>"
        let certificate = marked
        try await app([certificate]).test(.router) { client in
            try await client.execute(uri: "/c/\(certificate.id)", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(!body.contains("<script>"))
                #expect(!body.contains("<b>bold"))
                #expect(body.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"))
                #expect(body.contains("&quot;Quotes&quot; &lt;b&gt;bold&lt;/b&gt;"))
            }
        }
    }

    @Test func revokedCertificateSaysSo() async throws {
        let certificate = Samples.certificate("Seán Ó Conaill", status: .revoked)
        try await app([certificate]).test(.router) { client in
            try await client.execute(uri: "/c/\(certificate.id)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Revoked: this certificate has been withdrawn"))
            }
        }
    }
}
