import Foundation

/// Failed sign-ins per client address in a sliding window, in memory: an address that fails
/// too often is refused for a while, whichever accounts it tries (a restart forgets it; the
/// per-account lockout is in the store and survives).
final class LoginThrottle: @unchecked Sendable {
    // @unchecked: `failures` is only touched while holding `lock`.
    private let lock = NSLock()
    private var failures: [String: [Date]] = [:]
    let limit: Int
    let window: TimeInterval

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// When `address` may try again, if it is refused now.
    func refusedUntil(_ address: String, now: Date) -> Date? {
        lock.withLock {
            let recent = (failures[address] ?? []).filter { now.timeIntervalSince($0) < window }
            failures[address] = recent
            guard recent.count >= limit, let oldest = recent.first else { return nil }
            return oldest.addingTimeInterval(window)
        }
    }

    func recordFailure(_ address: String, now: Date) {
        lock.withLock { failures[address, default: []].append(now) }
    }
}
