import CPDBadges
import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// did:web resolution and the online documents, over the in-memory fetcher.
@Suite struct IssuerDocumentsTests {
    @Test(arguments: [
        ("did:web:verify.example.org", "https://verify.example.org/.well-known/did.json"),
        ("did:web:verify.example.org%3A8443", "https://verify.example.org:8443/.well-known/did.json"),
        ("did:web:example.org:cpd:policy-foresight", "https://example.org/cpd/policy-foresight/did.json"),
    ])
    func resolvesADIDWebAsTheMethodSays(did: String, url: String) throws {
        #expect(try DIDWeb.documentURL(did).absoluteString == url)
    }

    @Test(arguments: ["did:key:z6Mk", "did:web:", "did:web:host::x", "did:web:evil.example.org%2Fpath"])
    func refusesWhatIsNotADIDWebOfAHost(did: String) {
        #expect(throws: CredentialError.self) { try DIDWeb.documentURL(did) }
    }

    @Test func readsTheIssuersKeysAndRefusesAnotherDIDsDocument() throws {
        let key = try CredentialKey.generate().publicKey
        let issuer = try IssuerIdentity(verificationURL: "https://verify.example.org/c/X")
        let document = Data(DIDDocument.json(issuer: issuer, keys: [key]).bytes)
        let url = "https://verify.example.org/.well-known/did.json"
        let documents = try IssuerDocuments(fetcher: InMemoryDocumentFetcher([url: document]))
        #expect(try documents.keys(of: issuer.did) == [issuer.keyID(key): key])
        // The same bytes are not the document of another DID on that host.
        let other = try IssuerDocuments(fetcher: InMemoryDocumentFetcher(["https://other.example.org/.well-known/did.json": document]))
        #expect(throws: CredentialError.self) { try other.keys(of: "did:web:other.example.org") }
        // A key not listed in assertionMethod does not count.
        var object = try #require(try JSONSerialization.jsonObject(with: document) as? [String: Any])
        object["assertionMethod"] = []
        let unlisted = try IssuerDocuments(fetcher: InMemoryDocumentFetcher([url: try JSONSerialization.data(withJSONObject: object)]))
        #expect(throws: CredentialError.self) { try unlisted.keys(of: issuer.did) }
    }

    @Test func fetchesOverHTTPSOrFromThisMachineOnly() throws {
        let documents = try IssuerDocuments(fetcher: InMemoryDocumentFetcher([:]), origin: URL(string: "http://127.0.0.1:8080/mirror/"))
        #expect(
            try documents.url(for: URL(string: "https://verify.example.org/status/1")!).absoluteString
                == "http://127.0.0.1:8080/mirror/status/1")
        #expect(throws: FetchError.self) {
            try IssuerDocuments(fetcher: InMemoryDocumentFetcher([:]), origin: URL(string: "http://example.org"))
        }
        let direct = try IssuerDocuments(fetcher: InMemoryDocumentFetcher([:]))
        #expect(throws: FetchError.self) { try direct.url(for: URL(string: "http://verify.example.org/status/1")!) }
        #expect(try direct.url(for: URL(string: "http://localhost:8080/status/1")!).absoluteString == "http://localhost:8080/status/1")
        #expect(throws: FetchError.status(url: "https://verify.example.org/status/1", code: 404)) {
            try direct.statusList("https://verify.example.org/status/1")
        }
    }
}
