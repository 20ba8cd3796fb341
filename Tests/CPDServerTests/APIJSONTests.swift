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
        correction.supersedes = Samples.certificate("Aoife Ni Bhriain", index: 4, ids: SeededRandomSource(seed: 3)).id
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

    @Test func datesAreWrittenExactlyAsFoundationWritesThem() {
        var generator = SystemRandomNumberGenerator()
        var dates = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -0.5), Date(timeIntervalSince1970: 951_782_400),  // 2000-02-29
            Date(timeIntervalSince1970: 4_107_542_399.999), Date(timeIntervalSince1970: 253_402_300_799),  // 2100-02-28, 9999-12-31
            Date(timeIntervalSince1970: 253_402_300_800), Date(timeIntervalSince1970: -86_400 * 400),  // 10000, 1968: Foundation's
            Date(timeIntervalSince1970: 1_795_944_600.789), Date(timeIntervalSinceReferenceDate: -0.000_001),
        ]
        for _ in 0..<20_000 {
            dates.append(Date(timeIntervalSince1970: Double.random(in: 0..<4_200_000_000, using: &generator)))
            dates.append(Date(timeIntervalSince1970: Double(Int.random(in: 0..<4_200_000_000, using: &generator))))
        }
        for date in dates {
            var written: [UInt8] = []
            JSONWriter.appendISO8601(date, to: &written)
            #expect(String(decoding: written, as: UTF8.self) == date.formatted(Date.ISO8601FormatStyle()), "\(date.timeIntervalSince1970)")
        }
    }
}
