import Synchronization

/// Token buckets per client key: each client may make `burst` requests at once and then
/// `perMinute` a minute. Time comes from `now` (seconds, monotonic) so tests can move it.
final class RateLimiter: Sendable {
    /// What the limiter decided about one request.
    enum Decision: Equatable {
        case allowed
        /// Refused; a token will be there in this many whole seconds (at least 1).
        case refused(retryAfter: Int)
    }

    private struct Bucket {
        var tokens: Double
        var updated: Double

        /// The tokens it holds at `time`, refilled at `rate` a second up to `capacity`.
        func tokens(at time: Double, rate: Double, capacity: Double) -> Double {
            min(capacity, tokens + (time - updated) * rate)
        }
    }

    private struct State {
        var buckets: [String: Bucket] = [:]
        var insertsSinceSweep = 0
    }

    let limit: RateLimit
    private let now: @Sendable () -> Double
    private let maxClients: Int
    private let state = Mutex(State())

    /// A limiter; above `maxClients` tracked keys, the ones whose buckets are full again are forgotten.
    init(limit: RateLimit, maxClients: Int = 100_000, now: @escaping @Sendable () -> Double = RateLimiter.monotonicSeconds) {
        self.limit = limit
        self.now = now
        self.maxClients = maxClients
    }

    /// Takes one token from `key`'s bucket, if there is one.
    func take(_ key: String) -> Decision {
        guard limit.isOn else { return .allowed }
        let rate = Double(limit.perMinute) / 60
        let capacity = Double(limit.burst)
        let time = now()
        return state.withLock { state in
            let tracked = state.buckets.count
            // One hash of the key: the bucket is found (or made full) and updated in place.
            let decision = Self.take(
                from: &state.buckets[key, default: Bucket(tokens: capacity, updated: time)], at: time, rate: rate, capacity: capacity)
            if state.buckets.count > tracked { state.insertsSinceSweep += 1 }
            if state.buckets.count > maxClients, state.insertsSinceSweep > maxClients / 10 {
                // Forget buckets that have refilled: they hold nothing a new bucket would not.
                state.buckets = state.buckets.filter { $0.value.tokens(at: time, rate: rate, capacity: capacity) < capacity }
                state.insertsSinceSweep = 0
            }
            return decision
        }
    }

    private static func take(from bucket: inout Bucket, at time: Double, rate: Double, capacity: Double) -> Decision {
        bucket.tokens = bucket.tokens(at: time, rate: rate, capacity: capacity)
        bucket.updated = time
        guard bucket.tokens >= 1 else {
            return .refused(retryAfter: max(1, Int(((1 - bucket.tokens) / rate).rounded(.up))))
        }
        bucket.tokens -= 1
        return .allowed
    }

    /// Number of clients tracked.
    var trackedClients: Int { state.withLock { $0.buckets.count } }

    /// Seconds on the system's monotonic clock.
    @Sendable static func monotonicSeconds() -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private static let start = ContinuousClock.now
}
