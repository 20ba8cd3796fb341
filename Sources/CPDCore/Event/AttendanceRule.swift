/// How much of the live time an attendee must attend to earn a certificate (inclusive).
public enum AttendanceRule: Hashable, Sendable, Codable {
    /// At least this many minutes.
    case minimumMinutes(Int)
    /// At least this fraction (0 < f ≤ 1) of the live time.
    case fractionOfLiveTime(Double)
    /// At least this fraction (0 < f ≤ 1) of each session (`per_session: true`): a person who
    /// misses a day of a two-day course is not eligible, however long the other day was.
    case fractionOfEachSession(Double)

    /// Seconds needed for an event whose live time is `liveSeconds`.
    public func requiredSeconds(liveSeconds: Int) -> Int {
        switch self {
        case .minimumMinutes(let minutes):
            return minutes * 60
        case .fractionOfLiveTime(let fraction), .fractionOfEachSession(let fraction):
            // Round up so that "75%" never accepts a second less than 75%.
            return Int((Double(liveSeconds) * fraction - 1e-9).rounded(.up))
        }
    }

    /// The rule in words, e.g. "at least 75% of the 210-minute live session (158 minutes)".
    public func summary(liveSeconds: Int) -> String {
        switch self {
        case .minimumMinutes(let minutes):
            return "at least \(minutes) minutes"
        case .fractionOfLiveTime(let fraction):
            let shown = Self.percent(fraction)
            let required = Duration.minutesText(seconds: requiredSeconds(liveSeconds: liveSeconds))
            return "at least \(shown)% of the \(liveSeconds / 60)-minute live session (\(required) minutes)"
        case .fractionOfEachSession(let fraction):
            return "at least \(Self.percent(fraction))% of each session"
        }
    }

    /// `75` for 0.75, `62.5` for 0.625.
    static func percent(_ fraction: Double) -> String {
        let percent = fraction * 100
        return percent == percent.rounded() ? String(Int(percent)) : String(percent)
    }
}

extension Duration {
    /// Seconds shown as minutes with at most one decimal, rounded down so nobody is
    /// shown as having met a threshold they missed by a second.
    public static func minutesText(seconds: Int) -> String {
        let tenths = seconds * 10 / 60
        return tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(tenths % 10)"
    }
}
