import CPDCore
import CPDServer
import CPDTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct VerificationRoutesTests {
    @Test func certificatePageShowsStatusAndEveryPrintedField() async throws {
        let certificate = Samples.certificate("Zoë Brontë-Łukasiewicz", index: 3)
        try await TestApp.make([certificate]).test(.router) { client in
            try await client.execute(uri: "/c/\(certificate.id.compact.lowercased())", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let body = String(response)
                #expect(body.contains("Valid certificate"))
                #expect(body.contains("class=\"status status-valid\""))
                for printed in [
                    "Zoë Brontë-Łukasiewicz", "Senior Social Worker", "Harbourside Children&#39;s Services",
                    "Tackling Child Criminal Exploitation", "Live webinar", "Wednesday 16 September 2020", "10:00–13:30 BST",
                    "3.5 (contact time)", "Apply contextual safeguarding and community-based approaches", "Policy Foresight",
                    "<bdi>Dr Helena Marsh</bdi>, <bdi>Programme Director, Policy Foresight</bdi>", "29 November 2026",
                    certificate.id.description,
                    String(repeating: "ef", count: 32),
                ] {
                    #expect(body.contains(printed), "missing: \(printed)")
                }
                #expect(body.contains("Attended <strong>200 of 210 minutes</strong>"))
                #expect(body.contains("The rule: \(htmlEscaped(certificate.eligibility.rule))"))
                #expect(body.contains("The picture is unavailable"))
                #expect(body.contains("enctype=\"multipart/form-data\""))
                #expect(!body.contains("@"))
            }
        }
    }

    /// A name with a right-to-left override (U+202E) must not reverse the fields printed after
    /// it: every value is in its own <bdi>, on the page and in the picture's description.
    @Test func everyFieldIsIsolatedSoABidiOverrideCannotBleed() async throws {
        var hostile = Samples.certificate("Ann \u{202E}Lee", index: 5)
        hostile.content.jobTitle = "\u{202E}Manager"
        hostile.content.organisation = "Fictional Org"
        let certificate = hostile
        try await TestApp.make([certificate]).test(.router) { client in
            try await client.execute(uri: "/c/\(certificate.id)", method: .get) { response in
                let body = String(response)
                for value in ["Ann \u{202E}Lee", "\u{202E}Manager", "Fictional Org", "Policy Foresight", "Live webinar"] {
                    #expect(body.contains("<dd><bdi>\(value)</bdi></dd>") || body.contains(">\(value)</bdi>"), "not isolated: \(value)")
                }
                #expect(body.contains("<dd><bdi>\u{202E}Manager</bdi></dd>"))
                #expect(body.contains("This certificate was issued by <bdi>Policy Foresight</bdi>"))
                // Outside a <bdi>, the override appears nowhere.
                let outside = body.replacingOccurrences(of: #"<bdi>[^<]*</bdi>"#, with: "", options: .regularExpression)
                #expect(!outside.contains("\u{202E}"))
            }
        }
    }

    @Test func revokedPageSaysWhyAndWhen() async throws {
        let certificate = Samples.certificate("Seán Ó Conaill", status: .revoked)
        try await TestApp.make([certificate]).test(.router) { client in
            try await client.execute(uri: "/c/\(certificate.id)", method: .get) { response in
                #expect(response.status == .ok)
                let body = String(response)
                #expect(body.contains("Revoked certificate"))
                #expect(body.contains("status-revoked"))
                #expect(body.contains("withdrawn on 30 November 2026 at 09:30 UTC"))
                #expect(body.contains("Reason: <bdi>issued in error</bdi>."))
                // The operator's note stays in the registry.
                #expect(!body.contains("test fixture"))
            }
        }
    }

    @Test func supersededPageLinksToTheCorrection() async throws {
        let certificate = Samples.certificate("Aoife Ní Bhriain", status: .superseded)
        let replacement = try #require(certificate.statusChange?.replacedBy)
        try await TestApp.make([certificate]).test(.router) { client in
            try await client.execute(uri: "/c/\(certificate.id)", method: .get) { response in
                let body = String(response)
                #expect(body.contains("Superseded certificate"))
                #expect(body.contains("<a href=\"/c/\(replacement)\">\(replacement)</a>"))
            }
            try await client.execute(uri: "/api/v1/certificates/\(certificate.id)", method: .get) { response in
                let object = try #require(try JSONSerialization.jsonObject(with: Data(String(response).utf8)) as? [String: Any])
                let change = try #require(object["status_change"] as? [String: Any])
                #expect(change["replaced_by"] as? String == replacement.description)
                #expect(change["status"] as? String == "superseded")
                #expect(change["note"] == nil)
                #expect(change["operator_name"] == nil)
            }
        }
    }

    @Test func jsonAPIReturnsThePublicFieldsWithoutTheEmail() async throws {
        let certificate = Samples.certificate("Nguyễn Thị Hằng", index: 4)
        try await TestApp.make([certificate]).test(.router) { client in
            try await client.execute(uri: "/api/v1/certificates/\(certificate.id)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let body = String(response)
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
        let unknown = SeededRandomSource(seed: 31).certificateID()
        let typo = TestApp.typo(of: certificate.id)
        try await TestApp.make([certificate]).test(.router) { client in
            try await client.execute(uri: "/c/\(unknown)", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(response).contains("Certificate not found"))
            }
            try await client.execute(uri: "/c/\(typo)", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(response).contains("This ID looks mistyped"))
            }
            try await client.execute(uri: "/c/not-an-id", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(response).contains("That is not a certificate ID"))
            }
            try await client.execute(uri: "/api/v1/certificates/\(unknown)", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(response).contains("\"code\" : \"not_found\""))
            }
            try await client.execute(uri: "/api/v1/certificates/\(typo)", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(response).contains("\"code\" : \"mistyped_id\""))
            }
            try await client.execute(uri: "/api/v1/certificates/hello", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(response).contains("\"code\" : \"malformed_id\""))
            }
            try await client.execute(uri: "/api/v1/nothing-here", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(response).contains("\"code\" : \"route_not_found\""))
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(response) == "ok\n")
            }
        }
    }

    @Test func markupInANameComesBackEscaped() async throws {
        var marked = Samples.certificate("<script>alert('x')</script> & Co", index: 8)
        marked.content.organisation = "\"Quotes\" <b>bold</b>"
        marked.content.organiserURL = "javascript:alert(1)"
        let certificate = marked
        try await TestApp.make([certificate]).test(.router) { client in
            try await client.execute(uri: "/c/\(certificate.id)", method: .get) { response in
                let body = String(response)
                #expect(!body.contains("<script>alert"))
                #expect(!body.contains("<b>bold"))
                #expect(!body.contains("javascript:"))
                #expect(body.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"))
                #expect(body.contains("&quot;Quotes&quot; &lt;b&gt;bold&lt;/b&gt;"))
            }
        }
    }
}

/// The escaping the pages use, for building expected text.
func htmlEscaped(_ text: String) -> String {
    text.replacingOccurrences("&", "&amp;").replacingOccurrences("<", "&lt;").replacingOccurrences(">", "&gt;")
        .replacingOccurrences("\"", "&quot;").replacingOccurrences("'", "&#39;")
}

@Suite struct CorrectionChainRoutesTests {
    /// A certificate corrected three times: the originals and the three corrections.
    static func chain() async throws -> (InMemoryCertificateRegistry, [Certificate]) {
        let ids = SeededRandomSource(seed: 77)
        let first = Samples.certificate("Chidinma Okafor", index: 3, ids: ids)
        let registry = InMemoryCertificateRegistry([first])
        var chain = [first]
        for name in ["Chidinma Okafor-Bello", "Chidinma Okafor", "Chidinma N. Okafor"] {
            var next = Samples.certificate(name, index: 3, ids: ids)
            next.supersedes = chain.last!.id
            let change = StatusChange(
                certificateID: chain.last!.id, status: .superseded, reason: nil, note: "name", operatorName: "test",
                at: FixedClock().now, replacedBy: next.id)
            try await registry.changeStatus(change, replacement: next)
            chain.append(next)
        }
        return (registry, chain)
    }

    @Test func theAPIAndThePageOfTheFirstIDNameTheCurrentCertificate() async throws {
        let (registry, chain) = try await Self.chain()
        let app = buildApplication(
            registry: registry, pdfHashes: registry, pictures: NoCertificatePictures(),
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0), logger: TestApp.quietLogger)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/certificates/\(chain[0].id)", method: .get) { response in
                let object = try #require(try JSONSerialization.jsonObject(with: Data(String(response).utf8)) as? [String: Any])
                let change = try #require(object["status_change"] as? [String: Any])
                #expect(change["replaced_by"] as? String == chain[1].id.description)
                #expect(change["replacement_chain"] as? [String] == chain.dropFirst().map(\.id.description))
                #expect(change["current_certificate"] as? String == chain[3].id.description)
            }
            try await client.execute(uri: "/c/\(chain[0].id)", method: .get) { response in
                let page = String(response)
                #expect(page.contains("It was corrected 3 times"))
                #expect(page.contains("the certificate to check now is <a href=\"/c/\(chain[3].id)\">\(chain[3].id)</a>"))
            }
            try await client.execute(uri: "/api/v1/certificates/\(chain[3].id)", method: .get) { response in
                #expect(!String(response).contains("current_certificate"))
            }
        }
    }
}
