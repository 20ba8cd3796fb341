import Foundation
import Testing

@testable import CPDServer

@Suite struct MultipartFormTests {
    @Test func readsFieldsAndTheFileAsBrowsersSendThem() throws {
        let boundary = "----WebKitFormBoundaryePkpFF7tjBAqx29L"
        let body = Array(
            ("--\(boundary)\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\nABCD-EFGH\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"pdf\"; filename=\"c.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
                + "%PDF-1.5\r\n\r\n--not the boundary\r\nbinary\u{0}bytes\r\n--\(boundary)--\r\n").utf8)
        let form = try MultipartForm(body, boundary: boundary)
        #expect(form.parts.count == 2)
        #expect(String(decoding: try #require(form.part("id")).body, as: UTF8.self) == "ABCD-EFGH")
        let file = try #require(form.part("pdf"))
        #expect(file.fileName == "c.pdf")
        #expect(file.contentType == "application/pdf")
        #expect(String(decoding: file.body, as: UTF8.self) == "%PDF-1.5\r\n\r\n--not the boundary\r\nbinary\u{0}bytes")
    }

    @Test(
        arguments: [
            ("multipart/form-data; boundary=abc", "abc"),
            ("Multipart/Form-Data; charset=utf-8; boundary=\"a b:c\"", "a b:c"),
            ("multipart/form-data", nil),
            ("multipart/mixed; boundary=abc", nil),
            ("multipart/form-data; boundary=", nil),
            ("multipart/form-data; boundary=\(String(repeating: "x", count: 71))", nil),
        ] as [(String, String?)])
    func findsTheBoundary(contentType: String, boundary: String?) {
        #expect(MultipartForm.boundary(contentType: contentType) == boundary)
    }

    @Test(arguments: [
        "",
        "no boundary at all",
        "--abc",
        "--abcXX",
        "--abc\r\nContent-Disposition: form-data; name=\"pdf\"\r\n\r\nnever ends",
        "--abc\r\nno colon header\r\n\r\nbody\r\n--abc--",
        "--abc\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--abc--",
        "--abc\r\n" + String(repeating: "X-Long: header\r\n", count: 1000) + "\r\nbody\r\n--abc--",
    ])
    func malformedBodiesAreRefusedNotCrashedOn(body: String) {
        #expect(throws: MultipartForm.Problem.self) { try MultipartForm(Array(body.utf8), boundary: "abc") }
    }

    @Test func tooManyPartsAreRefused() {
        let body = String(repeating: "--abc\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n", count: 20) + "--abc--"
        #expect(throws: MultipartForm.Problem.self) { try MultipartForm(Array(body.utf8), boundary: "abc") }
    }
}
