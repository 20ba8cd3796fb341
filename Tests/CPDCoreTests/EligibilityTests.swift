import CPDCore
import CPDTestSupport
import Testing

@Suite struct EligibilityTests {
    let event = Samples.event

    @Test func seventyFivePercentOfThreeAndAHalfHoursIs9450Seconds() {
        #expect(event.liveSeconds == 210 * 60)
        #expect(AttendanceRule.fractionOfLiveTime(0.75).requiredSeconds(liveSeconds: event.liveSeconds) == 9450)
        #expect(AttendanceRule.minimumMinutes(150).requiredSeconds(liveSeconds: event.liveSeconds) == 9000)
    }

    @Test func thresholdIsInclusiveAndOneSecondBelowFails() {
        let person = Samples.attendee("Siân Llywelyn", index: 1)
        let exact = Eligibility(evidence: AttendanceEvidence(attendee: person, attendedSeconds: 9450, lines: [2]), event: event)
        let below = Eligibility(evidence: AttendanceEvidence(attendee: person, attendedSeconds: 9449, lines: [2]), event: event)
        #expect(exact.isEligible)
        #expect(!below.isEligible)
        #expect(below.explanation.contains("attended 157.4 of 210 minutes"))
    }

    @Test func attendanceBeyondTheLiveTimeIsClipped() {
        let person = Samples.attendee("Siân Llywelyn", index: 1)
        let eligibility = Eligibility(evidence: Samples.evidence(person, minutes: 500), event: event)
        #expect(eligibility.attendedSeconds == event.liveSeconds)
    }

    @Test func plannerSortsPeopleIntoIssueAlreadyIssuedAndIneligible() {
        let ids = SeededRandomSource()
        let issuedBefore = Samples.attendee("Aoife Ní Bhriain", index: 1)
        let eligible = Samples.attendee("王秀英", index: 2)
        let short = Samples.attendee("Nguyễn Thị Hằng", index: 3)
        let existing = ids.certificateID()
        let report = AttendanceReport(
            evidence: [
                Samples.evidence(issuedBefore, minutes: 200), Samples.evidence(eligible, minutes: 190),
                Samples.evidence(short, minutes: 30),
            ],
            rejected: [Diagnostic(file: "a.csv", line: 9, message: "bad")])
        let plan = IssuancePlanner.plan(event: event, report: report, issued: [issuedBefore.identity: existing])
        #expect(plan.alreadyIssued.map(\.1) == [existing])
        #expect(plan.toIssue.map(\.0.attendee) == [eligible])
        #expect(plan.ineligible.map(\.0.attendee) == [short])
        #expect(plan.rejected.count == 1)
        #expect((plan.toIssueCount, plan.alreadyIssuedCount, plan.ineligibleCount) == (1, 1, 1))
        // The planner's assessments are exactly the ones the rule gives one person at a time.
        for (evidence, eligibility) in plan.toIssue + plan.ineligible {
            #expect(eligibility == Eligibility(evidence: evidence, event: event))
        }
    }

    @Test func identityIsTrimmedLowerCasedEmail() {
        #expect(AttendeeIdentity(email: "  Siân.Llywelyn@Example.ORG \t")?.email == "siân.llywelyn@example.org")
        #expect(AttendeeIdentity(email: "no-at-sign.example.org") == nil)
        #expect(AttendeeIdentity(email: "two@@example.org") == nil)
        #expect(AttendeeIdentity(email: "a b@example.org") == nil)
        #expect(AttendeeIdentity(email: "nobody@localhost") == nil)
    }

    /// Already-normalised ASCII addresses (the registry's) take a by-byte path; same verdicts.
    @Test(
        arguments: [
            ("a@b.c", "a@b.c"), ("first.last+tag@sub.example.org", "first.last+tag@sub.example.org"), ("a@b..c", "a@b..c"),
            ("@example.org", nil), ("a@", nil), ("a@.example.org", nil), ("a@example.org.", nil), ("a@example", nil),
            ("a@b@example.org", nil), ("A@Example.org", "a@example.org"), ("a@example.org\t", "a@example.org"),
            (" a@example.org", "a@example.org"), ("a\u{7F}@example.org", nil),
        ] as [(String, String?)])
    func identityOfASCIIAddresses(email: String, expected: String?) {
        #expect(AttendeeIdentity(email: email)?.email == expected)
    }

    @Test func namesAreStoredInNFC() {
        let decomposed = "Sia\u{0302}n Llywelyn"
        let attendee = Attendee(fullName: decomposed, identity: AttendeeIdentity(email: "s@example.org")!)
        #expect(Array(attendee.fullName.unicodeScalars) == Array("Si\u{00E2}n Llywelyn".unicodeScalars))
    }
}
