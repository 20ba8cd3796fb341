import Foundation

extension Event {
    /// Seconds the rule requires: of the live time as a whole, or, for a per-session rule, each
    /// session's share added up (every one of them must be met as well; see `shortfall`).
    public var requiredSeconds: Int {
        guard case .fractionOfEachSession = attendanceRule else { return attendanceRule.requiredSeconds(liveSeconds: liveSeconds) }
        return sessions.reduce(0) { $0 + attendanceRule.requiredSeconds(liveSeconds: $1.seconds) }
    }

    /// The rule in words: "at least 75% of the 210-minute live session (158 minutes)"; for a
    /// per-session rule, each session with its length and share:
    /// "at least 75% of each session (Wed 16 Sep 09:30–12:30: 135 of 180 minutes; ...)".
    public var ruleSummary: String {
        guard case .fractionOfEachSession = attendanceRule else { return attendanceRule.summary(liveSeconds: liveSeconds) }
        let labels = sessionLabels
        let parts = sessions.enumerated().map { index, session in
            let required = Duration.minutesText(seconds: attendanceRule.requiredSeconds(liveSeconds: session.seconds))
            return "\(labels[index]): \(required) of \(session.seconds / 60) minutes"
        }
        return "\(attendanceRule.summary(liveSeconds: liveSeconds)) (\(parts.joined(separator: "; ")))"
    }

    /// The first session `attended` (seconds counted in each session, in order) falls short
    /// of under a per-session rule, in words; nil when there is none or the rule is not per session.
    public func shortfall(attended: [Int]) -> String? {
        guard case .fractionOfEachSession = attendanceRule else { return nil }
        if attended.isEmpty, sessions.count > 1 {
            return
                "the report gives a total, not when it was attended, so no session can be shown to meet the rule; give join and leave times (join_time and leave_time in cpdcert's CSV)"
        }
        let labels = sessionLabels
        for (index, session) in sessions.enumerated() {
            let required = attendanceRule.requiredSeconds(liveSeconds: session.seconds)
            let counted = index < attended.count ? attended[index] : 0
            if counted < required {
                return
                    "session \(index + 1) (\(labels[index])) was attended for \(Duration.minutesText(seconds: counted)) of its \(session.seconds / 60) minutes, below the \(Duration.minutesText(seconds: required)) it requires"
            }
        }
        return nil
    }

    /// Each session as "Wed 16 Sep 09:30–12:30" in the event's time zone.
    public var sessionLabels: [String] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: timeZoneIdentifier) ?? .gmt
        return sessions.map { session in
            formatter.dateFormat = "EEE d MMM HH:mm"
            let start = formatter.string(from: session.start)
            formatter.dateFormat = "HH:mm"
            return "\(start)–\(formatter.string(from: session.end))"
        }
    }
}
