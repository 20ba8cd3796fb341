import CPDCore
import CPDHTTP
import CPDTestSupport
import Foundation
import Testing

/// The libcurl GET against a real HTTP server (Python's http.server over a folder, Tests/http/static_server.py): the body of
/// a 200, and a distinct error for an HTTP error answer, a redirect, a closed port and an answer
/// over the size limit.
@Suite(.serialized) struct CurlDocumentFetcherTests {
    @Test func fetchesTheBodyAndNamesEachFailure() throws {
        let folder = try ExternalTool.temporaryDirectory("http-fetch")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".well-known/sub"), withIntermediateDirectories: true)
        let document = Data("{\"id\":\"did:web:verify.example.org\",\"name\":\"Ysgol Gymraeg\"}".utf8)
        try document.write(to: folder.appendingPathComponent(".well-known/did.json"))
        try Data(repeating: 0x61, count: 5000).write(to: folder.appendingPathComponent("big.txt"))
        let server = try StaticHTTPServer(folder: folder)
        defer { server.stop() }
        let base = server.base

        let fetcher = CurlDocumentFetcher(timeout: 5)
        #expect(try fetcher.get(URL(string: base + "/.well-known/did.json")!) == document)
        #expect(throws: FetchError.status(url: base + "/status/1", code: 404)) {
            try fetcher.get(URL(string: base + "/status/1")!)
        }
        // http.server redirects a folder without its slash: not followed.
        #expect(throws: FetchError.status(url: base + "/.well-known/sub", code: 301)) {
            try fetcher.get(URL(string: base + "/.well-known/sub")!)
        }
        #expect(try CurlDocumentFetcher(timeout: 5, limit: 5000).get(URL(string: base + "/big.txt")!).count == 5000)
        #expect(throws: FetchError.unreachable(url: base + "/big.txt", reason: "the answer is larger than 4999 bytes")) {
            try CurlDocumentFetcher(timeout: 5, limit: 4999).get(URL(string: base + "/big.txt")!)
        }
        server.stop()
        do {
            _ = try fetcher.get(URL(string: base + "/.well-known/did.json")!)
            Issue.record("a stopped server answered")
        } catch {
            guard case .unreachable(let url, let reason) = error else { Issue.record("\(error)"); return }
            #expect(url == base + "/.well-known/did.json")
            #expect(reason.contains("connect"), "\(reason)")
        }
    }

    @Test func refusesOtherSchemes() throws {
        #expect(throws: FetchError.self) { try CurlDocumentFetcher(timeout: 2).get(URL(string: "file:///etc/hostname")!) }
    }
}
