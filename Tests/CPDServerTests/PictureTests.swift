import CPDCore
import CPDServer
import CPDTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The picture of a certificate as issued: drawn on request from the frozen record, cached, and
/// refused when the loaded template is not the one it was issued with.
@Suite struct PictureTests {
    @Test func pictureIsDrawnOnceThenServedFromTheCache() async throws {
        let certificate = Samples.certificate("Małgorzata Wiśniewska")
        let renderer = CountingRenderer()
        let pictures = RenderedCertificatePictures(templates: [renderer.template()], cacheSize: 4)
        try await TestApp.make([certificate], pictures: pictures).test(.router) { client in
            try await client.execute(uri: "/c/\(certificate.id)", method: .get) { response in
                let body = String(response)
                #expect(body.contains("<img src=\"/c/\(certificate.id)/certificate.png\""))
                #expect(body.contains("alt=\"Picture of certificate \(certificate.id) for Małgorzata Wiśniewska, as issued\""))
            }
            for _ in 0..<3 {
                try await client.execute(uri: "/c/\(certificate.id.compact)/certificate.png", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "image/png")
                    #expect(Array(response.body.readableBytesView.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
                    #expect(
                        String(decoding: response.body.readableBytesView.dropFirst(8), as: UTF8.self) == certificate.content.certificateID)
                }
            }
        }
        #expect(renderer.count == 1)
        #expect(await pictures.cachedCount == 1)
    }

    @Test func concurrentRequestsForOnePictureDrawItOnce() async throws {
        let certificate = Samples.certificate("Adébáyọ̀ Ọlátúnjí")
        let renderer = CountingRenderer()
        let pictures = RenderedCertificatePictures(templates: [renderer.template()], cacheSize: 4)
        try await withThrowingTaskGroup(of: Picture.self) { group in
            for _ in 0..<8 { group.addTask { try await pictures.picture(of: certificate) } }
            for try await picture in group { #expect(picture != .unavailable("")) }
        }
        #expect(renderer.count <= 2)
    }

    @Test func aChangedTemplateGivesNoPictureRatherThanAWrongOne() async throws {
        let certificate = Samples.certificate("Aoife Ní Bhriain")
        let renderer = CountingRenderer()
        let pictures = RenderedCertificatePictures(templates: [renderer.template(sha256: String(repeating: "00", count: 32))])
        #expect(await pictures.availability(of: certificate) != .available)
        try await TestApp.make([certificate], pictures: pictures).test(.router) { client in
            try await client.execute(uri: "/c/\(certificate.id)", method: .get) { response in
                let body = String(response)
                #expect(
                    body.contains(
                        "The picture is unavailable: its template, &#39;classic&#39;, has changed since the certificate was issued"))
                #expect(!body.contains("<img"))
            }
            try await client.execute(uri: "/c/\(certificate.id)/certificate.png", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            }
        }
        #expect(renderer.count == 0)
    }

    @Test func aTemplateNotLoadedGivesNoPicture() async throws {
        let certificate = Samples.certificate("Siân Llywelyn")
        let pictures = RenderedCertificatePictures(templates: [CountingRenderer().template(name: "modern")])
        #expect(await pictures.availability(of: certificate) == .unavailable("its template, 'classic', is not loaded on this server"))
    }

    @Test func unknownAndMistypedPictureRequestsAreRefused() async throws {
        let certificate = Samples.certificate("王秀英")
        let pictures = RenderedCertificatePictures(templates: [CountingRenderer().template()])
        try await TestApp.make([certificate], pictures: pictures).test(.router) { client in
            try await client.execute(uri: "/c/\(SeededRandomSource(seed: 5).certificateID())/certificate.png", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/c/\(TestApp.typo(of: certificate.id))/certificate.png", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}
