import CPDCore
import CPDServer
import CPDTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// "Is this PDF exactly a certificate as issued?", by form and by API.
@Suite struct PDFCheckTests {
    let genuine = TestApp.withPDF(Samples.certificate("Zoë Brontë-Łukasiewicz", index: 2))

    var modified: [UInt8] {
        var bytes = TestApp.pdf(for: genuine)
        bytes[12] ^= 0x01
        return bytes
    }

    @Test func theUploadFormSaysGenuineForTheIssuedPDFAndNoForAnEditedOne() async throws {
        let genuinePDF = TestApp.pdf(for: genuine)
        try await TestApp.make([genuine]).test(.router) { client in
            let form = TestApp.form(pdf: genuinePDF, id: genuine.id.description)
            let location = try await client.execute(
                uri: "/check", method: .post, headers: [.contentType: form.contentType], body: form.body
            ) { response in
                #expect(response.status == .seeOther)
                return try #require(response.headers[.location])
            }
            #expect(location == "/check?sha256=\(genuine.pdfSHA256)&id=\(genuine.id.compact)")
            try await client.execute(uri: location, method: .get) { response in
                #expect(response.status == .ok)
                let body = String(response)
                #expect(body.contains("Genuine PDF"))
                #expect(body.contains("This PDF is exactly certificate <a href=\"/c/\(genuine.id)\">\(genuine.id)</a> as issued"))
                #expect(body.contains("The certificate is valid."))
                #expect(body.contains(genuine.pdfSHA256))
            }

            let edited = TestApp.form(pdf: modified)
            let editedLocation = try await client.execute(
                uri: "/check", method: .post, headers: [.contentType: edited.contentType], body: edited.body
            ) { response in try #require(response.headers[.location]) }
            try await client.execute(uri: editedLocation, method: .get) { response in
                let body = String(response)
                #expect(body.contains("Not a certificate as issued"))
                #expect(body.contains("No certificate issued through this service has exactly this content"))
                #expect(body.contains(TestApp.sha256(modified)))
            }
        }
    }

    @Test func aRevokedCertificatesPDFIsGenuineButSaysRevoked() async throws {
        let revoked = TestApp.withPDF(Samples.certificate("Seán Ó Conaill", status: .revoked))
        try await TestApp.make([revoked]).test(.router) { client in
            try await client.execute(uri: "/check?sha256=\(revoked.pdfSHA256.uppercased())", method: .get) { response in
                let body = String(response)
                #expect(body.contains("Genuine PDF"))
                #expect(body.contains("But the certificate has been revoked"))
            }
        }
    }

    @Test func theAPIAnswersMatchOrNoMatch() async throws {
        try await TestApp.make([genuine]).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/verify-pdf", method: .post, headers: [.contentType: "application/pdf"],
                body: ByteBuffer(bytes: TestApp.pdf(for: genuine))
            ) { response in
                #expect(response.status == .ok)
                let object = try #require(try JSONSerialization.jsonObject(with: Data(String(response).utf8)) as? [String: Any])
                #expect(object["match"] as? Bool == true)
                #expect(object["sha256"] as? String == genuine.pdfSHA256)
                #expect((object["certificate"] as? [String: Any])?["id"] as? String == genuine.id.description)
                #expect(!String(response).contains("@"))
            }
            try await client.execute(
                uri: "/api/v1/verify-pdf", method: .post, headers: [.contentType: "application/pdf"], body: ByteBuffer(bytes: modified)
            ) { response in
                #expect(response.status == .ok)
                let object = try #require(try JSONSerialization.jsonObject(with: Data(String(response).utf8)) as? [String: Any])
                #expect(object["match"] as? Bool == false)
                #expect(object["certificate"] == nil)
            }
        }
    }

    @Test(arguments: [
        // (content type, body, status, code)
        ("application/pdf", "", 400, "empty_body"),
        ("application/pdf", "GIF89a not a pdf at all", 422, "not_a_pdf"),
        ("text/plain", "%PDF-1.5 but sent as text", 415, "unsupported_media_type"),
        ("application/json", "{\"pdf\": \"x\"}", 415, "unsupported_media_type"),
    ])
    func theAPIRefusesWhatIsNotAPDF(contentType: String, body: String, status: Int, code: String) async throws {
        try await TestApp.make([genuine]).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/verify-pdf", method: .post, headers: [.contentType: contentType], body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status.code == status)
                #expect(String(response).contains("\"code\" : \"\(code)\""))
            }
        }
    }

    @Test func moreThanFiveMegabytesIs413() async throws {
        let header = Array("%PDF-1.5\n".utf8)
        let big = header + [UInt8](repeating: 0x20, count: 5 * 1024 * 1024 + 1 - header.count)
        try await TestApp.make([genuine]).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/verify-pdf", method: .post, headers: [.contentType: "application/pdf"], body: ByteBuffer(bytes: big)
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(String(response).contains("\"code\" : \"payload_too_large\""))
                #expect(response.headers[.connection] == "close")
            }
            let form = TestApp.form(pdf: big)
            try await client.execute(uri: "/check", method: .post, headers: [.contentType: form.contentType], body: form.body) { response in
                #expect(response.status == .contentTooLarge)
                #expect(String(response).contains("The file is too large"))
            }
            // Exactly 5 MB is accepted.
            let exact = Array(big.dropLast())
            try await client.execute(
                uri: "/api/v1/verify-pdf", method: .post, headers: [.contentType: "application/pdf"], body: ByteBuffer(bytes: exact)
            ) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func formUploadsThatAreNotAPDFGet4xx() async throws {
        try await TestApp.make([genuine]).test(.router) { client in
            let notPDF = TestApp.form(pdf: Array("PK\u{3}\u{4} a zip file".utf8))
            try await client.execute(uri: "/check", method: .post, headers: [.contentType: notPDF.contentType], body: notPDF.body) {
                response in
                #expect(response.status == .unprocessableContent)
                #expect(String(response).contains("That file is not a PDF"))
            }
            let empty = TestApp.form(pdf: [])
            try await client.execute(uri: "/check", method: .post, headers: [.contentType: empty.contentType], body: empty.body) {
                response in
                #expect(response.status == .badRequest)
                #expect(String(response).contains("No file was chosen"))
            }
            try await client.execute(
                uri: "/check", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "pdf=x")
            ) { response in
                #expect(response.status == .unsupportedMediaType)
            }
            try await client.execute(
                uri: "/check", method: .post, headers: [.contentType: "multipart/form-data; boundary=abc"],
                body: ByteBuffer(string: "--abc\r\nno headers end")
            ) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/check?sha256=zz", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}
