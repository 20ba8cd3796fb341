import CPDCore
import CPDTestSupport
import Crypto
import Foundation
import Testing

/// The built `cpdcert serve` offering each certificate's PDF again: from the folder of issued PDFs
/// when they hash as issued, else drawn again from the registry's archive, byte for byte; 404 for
/// an unknown ID, 410 for a revoked certificate; the page's Download and LinkedIn links.
@Suite(.serialized) struct PDFDownloadEndToEndTests {
    static func sha256(_ file: URL) throws -> String {
        SHA256.hash(data: try Data(contentsOf: file)).map { String(format: "%02x", $0) }.joined()
    }

    /// GETs `url` into `file`: the status and content type.
    static func download(_ url: String, to file: URL) throws -> String {
        try ExternalTool.run("curl", ["-s", "-o", file.path, "-w", "%{http_code} %{content_type}", url]).stdout
    }

    @Test(arguments: [true, false])
    func theIssuedPDFIsServedAgainByteForByte(fromTheFolder: Bool) throws {
        try #require(FileManager.default.isExecutableFile(atPath: EndToEndTests.binary), "build first: \(EndToEndTests.binary)")
        let folder = try ExternalTool.temporaryDirectory("e2e-pdf-download")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (registry, id) = try ServeFixtures.issuedExample(in: folder)
        let issued = folder.appendingPathComponent("out/\(id).pdf")
        let expected = try Self.sha256(issued)
        var others = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path).filter {
            $0.hasSuffix(".pdf") && $0 != "\(id).pdf"
        }
        others.sort()
        let revokedID = String(try #require(others.first).dropLast(4))
        let revoked = try EndToEndTests.cpdcert([
            "revoke", revokedID, "--reason", "issued-in-error", "--note", "test", "--registry", registry,
        ])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        if !fromTheFolder {
            // Drawn again from the archive: the folder is gone.
            try FileManager.default.removeItem(at: folder.appendingPathComponent("out"))
        }
        var arguments = ["serve", "--registry", registry, "--host", "127.0.0.1", "--port", "0", "--lookups-per-minute", "0"]
        if fromTheFolder { arguments += ["--pdfs", folder.appendingPathComponent("out").path] }
        let server = try BackgroundProcess(
            EndToEndTests.binary, arguments, environment: ["CPDCERT_REGISTRY": "", "CPDCERT_KEYS": EndToEndTests.noKeys],
            directory: folder)
        defer { server.stop() }
        let base = try #require(server.servingBase(), "the server did not start: \(server.printed.stderr)")

        for path in ["/c/\(id)/certificate.pdf", "/api/v1/certificates/\(id.lowercased())/pdf"] {
            let file = folder.appendingPathComponent("downloaded.pdf")
            #expect(try Self.download(base + path, to: file) == "200 application/pdf")
            #expect(try Self.sha256(file) == expected, "\(path) is not the PDF as issued")
        }
        let unknown = SeededRandomSource(seed: 4242).certificateID()
        #expect(try ServeFixtures.get("\(base)/c/\(unknown)/certificate.pdf").status == 404)
        let gone = try ServeFixtures.get("\(base)/api/v1/certificates/\(revokedID)/pdf")
        #expect(gone.status == 410)
        #expect(gone.body.contains("\"code\" : \"revoked\""))

        let page = try ServeFixtures.get("\(base)/c/\(id)").body
        #expect(page.contains("<a id=\"download-pdf\" href=\"/c/\(id)/certificate.pdf\" download>Download PDF</a>"))
        #expect(page.contains("href=\"https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&amp;name=Tackling%20Child"))
        #expect(page.contains("&amp;certId=\(id)\""))
        let revokedPage = try ServeFixtures.get("\(base)/c/\(revokedID)").body
        #expect(!revokedPage.contains("download-pdf"))
        #expect(!revokedPage.contains("linkedin.com"))
    }
}
