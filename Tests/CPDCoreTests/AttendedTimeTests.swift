import CPDCore
import CPDTestSupport
import Foundation
import Testing

@Suite struct AttendedTimeTests {
    let event = Samples.event  // 10:00 to 13:30 Europe/London (09:00 to 12:30 UTC), rule 75% = 9450 s

    /// A session from `from` to `to`, each "HH:mm:ss" local to the event on its day.
    func session(_ from: String, _ to: String) -> AttendanceInterval {
        AttendanceInterval(start: time(from), end: time(to))
    }

    func time(_ text: String) -> Date {
        let parts = text.split(separator: ":").map { Int($0)! }
        return event.start.addingTimeInterval(TimeInterval((parts[0] - 10) * 3600 + parts[1] * 60 + (parts.count > 2 ? parts[2] : 0)))
    }

    func counted(_ sessions: [AttendanceInterval]) -> Int {
        AttendedTime(sessions: sessions, live: event.liveWindows).countedSeconds
    }

    @Test(arguments: [
        // Overlapping devices count once.
        ([("10:00", "11:40"), ("10:30", "12:30")], 150 * 60),
        // Touching sessions: nothing lost, nothing doubled.
        ([("10:00", "11:45"), ("11:45", "13:15")], 195 * 60),
        // Out of order, one inside another.
        ([("12:00", "12:10"), ("10:00", "13:00"), ("11:00", "11:30")], 180 * 60),
        // Clipped at both ends.
        ([("09:40", "13:50")], 210 * 60),
        // Wholly before the start, wholly after the end.
        ([("09:00", "09:59:59"), ("13:30", "14:00")], 0),
        // A gap: 09:55-10:40 and 13:00-13:35 count 40 + 30 minutes.
        ([("09:55", "10:40"), ("13:00", "13:35")], 70 * 60),
        // No sessions: registered, never joined.
        ([], 0),
    ])
    func sessionsCountAsTheirUnionInsideTheLiveTime(sessions: [(String, String)], seconds: Int) {
        #expect(counted(sessions.map { session($0.0, $0.1) }) == seconds)
    }

    @Test func breakdownSaysWhatWasNotCounted() {
        let time = AttendedTime(
            sessions: [session("09:50", "11:00"), session("10:30", "11:30"), session("13:00", "13:40")], live: event.liveWindows)
        #expect(time.countedSeconds == (90 + 30) * 60)
        #expect(time.connectedSeconds == (100 + 40) * 60)
        #expect(time.summedSeconds == (70 + 60 + 40) * 60)
        #expect(time.overlapSeconds == 30 * 60)
        #expect(time.outsideLiveSeconds == 20 * 60)
        #expect(time.sessionCount == 3)
    }

    @Test func aLeaveBeforeItsJoinIsEmptyNotNegative() {
        #expect(counted([session("12:00", "11:00"), session("10:00", "10:01")]) == 60)
    }

    @Test func severalLiveWindowsLeaveTheBreakOut() {
        // A morning and an afternoon with a lunch break: the break is not live time.
        let windows = [DateInterval(start: time("10:00"), end: time("11:30")), DateInterval(start: time("12:00"), end: time("13:30"))]
        let time = AttendedTime(sessions: [session("09:00", "14:00")], live: windows)
        #expect(time.countedSeconds == 180 * 60)
    }

    @Test func eligibilityUsesTheUnionWithAnInclusiveThreshold() {
        let person = Samples.attendee("Aoife Ní Bhriain", index: 4)
        let exact = AttendanceEvidence(
            attendee: person, sessions: [session("09:30", "11:00"), session("10:30", "12:37:30")], lines: [3, 4])
        let below = AttendanceEvidence(
            attendee: person, sessions: [session("09:30", "11:00"), session("10:30", "12:37:29")], lines: [3, 4])
        #expect(Eligibility(evidence: exact, event: event).attendedSeconds == 9450)
        #expect(Eligibility(evidence: exact, event: event).isEligible)
        #expect(Eligibility(evidence: below, event: event).attendedSeconds == 9449)
        #expect(!Eligibility(evidence: below, event: event).isEligible)
    }

    @Test func aReportedTotalIsCappedAtTheLiveTime() {
        let person = Samples.attendee("Siân Llywelyn", index: 1)
        let time = Samples.evidence(person, minutes: 500).attendedTime(in: event)
        #expect(time.countedSeconds == 210 * 60)
        #expect(time.sessionCount == 0)
    }
}

/// Dates no report gives, but that a caller could build: counting them must not stop the process
/// (`Int(_:)` of a Double out of range does), and an identity never holds a control character.
extension AttendedTimeTests {
    @Test(arguments: [1e308, -1e308, Double.infinity, -Double.infinity, Double.nan, 1e17])
    func sessionsAtAbsurdDatesAreCountedWithoutTrapping(seconds: Double) {
        let far = Date(timeIntervalSince1970: seconds)
        let time = AttendedTime(
            sessions: [AttendanceInterval(start: event.start, end: far), session("10:00", "11:00")], live: event.liveWindows)
        #expect(time.countedSeconds >= 3600 && time.countedSeconds <= event.liveSeconds)
        #expect(time.summedSeconds >= time.connectedSeconds)
    }

    @Test func anIdentityCannotHoldAControlCharacter() {
        #expect(AttendeeIdentity(email: "ann\u{0}@example.org") == nil)
        #expect(AttendeeIdentity(email: "ann@example.org\u{0}") == nil)
        #expect(AttendeeIdentity(email: "ann\u{1B}[2J@example.org") == nil)
        #expect(AttendeeIdentity(email: "Zoë@Exämple.org")?.email == "zoë@exämple.org")
    }
}
