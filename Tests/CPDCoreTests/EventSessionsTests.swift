import CPDCore
import CPDTestSupport
import Foundation
import Testing

/// Events of several sessions: a two-day course (Wednesday 16 and Thursday 17 September 2020,
/// 09:30–12:30 BST each day, 180 + 180 = 360 minutes) and a day with lunch excluded.
@Suite struct EventSessionsTests {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London")!
        return calendar
    }()

    static func at(_ day: Int, _ hour: Int, _ minute: Int = 0, month: Int = 9) -> Date {
        calendar.date(from: DateComponents(year: 2020, month: month, day: day, hour: hour, minute: minute))!
    }

    static func event(_ rule: AttendanceRule, sessions: [EventSession]) -> Event {
        let base = Samples.event
        return Event(
            id: "county-lines-course", title: base.title, organiser: base.organiser, format: "Two-day course",
            start: sessions[0].start, end: sessions[sessions.count - 1].end, timeZoneIdentifier: base.timeZoneIdentifier,
            cpdHours: 6, learningOutcomes: base.learningOutcomes, signatory: base.signatory,
            verificationBaseURL: base.verificationBaseURL, templateName: base.templateName, attendanceRule: rule, sessions: sessions)
    }

    static let twoDays = [EventSession(start: at(16, 9, 30), end: at(16, 12, 30)), EventSession(start: at(17, 9, 30), end: at(17, 12, 30))]

    func evidence(_ name: String, _ sessions: [(Date, Date)]) -> AttendanceEvidence {
        AttendanceEvidence(
            attendee: Samples.attendee(name, index: 1), sessions: sessions.map { AttendanceInterval(start: $0.0, end: $0.1) }, lines: [2])
    }

    /// Aoife is there all of the first morning (09:00–12:30 counts 09:30–12:30, 180 min) and
    /// misses the second day: 180 of 360 minutes.
    var aoife: AttendanceEvidence { evidence("Aoife Ní Bhriain", [(Self.at(16, 9), Self.at(16, 12, 30))]) }
    /// Siân: 10:50–13:30 on the first day (counts 10:50–12:30, 100 min; the hour after the session
    /// is a break) and 09:30–11:10 on the second (100 min): 200 of 360.
    var sian: AttendanceEvidence {
        evidence("Siân Llywelyn", [(Self.at(16, 10, 50), Self.at(16, 13, 30)), (Self.at(17, 9, 30), Self.at(17, 11, 10))])
    }

    @Test func thePerSessionRuleFailsAPersonWhoMissesTheSecondDay() {
        let event = Self.event(.fractionOfEachSession(0.5), sessions: Self.twoDays)
        #expect(event.liveSeconds == 360 * 60)
        #expect(event.requiredSeconds == 180 * 60)
        let missed = Eligibility(evidence: aoife, event: event)
        #expect(missed.attendedSeconds == 180 * 60)
        #expect(!missed.isEligible)
        #expect(
            missed.explanation
                == "attended 180 of 360 minutes; the rule is at least 50% of each session (Wed 16 Sep 09:30–12:30: 90 of 180 minutes; Thu 17 Sep 09:30–12:30: 90 of 180 minutes); session 2 (Thu 17 Sep 09:30–12:30) was attended for 0 of its 180 minutes, below the 90 it requires"
        )
        let both = Eligibility(evidence: sian, event: event)
        #expect(both.attendedSeconds == 200 * 60)
        #expect(both.isEligible)
        let plan = IssuancePlanner.plan(event: event, report: AttendanceReport(evidence: [aoife, sian], rejected: []), issued: [:])
        #expect(plan.toIssue.map(\.0.attendee.fullName) == ["Siân Llywelyn"])
        #expect(plan.ineligible.map(\.0.attendee.fullName) == ["Aoife Ní Bhriain"])
    }

    @Test func aBareTotalCannotMeetAPerSessionRule() {
        let event = Self.event(.fractionOfEachSession(0.5), sessions: Self.twoDays)
        let total = AttendanceEvidence(
            attendee: Samples.attendee("Zoë Brontë-Łukasiewicz", index: 2), attendedSeconds: 360 * 60, lines: [3])
        let eligibility = Eligibility(evidence: total, event: event)
        #expect(eligibility.attendedSeconds == 360 * 60)
        #expect(!eligibility.isEligible)
        #expect(eligibility.shortfall?.hasPrefix("the report gives a total, not when it was attended") == true)
        #expect(Eligibility(evidence: total, event: Self.event(.fractionOfLiveTime(0.5), sessions: Self.twoDays)).isEligible)
    }

    @Test func theTotalRuleCountsBothDaysTogetherAndNotTheBreak() {
        let event = Self.event(.fractionOfLiveTime(0.5), sessions: Self.twoDays)
        #expect(Eligibility(evidence: aoife, event: event).isEligible)
        let time = sian.attendedTime(in: event)
        #expect(time.countedSeconds == 200 * 60)
        #expect(time.outsideLiveSeconds == 60 * 60)
        #expect(time.windowSeconds == [100 * 60, 100 * 60])
    }

    @Test func theCertificateShowsTheSessions() throws {
        let id = SeededRandomSource().certificateID()
        let twoDay = try CertificateComposer(event: Self.event(.fractionOfLiveTime(0.5), sessions: Self.twoDays))
            .content(for: sian.attendee, id: id, issuedAt: FixedClock().now)
        #expect(twoDay.eventDate == "Wednesday 16 and Thursday 17 September 2020")
        #expect(twoDay.eventTimes == "Wed 16 Sep 09:30–12:30, Thu 17 Sep 09:30–12:30 BST")
        // CPD records count the activity by its first day.
        #expect(CertificateComposer.isoDay(ofEventDate: twoDay.eventDate) == "2020-09-16")
        let lunch = [
            EventSession(start: Self.at(16, 9, 30), end: Self.at(16, 12, 30)),
            EventSession(start: Self.at(16, 13, 30), end: Self.at(16, 16)),
        ]
        let oneDay = try CertificateComposer(event: Self.event(.fractionOfLiveTime(0.5), sessions: lunch), locales: ["cy"])
            .content(for: sian.attendee, id: id, issuedAt: FixedClock().now)
        #expect(oneDay.eventDate == "Wednesday 16 September 2020")
        #expect(oneDay.eventTimes == "09:30–12:30 and 13:30–16:00 BST")
        let monthEnd = [
            EventSession(start: Self.at(30, 9, 30), end: Self.at(30, 12, 30)),
            EventSession(start: Self.at(1, 9, 30, month: 10), end: Self.at(1, 12, month: 10)),
        ]
        #expect(
            try CertificateComposer(event: Self.event(.fractionOfLiveTime(0.5), sessions: monthEnd))
                .content(for: sian.attendee, id: id, issuedAt: FixedClock().now).eventDate
                == "Wednesday 30 September and Thursday 1 October 2020")
        #expect(CertificateComposer.isoDay(ofEventDate: "Wednesday 30 September and Thursday 1 October 2020") == "2020-09-30")
    }

    @Test func sessionsEitherSideOfAClockChangeEachSayTheirZone() throws {
        // The clocks went back on Sunday 25 October 2020.
        let sessions = [
            EventSession(start: Self.at(24, 9, 30, month: 10), end: Self.at(24, 12, 30, month: 10)),
            EventSession(start: Self.at(26, 9, 30, month: 10), end: Self.at(26, 12, 30, month: 10)),
        ]
        let event = Self.event(.fractionOfLiveTime(0.5), sessions: sessions)
        #expect(event.liveSeconds == 360 * 60)
        let content = try CertificateComposer(event: event).content(
            for: sian.attendee, id: SeededRandomSource().certificateID(), issuedAt: FixedClock().now)
        #expect(content.eventDate == "Saturday 24 and Monday 26 October 2020")
        #expect(content.eventTimes == "Sat 24 Oct 09:30–12:30 BST, Mon 26 Oct 09:30–12:30 GMT")
    }

    @Test func theDefinitionListsTheSessionsAndASingleWindowEventsDoesNot() {
        let definition = EventDefinition(Self.event(.fractionOfEachSession(0.75), sessions: Self.twoDays))
        let fields = Dictionary(uniqueKeysWithValues: definition.fields.map { ($0.name, $0.values) })
        #expect(
            fields["sessions"] == [
                "2020-09-16T09:30:00+01:00/2020-09-16T12:30:00+01:00", "2020-09-17T09:30:00+01:00/2020-09-17T12:30:00+01:00",
            ])
        #expect(fields["attendance.per_session"] == ["true"])
        #expect(
            EventDefinition(Samples.event).fields.map(\.name) == [
                "title", "organiser.name", "organiser.url", "format", "start", "end", "time_zone", "cpd_hours", "learning_outcomes",
                "signatory.name", "signatory.role", "verification.base_url", "template", "attendance.minimum_fraction",
            ])
        let moved = Self.event(
            .fractionOfEachSession(0.75), sessions: [Self.twoDays[0], EventSession(start: Self.at(18, 9, 30), end: Self.at(18, 12, 30))])
        #expect(definition.changes(to: EventDefinition(moved)).contains { $0.hasPrefix("sessions: ") })
        #expect(Samples.event.sessionList == nil)
        #expect(Samples.event.sessions == [EventSession(start: Samples.event.start, end: Samples.event.end)])
    }
}

/// A report that gives only a total with the first join and last leave: only what is provably
/// inside the live time counts (the sample event, 10:00–13:30).
@Suite struct ReportedSpanTests {
    static func at(_ hour: Int, _ minute: Int, _ second: Int = 0) -> Date {
        EventSessionsTests.calendar.date(from: DateComponents(year: 2020, month: 9, day: 16, hour: hour, minute: minute, second: second))!
    }

    func counted(_ minutes: Int, _ from: Date, _ to: Date, precision: Int = 1, live: [DateInterval] = Samples.event.liveWindows) -> Int {
        AttendedTime(span: ReportedSpan(seconds: minutes * 60, firstJoin: from, lastLeave: to, precision: precision), live: live)
            .countedSeconds
    }

    @Test func theTotalLessThePartOfTheSpanOutsideTheLiveTime() {
        // 09:50–11:00, 60 minutes: 10 of the span are before 10:00, so 50 are provable.
        #expect(counted(60, Self.at(9, 50), Self.at(11, 0)) == 50 * 60)
        // 09:00–14:00, 200 minutes: 90 of the span are outside, so 110.
        #expect(counted(200, Self.at(9, 0), Self.at(14, 0)) == 110 * 60)
        // Entirely outside: nothing.
        #expect(counted(30, Self.at(14, 0), Self.at(14, 30)) == 0)
    }

    @Test func neverMoreThanThePartOfTheSpanInside() {
        // 80 minutes reported within a 60-minute span (a platform adding up two devices): 60.
        #expect(counted(80, Self.at(10, 0), Self.at(11, 0)) == 60 * 60)
    }

    @Test func timesToTheMinuteAreTakenAtTheirWidestAndNarrowest() {
        // 10:00–11:00 to the minute: the leave may be 11:00:59, the join 10:00:59; 60 minutes
        // reported fit a 59:01 narrowest span, so 59:01 count.
        #expect(counted(60, Self.at(10, 0), Self.at(11, 0), precision: 60) == 59 * 60 + 1)
        // 13:00–13:30 to the minute: the leave may be 13:30:59, 59 s past the end: 30 min less 59 s.
        #expect(counted(30, Self.at(13, 0), Self.at(13, 30), precision: 60) == 30 * 60 - 59)
    }

    @Test func eachSessionOfATwoSessionDayIsCountedOnItsOwn() {
        let live = [DateInterval(start: Self.at(9, 30), end: Self.at(12, 30)), DateInterval(start: Self.at(13, 30), end: Self.at(16, 0))]
        // 09:30–16:00 with 330 minutes: the lunch hour lies outside, so 270 are provable in all;
        // in the morning alone 330 - (390 - 180) = 120.
        let time = AttendedTime(span: ReportedSpan(seconds: 330 * 60, firstJoin: Self.at(9, 30), lastLeave: Self.at(16, 0)), live: live)
        #expect(time.countedSeconds == 270 * 60)
        #expect(time.windowSeconds == [120 * 60, 90 * 60])
        #expect(time.note?.contains("the total less the 60 minutes of that span outside the live time") == true)
    }
}
