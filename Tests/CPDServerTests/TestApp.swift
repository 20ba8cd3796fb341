import CPDCore
import CPDServer
import CPDTestSupport
import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization

/// Applications and fixtures for the server tests.
enum TestApp {
    /// The service over an in-memory registry holding `certificates`.
    static func make(
        _ certificates: [Certificate], pictures: any CertificatePictures = NoCertificatePictures(),
        pdfs: any CertificatePDFs = NoCertificatePDFs(), logger: Logger = TestApp.quietLogger,
        configure: (inout ServerConfiguration) -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let registry = InMemoryCertificateRegistry(certificates)
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
        configure(&configuration)
        return buildApplication(
            registry: registry, pdfHashes: registry, pictures: pictures, pdfs: pdfs, configuration: configuration, logger: logger)
    }

    /// Errors only, so test output stays readable (LogCapture checks what is logged).
    static var quietLogger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .error
        return logger
    }

    /// A small stand-in for a certificate's PDF: starts like a PDF, differs per certificate.
    static func pdf(for certificate: Certificate) -> [UInt8] {
        Array("%PDF-1.5\n% certificate \(certificate.id)\n%%EOF\n".utf8)
    }

    /// `certificate` with its PDF hash set to the stand-in PDF's.
    static func withPDF(_ certificate: Certificate) -> Certificate {
        var result = certificate
        result.pdfSHA256 = sha256(pdf(for: certificate))
        return result
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// A `multipart/form-data` body as a browser sends the upload form.
    static func form(
        pdf: [UInt8], id: String? = nil, fileName: String = "certificate.pdf", boundary: String = "----cpdcertTestBoundary7MA4YWxk"
    )
        -> (body: ByteBuffer, contentType: String)
    {
        var body = ""
        if let id {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n\(id)\r\n"
        }
        body +=
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"pdf\"; filename=\"\(fileName)\"\r\nContent-Type: application/pdf\r\n\r\n"
        var buffer = ByteBuffer(string: body)
        buffer.writeBytes(pdf)
        buffer.writeString("\r\n--\(boundary)--\r\n")
        return (buffer, "multipart/form-data; boundary=\(boundary)")
    }

    /// A certificate ID with one character changed: the check character catches it.
    static func typo(of id: CertificateID) -> String {
        var characters = Array(id.compact)
        characters[5] = characters[5] == "A" ? "B" : "A"
        return String(characters)
    }
}

/// Pictures from a fake renderer that counts its calls: tests the picture plumbing without Cairo.
final class CountingRenderer: Sendable {
    private let calls = Mutex(0)
    var count: Int { calls.withLock { $0 } }

    /// A template entry whose renderer returns a PNG signature followed by the certificate ID.
    func template(name: String = "classic", sha256: String = String(repeating: "cd", count: 32)) -> PictureTemplate {
        PictureTemplate(name: name, sha256: sha256) { [self] in
            { content in
                self.calls.withLock { $0 += 1 }
                return Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(content.certificateID.utf8))
            }
        }
    }
}

extension String {
    /// The body of a test response as text.
    init(_ response: TestResponse) {
        self = String(buffer: response.body)
    }
}
