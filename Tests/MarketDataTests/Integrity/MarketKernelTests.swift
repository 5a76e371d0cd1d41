import ArenaCore
import ArenaTesting
import Testing
@testable import MarketData

private let venue = VenueID(unchecked: "binance")
private let btc = Symbol(unchecked: "BTCUSDT")
private let key = InstrumentKey(venue: venue, symbol: btc)
private let t0 = Timestamp(milliseconds: 1_723_161_600_000)
private func at(_ seconds: Int64) -> Timestamp { t0.advanced(by: .seconds(seconds)) }
private func d(_ s: String) -> FixedDecimal { try! FixedDecimal(parsing: s) }

private func findings(_ out: [KernelOutput]) -> [DataFinding] {
    out.compactMap { if case .finding(let f) = $0 { f } else { nil } }
}
private func bars(_ out: [KernelOutput]) -> [Bar] {
    out.compactMap { if case .market(.bar(let b)) = $0 { b } else { nil } }
}
private func trades(_ out: [KernelOutput]) -> [Trade] {
    out.compactMap { if case .market(.trade(let t)) = $0 { t } else { nil } }
}

@Suite(.cpuBound) struct MarketKernelTests {
    private func kernel(_ source: BarSource = .trades, timeframes: [Timeframe] = [.m1, .m5]) throws -> MarketKernel {
        try MarketKernel(
            configuration: KernelConfiguration(timeframes: timeframes, barSource: source, reportInterval: .seconds(60)),
            universe: [key], staleStreams: ["trades"], start: t0
        )
    }

    @Test func dropsDuplicatesReportsGapsAndBuildsBars() throws {
        var k = try kernel()
        var out: [KernelOutput] = []
        for (id, ms) in [(10, 0), (11, 5_000), (11, 5_000), (10, 0), (15, 62_000), (16, 299_000), (17, 301_000)] as [(Int64, Int64)] {
            out += k.process(.trade(sampleTrade(id, ms, "100", "1")))
        }
        #expect(trades(out).map(\.tradeID) == [10, 11, 15, 16, 17])
        #expect(findings(out) == [.tradeGap(venue: venue, symbol: btc, missing: 12...14)])
        #expect(k.counters.duplicates == 2 && k.counters.gapTrades == 3)
        #expect(k.lastTradeID(key) == 17)
        // The first minute is partial (the stream started in it), so 1m bars start at minute 1;
        // minutes 2-3 were quiet, so they are flat; the first 5m bucket is partial too.
        #expect(bars(out).map(\.openTime) == [at(60), at(120), at(180), at(240)])
        #expect(bars(out).map(\.timeframe) == [.m1, .m1, .m1, .m1])
        let closedByClock = bars(k.advance(to: at(600)))
        #expect(closedByClock.map(\.timeframe) == [.m1, .m1, .m1, .m1, .m1, .m5])
        #expect(closedByClock.last?.openTime == at(300))
        // Counted duplicates are reported once per interval.
        #expect(findings(k.checkFeeds(now: at(10))) == [.duplicates(venue: venue, symbol: btc, stream: "trades", count: 2)])
        #expect(findings(k.checkFeeds(now: at(20))).isEmpty)
    }

    @Test func aGapReportedAheadOfItsTradeIsNotReportedAgain() throws {
        var k = try kernel()
        _ = k.process(.trade(sampleTrade(10, 0, "100", "1")))
        let held = sampleTrade(20, 5_000, "100", "1")
        let reported = k.reportGap(before: held)
        let gap = try #require(reported)
        #expect(gap.missing == 11...19 && gap.finding == .tradeGap(venue: venue, symbol: btc, missing: 11...19))
        let none = k.reportGap(before: sampleTrade(11, 1_000, "100", "1"))
        #expect(none == nil, "no id skipped")
        // A repair fills 11...14; the held trade then skips 15...19, which is counted, not reported again.
        for id: Int64 in 11...14 { _ = k.process(.trade(sampleTrade(id, 1_000, "100", "1"))) }
        let out = k.process(.trade(held))
        #expect(trades(out).map(\.tradeID) == [20])
        #expect(findings(out).isEmpty)
        #expect(k.counters.gapTrades == 5)
        // A later gap, not reported ahead, is reported as it is met.
        #expect(findings(k.process(.trade(sampleTrade(23, 6_000, "100", "1")))) == [.tradeGap(venue: venue, symbol: btc, missing: 21...22)])
    }

    /// A new trade for a minute the clock closed (a gap found, and repaired,
    /// only after its first minute closed) is kept and published; the bar
    /// already published is not changed, and is reported short of it.
    @Test func aNewTradeForAClosedMinuteIsKeptAndItsBarReportedShort() throws {
        var k = try kernel(timeframes: [.m1])
        _ = k.process(.trade(sampleTrade(10, 0, "100", "1")))
        _ = k.process(.trade(sampleTrade(11, 61_000, "101", "1")))
        let closed = bars(k.advance(to: at(125)))
        #expect(closed.map(\.openTime) == [at(60)] && closed.first?.volume == d("1"))
        _ = k.checkFeeds(now: at(125))
        let held = sampleTrade(20, 130_000, "103", "1")
        let gap = k.reportGap(before: held)
        #expect(gap?.missing == 12...19)
        var out: [KernelOutput] = []
        for (id, ms) in [(12, 62_000), (13, 119_000), (14, 121_000)] as [(Int64, Int64)] {
            out += k.process(.trade(sampleTrade(id, ms, "102", "1")))
        }
        #expect(trades(out).map(\.tradeID) == [12, 13, 14], "the trades are taken")
        #expect(bars(out).isEmpty, "the published bar is not changed")
        let shortBars = { (out: [KernelOutput]) in findings(out).filter { $0.kind == "bars_short_of_trades" } }
        #expect(shortBars(out).isEmpty, "reported with the counted findings")
        #expect(k.counters.tradesAfterBarClose == 2 && k.counters.outOfOrder == 0)
        #expect(k.lastTradeID(key) == 14)
        // Trade 14 opened minute 2, which is still open; the held trade skips 15...19.
        out = k.process(.trade(held))
        #expect(trades(out).map(\.tradeID) == [20])
        let minute2 = bars(k.advance(to: at(185)))
        #expect(minute2.map(\.openTime) == [at(120)] && minute2.first?.volume == d("2"))
        #expect(shortBars(k.checkFeeds(now: at(185))) == [
            .tradesAfterBarClose(venue: venue, symbol: btc, minutes: TimeRange(from: at(60), to: at(120)), trades: 2),
        ])
        #expect(shortBars(k.checkFeeds(now: at(250))).isEmpty, "reported once")
    }

    @Test func aSilentStreamTurnsStaleAndRecovers() throws {
        var k = try kernel()
        _ = k.process(.trade(sampleTrade(1, 1_000, "100", "1")))
        #expect(findings(k.checkFeeds(now: at(31))).isEmpty)
        #expect(findings(k.checkFeeds(now: at(32))) == [.staleFeed(venue: venue, symbol: btc, stream: "trades", silence: .seconds(31))])
        let back = findings(k.process(.trade(sampleTrade(2, 40_000, "100", "1"))))
        #expect(back == [.feedRecovered(venue: venue, symbol: btc, stream: "trades", silence: .seconds(39))])
    }

    @Test func klinesSourceReportsMissingBarsAndIgnoresFormingOnes() throws {
        var k = try kernel(.klines)
        func kline(_ minute: Int64, closed: Bool = true) -> MarketEvent {
            .kline(Bar(
                venue: venue, symbol: btc, timeframe: .m1, openTime: at(minute * 60), open: d("1"), high: d("2"), low: d("1"),
                close: d("2"), volume: d("3"), isClosed: closed
            ))
        }
        var out = k.process(kline(0)) + k.process(kline(1, closed: false)) + k.process(kline(1)) + k.process(kline(1))
        out += k.process(kline(4))
        #expect(bars(out).filter { $0.timeframe == .m1 }.map(\.openTime) == [at(0), at(60), at(240)])
        #expect(findings(out) == [.missingBars(venue: venue, symbol: btc, timeframe: .m1, hole: TimeRange(from: at(120), to: at(240)))])
        #expect(k.counters.duplicates == 1 && k.counters.passedOver == 1)
        #expect(k.coverage.first { $0.timeframe == .m1 }?.missingBars == 2)
    }

    @Test func flagsAPriceJumpOnMinuteBars() throws {
        var k = try MarketKernel(
            configuration: KernelConfiguration(timeframes: [.m1], jumpSigmas: 6, jumpWindow: 40, jumpMinimumSamples: 30),
            universe: [key]
        )
        var out: [KernelOutput] = []
        for m in 0..<45 { out += k.process(.trade(sampleTrade(Int64(m), Int64(m) * 60_000, m % 2 == 0 ? "100" : "100.1", "1"))) }
        out += k.process(.trade(sampleTrade(45, 45 * 60_000, "110", "1")))
        out += k.advance(to: at(46 * 60))
        let jumps = findings(out).filter { if case .priceJump = $0 { true } else { false } }
        #expect(jumps.count == 1)
    }

    @Test func dropsOutOfOrderBookTopsAndUnknownInstruments() throws {
        var k = try kernel()
        func top(_ id: Int64) -> MarketEvent {
            .bookTop(BookTop(venue: venue, symbol: btc, bidPrice: d("1"), bidQuantity: d("1"), askPrice: d("2"), askQuantity: d("1"), updateID: id, eventTime: at(id)))
        }
        let out = k.process(top(5)) + k.process(top(3)) + k.process(top(6))
        #expect(out.count == 2)
        #expect(k.counters.outOfOrder == 1)
        #expect(k.process(.trade(sampleTrade(1, 0, "1", "1", symbol: Symbol(unchecked: "DOGEUSDT")))).isEmpty)
        #expect(k.counters.unknownInstrument == 1)
    }

    @Test func positioningPassesOncePerPeriodAndIsNeverWatchedForStaleness() throws {
        var k = try kernel()
        func point(_ seconds: Int64, _ ratio: String) -> MarketEvent {
            .market(.positioning(Positioning(venue: venue, symbol: btc, longShortRatio: d(ratio), eventTime: at(seconds))))
        }
        // A repeat of a period is a duplicate, another value for a past period is late; both are dropped and counted.
        let out = k.process(point(0, "1.5")) + k.process(point(0, "1.5")) + k.process(point(0, "1.6")) + k.process(point(300, "1.7"))
        #expect(out.compactMap { if case .market(.positioning(let p)) = $0 { p.eventTime } else { nil } } == [at(0), at(300)])
        #expect(k.counters.positioning == 2 && k.counters.duplicates == 1 && k.counters.outOfOrder == 1)
        #expect(findings(k.checkFeeds(now: at(3_600))).allSatisfy { if case .staleFeed(_, _, "positioning", _) = $0 { false } else { true } })
    }

    @Test func findingsBecomeAlertsWithStableIDs() {
        let f = DataFinding.tradeGap(venue: venue, symbol: btc, missing: 12...14)
        let a = f.alert(source: ServiceName(unchecked: "gateway"), time: at(1))
        #expect(a.kind == "data_gap" && a.severity == .warning && a.symbol == btc)
        #expect(a.id == "data_gap-binance-BTCUSDT-12-14")
        #expect(a.fields == ["missing": "3", "venue": "binance"])
        #expect(f.alert(source: ServiceName(unchecked: "gateway"), time: at(2)).id == a.id)
    }
}

/// The kernel on a real capture: the sample's snapshot line and diffs give a
/// book in sync from start to end, trades flow, and nothing is refused.
@Suite(.requires(SharedData.requirement), .cpuBound)
struct MarketKernelCaptureTests {
    @Test func theSampleCaptureSyncsTheBookAndBuildsBars() throws {
        let url = SamplesTests.samples.appendingPathComponent("spot_btcusdt_20240808-first12000.gz")
        let decoder = BinanceStreamDecoder(venue: venue, market: .spot)
        var k = try MarketKernel(configuration: KernelConfiguration(timeframes: [.m1, .m5]), universe: [key])
        var out: [KernelOutput] = []
        for line in try CaptureLines.hftbacktest(at: url) {
            for e in try decoder.decode(line.json, receivedAt: line.receivedAt, snapshotSymbol: btc) { out += k.process(e) }
        }
        let depth = out.compactMap { if case .market(.depth(let d)) = $0 { d } else { nil } }
        #expect(!depth.isEmpty)
        #expect(depth.allSatisfy { $0.bids.count == 20 && $0.asks.count == 20 && $0.bids[0].price < $0.asks[0].price })
        // The capture opens with 7 diffs before its snapshot line: the first one asks for a snapshot, once.
        #expect(out.filter { if case .needsSnapshot = $0 { true } else { false } }.count == 1)
        #expect(k.counters.bookResyncs == 0 && k.counters.duplicates == 0 && k.counters.gapTrades == 0)
        #expect(k.counters.trades == 2_278)
        // About two minutes of data: the first minute is partial and dropped; the next one closes.
        let minute = try #require(bars(out).first)
        #expect(bars(out).count == 1 && minute.timeframe == .m1)
        let inMinute = trades(out).filter { Timeframe.m1.openTime(containing: $0.eventTime) == minute.openTime }
        #expect(minute.volume == inMinute.reduce(FixedDecimal.zero) { $0 + $1.quantity })
        #expect(minute.tradeCount == Int64(inMinute.count))
        #expect(minute.open == inMinute.first?.price && minute.close == inMinute.last?.price)
    }
}
