import Synchronization
import Testing

@testable import CPDServer

@Suite struct RateLimiterTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        let seconds = Mutex(1000.0)
        func advance(_ by: Double) { seconds.withLock { $0 += by } }
        var now: @Sendable () -> Double { { self.seconds.withLock { $0 } } }
    }

    @Test func aBurstThenOneTokenPerIntervalWithAnExactRetryAfter() {
        let clock = ManualClock()
        let limiter = RateLimiter(limit: RateLimit(perMinute: 6, burst: 3), now: clock.now)
        #expect((0..<3).map { _ in limiter.take("a") } == [.allowed, .allowed, .allowed])
        #expect(limiter.take("a") == .refused(retryAfter: 10))
        clock.advance(4)
        #expect(limiter.take("a") == .refused(retryAfter: 6))
        clock.advance(6)
        #expect(limiter.take("a") == .allowed)
        #expect(limiter.take("a") == .refused(retryAfter: 10))
        // Others have their own buckets.
        #expect(limiter.take("b") == .allowed)
        // A long quiet spell refills only up to the burst.
        clock.advance(3600)
        #expect((0..<4).map { _ in limiter.take("a") } == [.allowed, .allowed, .allowed, .refused(retryAfter: 10)])
    }

    @Test func offMeansNoLimit() {
        let limiter = RateLimiter(limit: .off)
        #expect((0..<1000).allSatisfy { _ in limiter.take("a") == .allowed })
    }

    @Test func idleClientsAreForgottenWhenManyAreTracked() {
        let clock = ManualClock()
        let limiter = RateLimiter(limit: RateLimit(perMinute: 60, burst: 2), maxClients: 100, now: clock.now)
        for index in 0..<150 { _ = limiter.take("client-\(index)") }
        #expect(limiter.trackedClients > 100)
        clock.advance(10)
        for index in 150..<170 { _ = limiter.take("client-\(index)") }
        #expect(limiter.trackedClients <= 100)
    }

    @Test(arguments: [
        ("203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8::1", "2001:db8:0:0::/64"),
        ("::1", "0:0:0:0::/64"),
        ("fe80::1%eth0", "fe80:0:0:0::/64"),
        // IPv4 clients of a dual-stack listener: their own IPv4 address, not one shared /64
        // (before, after 60 lookups from anyone, every IPv4 client got 429).
        ("::ffff:192.0.2.1", "192.0.2.1"),
        ("::FFFF:198.51.100.7", "198.51.100.7"),
        ("0:0:0:0:0:ffff:203.0.113.9", "203.0.113.9"),
        ("::ffff:c000:201", "192.0.2.1"),
        ("::ffff:0:192.0.2.1", "0:0:0:0::/64"),
        ("not an address", "not an address"),
    ])
    func ipv6ClientsAreLimitedByTheirSlash64(address: String, key: String) {
        #expect(ClientAddress.prefix(address) == key)
    }
}
