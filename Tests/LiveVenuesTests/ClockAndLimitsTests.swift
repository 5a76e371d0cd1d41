import LiveVenues
import Testing

@Suite struct ClockAndLimitsTests {
    /// The offset is the server's time minus the midpoint of the round trip; it is measured again after the interval.
    @Test func serverClockUsesTheMidpointAndResyncsPeriodically() {
        var clock = ServerClock(resyncInterval: .seconds(60))
        #expect(clock.needsMeasurement(now: 1_000))
        clock.record(serverTime: 10_000, sentAt: 4_000, receivedAt: 4_200)
        #expect(clock.offsetMilliseconds == 5_900)
        #expect(clock.lastRoundTripMilliseconds == 200)
        #expect(clock.timestamp(now: 5_000) == 10_900)
        #expect(!clock.needsMeasurement(now: 4_200 + 59_999))
        #expect(clock.needsMeasurement(now: 4_200 + 60_000))
        clock.invalidate()
        #expect(clock.needsMeasurement(now: 4_300))
        let off = ServerClock(correctionEnabled: false)
        #expect(!off.needsMeasurement(now: 0) && off.timestamp(now: 1_234) == 1_234)
    }

    /// Weights and order counts from any header spelling; a block lasts Retry-After (a minute without one).
    @Test func rateLimitHeadersAndTheBlock() {
        var limits = BinanceRateLimits()
        limits.observe(headers: [
            ("x-mbx-used-weight-1m", "42"), ("X-MBX-USED-WEIGHT-1S", "3"), ("X-MBX-ORDER-COUNT-10S", "2"),
            ("X-MBX-ORDER-COUNT-1D", "17"), ("Content-Type", "application/json"), ("X-MBX-USED-WEIGHT-1M", "not a number"),
        ])
        #expect(limits.usedWeight == ["1M": 42, "1S": 3])
        #expect(limits.orderCount == ["10S": 2, "1D": 17])
        let t0 = ContinuousClock.now
        #expect(limits.remainingBlock(now: t0) == nil)
        limits.block(retryAfter: .seconds(2), now: t0)
        #expect(limits.remainingBlock(now: t0.advanced(by: .seconds(1))) == .seconds(1))
        // A shorter later block never shortens the first.
        limits.block(retryAfter: .milliseconds(100), now: t0.advanced(by: .seconds(1)))
        #expect(limits.remainingBlock(now: t0.advanced(by: .milliseconds(1_500))) == .milliseconds(500))
        #expect(limits.remainingBlock(now: t0.advanced(by: .seconds(2))) == nil)
        limits.block(retryAfter: nil, now: t0)
        #expect(limits.remainingBlock(now: t0.advanced(by: .seconds(59))) == .seconds(1))
    }
}
