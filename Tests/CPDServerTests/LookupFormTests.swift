import CPDCore
import CPDServer
import CPDTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The lenient ID form at `/` and `/c`.
@Suite struct LookupFormTests {
    let certificate = Samples.certificate("Siân Llywelyn")

    /// The ID as a person might type it: lower case, spaces instead of hyphens, O for 0, I or L for 1.
    func sloppy(_ id: CertificateID) -> String {
        let grouped = id.description.lowercased().replacingOccurrences("-", "  ")
        return String(grouped.map { $0 == "0" ? "O" : $0 == "1" ? "l" : $0 })
    }

    @Test func frontPageHasBothForms() async throws {
        try await TestApp.make([certificate]).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                let body = String(response)
                #expect(body.contains("<form method=\"get\" action=\"/c\""))
                #expect(body.contains("<label for=\"id\">Certificate ID</label>"))
                #expect(body.contains("<form method=\"post\" action=\"/check\" enctype=\"multipart/form-data\">"))
                #expect(body.contains("<label for=\"pdf\">"))
                #expect(!body.contains("<script>"))
            }
            try await client.execute(uri: "/c", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(response).contains("Check a certificate"))
            }
        }
    }

    @Test func aSloppilyTypedIDRedirectsToItsPage() async throws {
        let typed = sloppy(certificate.id)
        #expect(typed != certificate.id.description)
        let query = typed.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        try await TestApp.make([certificate]).test(.router) { client in
            try await client.execute(uri: "/c?id=\(query)", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/c/\(certificate.id)")
            }
            // Also with + for spaces, as browsers send form fields.
            try await client.execute(uri: "/c?id=\(certificate.id.description.lowercased().replacingOccurrences("-", "+"))", method: .get) {
                response in
                #expect(response.status == .seeOther)
            }
        }
    }

    @Test func aMistypedIDSaysSoAndKeepsWhatWasTyped() async throws {
        let typo = TestApp.typo(of: certificate.id)
        try await TestApp.make([certificate]).test(.router) { client in
            try await client.execute(uri: "/c?id=\(typo)", method: .get) { response in
                #expect(response.status == .badRequest)
                let body = String(response)
                #expect(body.contains("This ID looks mistyped"))
                #expect(body.contains("value=\"\(typo)\""))
                #expect(body.contains("aria-invalid=\"true\""))
                #expect(!body.contains("Certificate not found"))
            }
        }
    }

    @Test func anUnknownIDIsNotFoundAndMarkupTypedIsEscaped() async throws {
        let unknown = SeededRandomSource(seed: 99).certificateID()
        try await TestApp.make([certificate]).test(.router) { client in
            try await client.execute(uri: "/c?id=\(unknown.compact)", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(response).contains("Certificate not found"))
            }
            try await client.execute(uri: "/c?id=%3Cscript%3Ealert(1)%3C%2Fscript%3E", method: .get) { response in
                #expect(response.status == .badRequest)
                let body = String(response)
                #expect(body.contains("That is not a certificate ID"))
                #expect(!body.contains("<script>alert"))
                #expect(body.contains("&lt;script&gt;"))
            }
        }
    }
}
