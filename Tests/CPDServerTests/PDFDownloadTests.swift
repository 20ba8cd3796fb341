import CPDCore
import CPDServer
import CPDTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The certificate's PDF to download again: the bytes the registry's hash names, from the folder
/// or drawn again, never an altered file; 410 for a revoked certificate; and the page's links.
@Suite struct PDFDownloadTests {
    static let valid = TestApp.withPDF(Samples.certificate("Siân Llywelyn", index: 1, ids: SeededRandomSource(seed: 11)))
    static let revoked = TestApp.withPDF(
        Samples.certificate("Seán Ó Conaill", index: 2, ids: SeededRandomSource(seed: 12), status: .revoked))
    static let superseded = TestApp.withPDF(
        Samples.certificate("Nguyễn Thị Hằng", index: 3, ids: SeededRandomSource(seed: 13), status: .superseded))
    static var held: InMemoryCertificatePDFs {
        InMemoryCertificatePDFs(
            Dictionary(uniqueKeysWithValues: [valid, revoked, superseded].map { ($0.id, Data(TestApp.pdf(for: $0))) }))
    }

    @Test(arguments: ["/c/%@/certificate.pdf", "/api/v1/certificates/%@/pdf"])
    func theIssuedBytesAreServed(pattern: String) async throws {
        let app = TestApp.make([Self.valid, Self.revoked], pdfs: Self.held)
        try await app.test(.router) { client in
            let uri = pattern.replacingOccurrences(of: "%@", with: Self.valid.id.compact.lowercased())
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/pdf")
                #expect(response.headers[.contentDisposition] == "inline; filename=\"\(Self.valid.id).pdf\"")
                #expect(TestApp.sha256(Array(response.body.readableBytesView)) == Self.valid.pdfSHA256)
            }
            try await client.execute(uri: pattern.replacingOccurrences(of: "%@", with: "\(Self.revoked.id)"), method: .get) { response in
                #expect(response.status == .gone)
                #expect(String(response).contains("revoked"))
            }
            let unknown = SeededRandomSource(seed: 99).certificateID()
            try await client.execute(uri: pattern.replacingOccurrences(of: "%@", with: "\(unknown)"), method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func anAlteredFileIsNotServed() async throws {
        let pdfs = InMemoryCertificatePDFs([Self.valid.id: Data(TestApp.pdf(for: Self.valid) + Array("tampered".utf8))])
        try await TestApp.make([Self.valid], pdfs: pdfs).test(.router) { client in
            try await client.execute(uri: "/api/v1/certificates/\(Self.valid.id)/pdf", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(response).contains("\"pdf_unavailable\""))
            }
        }
    }

    @Test func aMissingOrAlteredFileIsDrawnAgainAndServedOnlyWhenItHashesAsIssued() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cpdcert-pdfs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("%PDF-1.5 altered".utf8).write(to: folder.appendingPathComponent(Self.valid.fileName))
        // The drawing reproduces the stand-in PDF for the valid certificate only.
        let exact = PictureTemplate(name: "classic", sha256: Self.valid.templateSHA256) {
            { content in
                Data(TestApp.pdf(for: content.certificateID == Self.valid.content.certificateID ? Self.valid : Self.superseded) + [0x20])
            }
        }
        let drawing = RenderedCertificatePictures(templates: [exact])
        var stored = StoredCertificatePDFs(folder: folder, drawing: drawing)
        #expect(
            try await stored.pdf(of: Self.valid)
                == .unavailable("drawn again, it does not reproduce the PDF as issued (fonts or libraries changed?)"))
        let reproducing = PictureTemplate(name: "classic", sha256: Self.valid.templateSHA256) {
            { _ in Data(TestApp.pdf(for: Self.valid)) }
        }
        stored = StoredCertificatePDFs(folder: folder, drawing: RenderedCertificatePictures(templates: [reproducing]))
        #expect(try await stored.pdf(of: Self.valid) == .pdf(Data(TestApp.pdf(for: Self.valid))))
        // The intact file is served without drawing.
        try Data(TestApp.pdf(for: Self.superseded)).write(to: folder.appendingPathComponent(Self.superseded.fileName))
        #expect(
            try await StoredCertificatePDFs(folder: folder, drawing: nil).pdf(of: Self.superseded)
                == .pdf(Data(TestApp.pdf(for: Self.superseded))))
        #expect(await StoredCertificatePDFs(folder: folder, drawing: nil).availability(of: Self.revoked) != .available)
    }

    @Test func thePageOffersTheDownloadAndLinkedInOnlyWhereTheyApply() async throws {
        try await TestApp.make([Self.valid, Self.revoked, Self.superseded], pdfs: Self.held).test(.router) { client in
            let page = try await client.execute(uri: "/c/\(Self.valid.id)", method: .get) { String($0) }
            #expect(page.contains("<a id=\"download-pdf\" href=\"/c/\(Self.valid.id)/certificate.pdf\" download>Download PDF</a>"))
            let link = LinkedInProfileLink(Self.valid).url
            #expect(page.contains("href=\"\(link.replacingOccurrences(of: "&", with: "&amp;"))\""))
            #expect(page.contains(">Add to LinkedIn profile</a>"))
            let revoked = try await client.execute(uri: "/c/\(Self.revoked.id)", method: .get) { String($0) }
            #expect(!revoked.contains("download-pdf"))
            #expect(!revoked.contains("linkedin"))
            let superseded = try await client.execute(uri: "/c/\(Self.superseded.id)", method: .get) { String($0) }
            #expect(superseded.contains("download-pdf"))
            #expect(!superseded.contains("linkedin"))
        }
    }

    @Test func theLinkedInAddressCarriesTheCertificateAsLinkedInDocumentsIt() throws {
        let link = LinkedInProfileLink(Self.valid)
        let url = try #require(URLComponents(string: link.url))
        #expect(url.host == "www.linkedin.com")
        #expect(url.path == "/profile/add")
        let query = Dictionary(uniqueKeysWithValues: (url.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(query["startTask"] == "CERTIFICATION_NAME")
        #expect(query["name"] == Self.valid.content.eventTitle)
        #expect(query["organizationName"] == Self.valid.content.organiserName)
        #expect(query["certUrl"] == Self.valid.content.verificationURL)
        #expect(query["certId"] == Self.valid.id.description)
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Self.valid.content.issuedAt)
        #expect(query["issueYear"] == String(parts.year!))
        #expect(query["issueMonth"] == String(parts.month!))
        // A title with & and + survives as itself.
        var tricky = Self.valid
        tricky.content.eventTitle = "Safeguarding & Exploitation + Q&A"
        let trickyURL = try #require(URLComponents(string: LinkedInProfileLink(tricky).url))
        #expect(trickyURL.queryItems?.first { $0.name == "name" }?.value == "Safeguarding & Exploitation + Q&A")
    }
}
