import CPDCore
import CPDTestSupport
import Foundation
import Testing

@testable import CPDCommands

/// The render worker's request format gives back exactly the content it was given.
@Suite struct ContentCodecTests {
    @Test(arguments: Samples.namesByScript.map(\.name) + Samples.names)
    func everyFieldSurvivesTheTripInEveryScript(name: String) throws {
        let content = Samples.certificate(name, locales: ["cy", "pl"]).content
        #expect(content.localized?.count == 2)
        #expect(try ContentCodec.decode(ContentCodec.encode(content)) == content)
    }

    @Test func absentValuesStayAbsentAndOddValuesStayExact() throws {
        var content = Samples.certificate("Aoife Ní Bhriain").content
        content.jobTitle = nil
        content.organisation = nil
        content.organiserURL = nil
        content.localized = nil
        content.learningOutcomes = []
        content.issuedAt = Date(timeIntervalSince1970: 1_600_246_800.123_456_789)
        #expect(try ContentCodec.decode(ContentCodec.encode(content)) == content)
        content.jobTitle = ""
        content.attendeeName = "Quote \" back\\slash\nnew line\u{0} nul 👩🏽‍⚕️"
        content.learningOutcomes = ["", String(repeating: "Ł", count: 100_000)]
        #expect(try ContentCodec.decode(ContentCodec.encode(content)) == content)
    }

    @Test func oneContentAlwaysEncodesToTheSameBytes() {
        let content = Samples.certificate("Nguyễn Thị Hằng", locales: ["cy", "pl", "ga"]).content
        #expect(ContentCodec.encode(content) == ContentCodec.encode(content))
    }

    @Test func truncatedOrPaddedBytesAreRefusedNotMisread() {
        let bytes = ContentCodec.encode(Samples.certificate("王秀英", locales: ["cy"]).content)
        for length in [0, 1, 3, 4, 10, bytes.count / 2, bytes.count - 1] {
            #expect(throws: ContentCodec.Malformed.self, "\(length) bytes") { try ContentCodec.decode(bytes.prefix(length)) }
        }
        #expect(throws: ContentCodec.Malformed.self) { try ContentCodec.decode(bytes + [0]) }
        var invalid = bytes
        invalid[4] = 0xFF  // the first byte of the ID: no longer UTF-8
        #expect(throws: ContentCodec.Malformed.self) { try ContentCodec.decode(invalid) }
    }
}
