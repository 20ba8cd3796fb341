import CPDCore
import CPDTestSupport
import Foundation
import Testing

@testable import CPDServer

/// The API's hand-written JSON is byte for byte what `PublicCertificate.makeEncoder()` writes.
@Suite struct APIJSONTests {
    static var certificates: [Certificate] {
        var quirky = Samples.certificate("\"Quotes\" \\ back/slash\ttab\nnewline \u{1}\u{1F} é 王 🙂", index: 9)
        quirky.content.jobTitle = nil
        quirky.content.organisation = "</script><script>"
        quirky.content.organiserURL = nil
        quirky.content.learningOutcomes = []
        quirky.issuedAt = Date(timeIntervalSince1970: 1_795_944_600.789)
        var withRevocationAtFraction = Samples.certificate("Seán Ó Conaill", index: 2, status: .revoked)
        withRevocationAtFraction.statusChange?.at = Date(timeIntervalSince1970: 1_795_944_700.5)
        var correction = Samples.certificate("Aoife Ní Bhriain", index: 4)
        correction.supersedes = Samples.certificate("Aoife Ni Bhriain", index: 4, ids: SeededIDGenerator(seed: 3)).id
        return [
            Samples.certificate("Zoë Brontë-Łukasiewicz"), withRevocationAtFraction, correction,
            Samples.certificate("Aoife Ní Bhriain", index: 3, status: .superseded), quirky,
        ] + Samples.names.enumerated().map { Samples.certificate($1, index: $0 + 10) }
    }

    @Test(arguments: certificates)
    func handWrittenJSONEqualsTheEncoders(certificate: Certificate) throws {
        let view = PublicCertificate(certificate)
        let expected = try PublicCertificate.makeEncoder().encode(view)
        if certificate.supersedes != nil { #expect(String(decoding: expected, as: UTF8.self).contains("\"supersedes\"")) }
        let written = view.apiJSON()
        #expect(
            Data(written) == expected,
            "written:\n\(String(decoding: written, as: UTF8.self))\nexpected:\n\(String(decoding: expected, as: UTF8.self))")
    }
}
