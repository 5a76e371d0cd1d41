import ArenaCore
import ArenaTesting
import Testing
@testable import MarketData

private let t0 = Timestamp(milliseconds: 1_723_161_600_000)  // 2024-08-09 00:00:00 UTC
private func at(_ seconds: Int64) -> Timestamp { t0.advanced(by: .seconds(seconds)) }
private func d(_ s: String) -> FixedDecimal { try! FixedDecimal(parsing: s) }

@Suite(.cpuBound) struct TradeIDTrackerTests {
    @Test func classifiesNextGapAndDuplicate() {
        var t = TradeIDTracker()
        #expect(t.classify(100) == .next)
        t.commit(100)
        #expect(t.classify(101) == .next)
        #expect(t.classify(100) == .duplicate)
        #expect(t.classify(99) == .duplicate)
        #expect(t.classify(105) == .gap(missing: 101...104))
        // Classifying does not move the tracker; committing does, and never backwards.
        #expect(t.lastID == 100)
        t.commit(105)
        t.commit(103)
        #expect(t.lastID == 105)
    }
}

@Suite(.cpuBound) struct StaleFeedMonitorTests {
    @Test func reportsOncePerSilenceAndTheRecovery() {
        var m = StaleFeedMonitor<String>(threshold: .seconds(30))
        m.watch("never", from: at(0))
        #expect(m.record("btc", at: at(0)) == nil)
        #expect(m.check(now: at(30)).isEmpty)  // exactly the threshold is not yet stale
        let stale = m.check(now: at(31))
        #expect(Set(stale) == [
            .stale(key: "btc", lastEvent: at(0), silence: .seconds(31)),
            .stale(key: "never", lastEvent: at(0), silence: .seconds(31)),
        ])
        #expect(m.check(now: at(90)).isEmpty)  // once per silence
        #expect(m.isStale("btc"))
        #expect(m.record("btc", at: at(95)) == .recovered(key: "btc", silence: .seconds(95)))
        #expect(!m.isStale("btc"))
        #expect(m.check(now: at(100)).isEmpty)
    }
}

@Suite(.cpuBound) struct PriceJumpDetectorTests {
    /// Closes alternating ±0.1 % around 100: σ of the returns is about 0.2 %.
    private func steady(_ n: Int) -> [FixedDecimal] { (0..<n).map { $0 % 2 == 0 ? d("100") : d("100.1") } }

    @Test func flagsAMoveFarOutsideTheWindow() throws {
        var p = PriceJumpDetector(sigmas: 8, window: 60, minimumSamples: 30)
        for c in steady(61) { #expect(p.observe(close: c) == nil) }
        let verdict = p.observe(close: d("105"))
        let jump = try #require(verdict)  // ~+4.8 % against σ ≈ 0.1 %
        #expect(jump.previousClose == d("100"))
        #expect(jump.sigmas > 8)
        #expect(p.observe(close: d("105.1")) == nil)
    }

    @Test func judgesNothingBeforeTheMinimumSamples() {
        var p = PriceJumpDetector(sigmas: 3, window: 60, minimumSamples: 30)
        for c in steady(20) { _ = p.observe(close: c) }
        #expect(p.observe(close: d("150")) == nil)
    }

    @Test func anyMoveOutOfAFlatMarketIsAJump() throws {
        var p = PriceJumpDetector(sigmas: 8, window: 40, minimumSamples: 30)
        for _ in 0..<40 { _ = p.observe(close: d("100")) }
        let verdict = p.observe(close: d("100.01"))
        let jump = try #require(verdict)
        #expect(jump.sigmas == .infinity)
    }
}

@Suite(.cpuBound) struct CoverageTrackerTests {
    private let btc = Symbol(unchecked: "BTCUSDT")

    @Test func tracksHolesAndTheirRepair() {
        var c = CoverageTracker(symbol: btc, timeframe: .m1)
        #expect(c.record(openTime: at(0)) == .extended)
        #expect(c.record(openTime: at(60)) == .extended)
        #expect(c.record(openTime: at(360)) == .opened(hole: TimeRange(from: at(120), to: at(360))))
        #expect(c.missingBars == 4)
        #expect(c.record(openTime: at(240)) == .filled)  // the middle of the hole: it splits in two
        #expect(c.entry.missing == [TimeRange(from: at(120), to: at(240)), TimeRange(from: at(300), to: at(360))])
        #expect(c.missingBars == 3)
        #expect(c.record(openTime: at(240)) == .duplicate)
        #expect(c.record(openTime: at(60)) == .duplicate)
        #expect(c.record(openTime: at(120)) == .filled)
        #expect(c.record(openTime: at(180)) == .filled)
        #expect(c.record(openTime: at(300)) == .filled)
        #expect(c.entry == CoverageEntry(symbol: btc, timeframe: .m1, first: at(0), last: at(360), bars: 7, missingBars: 0, missing: []))
    }

    @Test func anEarlierBarExtendsTheStartWithAHoleIfNeeded() {
        var c = CoverageTracker(symbol: btc, timeframe: .m5)
        c.record(openTime: at(3000))
        #expect(c.record(openTime: at(0)) == .extended)
        #expect(c.entry.first == at(0))
        #expect(c.missingBars == 9)
    }

    @Test func keepsTheCountExactWhenHolesAreDropped() {
        var c = CoverageTracker(symbol: btc, timeframe: .m1, maxHoles: 2)
        for i in 0..<5 { c.record(openTime: at(Int64(i) * 120)) }  // four one-bar holes
        #expect(c.entry.missing.count == 2)
        #expect(c.missingBars == 4)
    }
}
