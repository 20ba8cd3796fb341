import CPDCore
import CPDTestSupport
import Foundation
import Testing

@testable import CPDRegistry

/// The hand-written content reader gives what `JSONDecoder` gives, or declines.
@Suite struct StoredContentReaderTests {
    static var contents: [CertificateContent] {
        var quirky = Samples.certificate("\"Quotes\" \\ back/slash\ttab\nnewline \u{1}\u{1F} é 王 🙂", index: 9).content
        quirky.jobTitle = nil
        quirky.organisation = "</script><script>"
        quirky.organiserURL = nil
        quirky.learningOutcomes = []
        return [
            Samples.certificate("Zoë Brontë-Łukasiewicz").content, quirky,
            Samples.certificate("Siân Llywelyn", index: 2, locales: ["cy"]).content,
        ] + Samples.names.enumerated().map { Samples.certificate($1, index: $0 + 10).content }
    }

    @Test(arguments: contents)
    func readsWhatTheRegistryWritesAsJSONDecoderDoes(content: CertificateContent) throws {
        let text = String(decoding: try CertificateRow.encoder.encode(content), as: UTF8.self)
        let read = try #require(StoredContentReader.content(text))
        #expect(read == content)
        #expect(read == (try CertificateRow.decoder.decode(CertificateContent.self, from: Data(text.utf8))))
    }

    /// Valid JSON that the registry does not write but JSONDecoder reads the same way.
    @Test(arguments: [
        // White space, escaped slashes, \u escapes (a surrogate pair too), nulls for optionals.
        #"""
         { "attendeeName" : "A\u00e9\ud83d\ude42 \/ B" , "certificateID":"X","cpdHours":"3.5","eventDate":"D","eventFormat":"F",
         "eventTimes":"T","eventTitle":"E","issueDate":"I","issuedAt":"2020-02-29T23:59:59Z","jobTitle":null,
         "learningOutcomes":[ "a" , "b\n" ],"organisation":null,"organiserName":"O","organiserURL":null,"signatoryName":"S",
         "signatoryRole":"R","verificationURL":"https:\/\/v.example.org\/c\/X","localized":null }
        """#,
        // Optional keys left out, keys in another order.
        #"""
        {"verificationURL":"V","certificateID":"X","attendeeName":"N","eventTitle":"E","eventFormat":"F","eventDate":"D",
        "eventTimes":"T","cpdHours":"1","learningOutcomes":[],"organiserName":"O","signatoryName":"S","signatoryRole":"R",
        "issueDate":"I","issuedAt":"1970-01-01T00:00:00Z","localized":{"cy":{"eventDate":"d","issueDate":"i","cpdHours":"1,0"}}}
        """#,
    ])
    func readsOtherValidJSONAsJSONDecoderDoes(text: String) throws {
        let read = try #require(StoredContentReader.content(text))
        #expect(read == (try CertificateRow.decoder.decode(CertificateContent.self, from: Data(text.utf8))))
    }

    /// Anything unusual is left to JSONDecoder.
    @Test(arguments: [
        ("an unknown key", #""organiserName":"Policy Foresight","#, #""organiserName":"Policy Foresight","extra":1,"#),
        ("a repeated key", #""organiserName":"Policy Foresight","#, #""organiserName":"Policy Foresight","organiserName":"P","#),
        ("a date with a fraction", #""issuedAt":"2026-11-29T09:30:00Z""#, #""issuedAt":"2026-11-29T09:30:00.5Z""#),
        ("a date that does not exist", #""issuedAt":"2026-11-29T09:30:00Z""#, #""issuedAt":"2026-02-30T09:30:00Z""#),
        ("a raw control character", #""organiserName":"Policy Foresight","#, "\"organiserName\":\"Policy\u{1}Foresight\","),
        ("a lone surrogate", #""organiserName":"Policy Foresight","#, #""organiserName":"\ud83d","#),
        ("a missing field", #""organiserName":"Policy Foresight","#, ""),
        ("a number for a string", #""cpdHours":"3.5","#, #""cpdHours":3.5,"#),
    ])
    func declinesWhatItIsNotSureOf(_ what: String, _ original: String, _ replacement: String) throws {
        let text = String(decoding: try CertificateRow.encoder.encode(Samples.certificate("Siân Llywelyn").content), as: UTF8.self)
        #expect(text.contains(original), "the sample JSON changed shape: \(text)")
        #expect(StoredContentReader.content(text.replacingOccurrences(of: original, with: replacement)) == nil, "\(what)")
        #expect(StoredContentReader.content(text + "x") == nil, "bytes after the object")
    }
}

/// The arithmetic timestamp reader gives exactly Foundation's `Date`.
@Suite struct StoredTimestampTests {
    static let foundation = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!)

    @Test func readsEveryMillisecondOfAStretchAsFoundationDoes() throws {
        let start = Date(timeIntervalSince1970: 1_795_944_600)
        for millisecond in 0..<3000 {
            let text = CertificateRow.timestamp(start.addingTimeInterval(Double(millisecond) / 1000))
            #expect(StoredTimestamp.date(text) == (try Self.foundation.parse(text)), "\(text)")
        }
    }

    @Test func readsDatesAcrossTheCalendarAsFoundationDoes() throws {
        var generator = SplitMix(seed: 42)
        for _ in 0..<5000 {
            // Any millisecond from 1970 to 2200.
            let date = Date(timeIntervalSince1970: Double(generator.next() % 7_258_118_400_000) / 1000)
            let text = CertificateRow.timestamp(date)
            #expect(StoredTimestamp.date(text) == (try Self.foundation.parse(text)), "\(text)")
            let whole = String(text.prefix(19)) + "Z"
            #expect(StoredTimestamp.date(whole) == (try Date.ISO8601FormatStyle().parse(whole)), "\(whole)")
        }
    }

    @Test(arguments: [
        "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-29T24:00:00Z", "2026-11-29T09:60:00Z",
        "2026-11-29T09:30:60Z", "2026-11-29 09:30:00Z", "2026-11-29T09:30:00", "2026-11-29T09:30:00.12Z",
        "2026-11-29T09:30:00+00:00", "1969-12-31T23:59:59Z", "2026-1a-29T09:30:00Z",
    ])
    func declinesOtherForms(text: String) {
        #expect(StoredTimestamp.date(text) == nil)
    }
}

/// A small seeded generator (SplitMix64), so the dates tried are the same each run.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
