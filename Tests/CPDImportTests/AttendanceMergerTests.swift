import CPDCore
import CPDImport
import CPDTestSupport
import Foundation
import Testing

/// Several files of one event merged per person before the rule (Fixtures/sources/README.md has
/// the minutes worked out by hand).
@Suite struct AttendanceMergerTests {
    /// Siân: 150 minutes on Zoom (10:00-12:30) and 30 by telephone (12:45-13:15).
    static let phone = Data(
        "full_name,email,join_time,leave_time\nSiân Llywelyn,sian.llywelyn@example.org,2020-09-16 12:45:00,2020-09-16 13:15:00\n".utf8)

    @Test func zoomAndPhoneAddUpTo180MinutesAndOnlyMergedAreEligible() throws {
        let zoom = try SourcesFixtures.data("zoom-webinar.csv")
        let alone = try SourcesFixtures.merge([("zoom-webinar.csv", zoom)])
        let merged = try SourcesFixtures.merge([("zoom-webinar.csv", zoom), ("phone.csv", Self.phone)])
        let sian = try #require(AttendeeIdentity(email: "sian.llywelyn@example.org"))
        let before = try #require(alone.report.evidence.first { $0.attendee.identity == sian })
        let after = try #require(merged.report.evidence.first { $0.attendee.identity == sian })
        #expect(before.attendedTime(in: Samples.event).countedSeconds == 150 * 60)
        #expect(!Eligibility(evidence: before, event: Samples.event).isEligible)
        #expect(after.attendedTime(in: Samples.event).countedSeconds == 180 * 60)
        #expect(Eligibility(evidence: after, event: Samples.event).isEligible)
        // One person, not two; each file's lines kept apart.
        #expect(merged.report.evidence.filter { $0.attendee.identity == sian }.count == 1)
        #expect(after.origins == [SourceLines(source: 0, lines: [10]), SourceLines(source: 1, lines: [2])])
        #expect(after.attendee.jobTitle == "Senior Social Worker")
    }

    @Test func theEvidenceHashNamesEveryFileWhateverTheOrder() throws {
        let zoom = try SourcesFixtures.data("zoom-webinar.csv")
        let one = try SourcesFixtures.merge([("zoom-webinar.csv", zoom)])
        #expect(one.report.sourceSHA256 == SHA256Digest(hashing: [UInt8](zoom)).hex)
        #expect(one.report.sources.isEmpty)
        let forward = try SourcesFixtures.merge([("zoom-webinar.csv", zoom), ("phone.csv", Self.phone)])
        let backward = try SourcesFixtures.merge([("phone.csv", Self.phone), ("zoom-webinar.csv", zoom)])
        #expect(
            forward.report.sources.map(\.sha256) == [
                SHA256Digest(hashing: [UInt8](zoom)).hex, SHA256Digest(hashing: [UInt8](Self.phone)).hex,
            ])
        let hashes = forward.report.sources.map(\.sha256).sorted()
        let expected = SHA256Digest(hashing: Array("cpdcert-attendance-sources-v1\n\(hashes[0])\n\(hashes[1])".utf8)).hex
        #expect(forward.report.sourceSHA256 == expected)
        #expect(backward.report.sourceSHA256 == expected)
    }

    @Test func overlappingSessionsFromTwoFilesCountOnce() throws {
        // 10:00-12:00 in one, 11:00-13:00 in the other: the union is 10:00-13:00, 180 minutes (not 240).
        let first = Data("full_name,email,join_time,leave_time\nZoë Brown,zoe@example.org,2020-09-16 10:00:00,2020-09-16 12:00:00\n".utf8)
        let second = Data("full_name,email,join_time,leave_time\nZoë Brown,ZOE@example.org,2020-09-16 11:00:00,2020-09-16 13:00:00\n".utf8)
        let merged = try SourcesFixtures.merge([("a.csv", first), ("b.csv", second)])
        #expect(SourcesFixtures.minutes(merged) == ["Zoë Brown": 180])
    }

    @Test func aReportedTotalIsNotAddedToOtherRows() throws {
        let totals = Data("full_name,email,minutes_attended\nSiân Llywelyn,sian.llywelyn@example.org,30\n".utf8)
        let merged = try SourcesFixtures.merge([("zoom-webinar.csv", try SourcesFixtures.data("zoom-webinar.csv")), ("totals.csv", totals)])
        #expect(SourcesFixtures.minutes(merged)["Siân Llywelyn"] == 150)
        #expect(
            merged.report.rejected.map(\.description).contains(
                "totals.csv:2: this attendee also has rows at zoom-webinar.csv:10, and a reported total of minutes cannot be merged with other rows without counting time twice; give join and leave times in both files, or list the person in one file only"
            ))
    }

    @Test func aliasesMakeOnePersonOfTwoAddressesUnderTheFirst() throws {
        // Dafydd: 90 minutes as dafydd.work on Zoom, 75 as dafydd.home by telephone; 165 together.
        let files = ["zoom-webinar.csv", "phone-with-email.csv"]
        let apart = try SourcesFixtures.merge(files)
        #expect(apart.report.evidence.filter { $0.attendee.fullName == "Dafydd ap Gruffudd" }.count == 2)
        let aliases = try AttendanceAliases(data: SourcesFixtures.data("aliases.csv"), fileName: "aliases.csv")
        let merged = try SourcesFixtures.merge(files, aliases: aliases)
        let dafydd = try #require(merged.report.evidence.first { $0.attendee.fullName == "Dafydd ap Gruffudd" })
        #expect(merged.report.evidence.filter { $0.attendee.fullName == "Dafydd ap Gruffudd" }.count == 1)
        #expect(dafydd.attendee.identity.email == "dafydd.work@example.org")
        #expect(dafydd.attendedTime(in: Samples.event).countedSeconds == 165 * 60)
        #expect(Eligibility(evidence: dafydd, event: Samples.event).isEligible)
    }

    @Test func aliasChainsKeepTheFirstNamedAddressAndBadRowsAreRejected() throws {
        let text =
            "first,second\nc@example.org,d@example.org\na@example.org,b@example.org\nb@example.org,c@example.org\nnot-an-address,x@example.org\n"
        let aliases = try AttendanceAliases(data: Data(text.utf8), fileName: "aliases.csv")
        for address in ["a", "b", "c", "d"] {
            #expect(aliases.identity(for: AttendeeIdentity(email: "\(address)@example.org")!).email == "c@example.org")
        }
        #expect(
            aliases.rejected.map(\.description) == [
                "aliases.csv:5: 'first address' is not an email address (it needs one '@' and a domain such as example.org)"
            ])
    }
}
