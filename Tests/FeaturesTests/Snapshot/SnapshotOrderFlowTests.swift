import ArenaCore
import ArenaTesting
import Testing
@testable import Features

/// Order flow and the ticker in snapshots, from the real Binance spot BTCUSDT
/// trades and book tickers of the `spot_btcusdt_20240808-first12000` sample
/// (about two minutes from 23:54:14 UTC), with 1m ticks.
@Suite(.cpuBound) struct SnapshotOrderFlowTests {
    typealias F = SnapshotFixtures

    /// One decision tick: the BTC entry, what a separately fed `OrderFlowBook` says, and what was fed up to it.
    struct Frame {
        var tick: Timestamp
        var entry: SymbolSnapshot
        var reference: OrderFlowFeatures
        var trades: [Trade]
        var top: BookTop?
    }

    /// 2024-08-08 23:50:00 UTC: the primed bars close here, before the capture's first event.
    static let primedUntil = Timestamp(milliseconds: 1_723_161_000_000)

    /// An engine over BTC made warm with 12 hours of the 2023 kline sample moved in time to end at
    /// ``primedUntil`` (by a whole number of 5-minute steps, so 5m bars stay aligned). Only the
    /// order flow and ticker are under test here; the bars just let a snapshot be taken.
    static func primedEngine(orderFlowObservedFrom: Timestamp?) throws -> FeatureEngine {
        let minutes = Array(try F.minuteBars(F.btc).prefix(720))
        let shift = Duration.nanoseconds(primedUntil.nanoseconds - minutes[719].closeTime.nanoseconds)
        let moved = minutes.map { bar in
            var b = bar
            b.openTime = bar.openTime.advanced(by: shift)
            return b
        }
        var engine = try FeatureEngine(configuration: F.configuration([F.btc], tickIntervalSeconds: 60, orderFlowObservedFrom: orderFlowObservedFrom))
        try F.apply(F.barEvents(moved), through: primedUntil, to: &engine)
        #expect(engine.isWarm)
        return engine
    }

    /// Feeds the capture in time order, taking a snapshot at every 1m tick it crosses and one after its end.
    static func frames(orderFlowObservedFrom: Timestamp?) throws -> [Frame] {
        var engine = try primedEngine(orderFlowObservedFrom: orderFlowObservedFrom)
        var reference = OrderFlowBook(symbol: F.btc, observingFrom: orderFlowObservedFrom)
        let events = try F.captureEvents("spot_btcusdt_20240808-first12000")
        var tick = try #require(engine.schedule.tick(after: events[0].time))
        var frames: [Frame] = [], trades: [Trade] = [], top: BookTop?
        func take() throws {
            let snapshot = try engine.snapshot(at: tick)
            let entry = try #require(snapshot.entry(for: F.btc))
            frames.append(Frame(tick: tick, entry: entry, reference: try reference.features(at: tick), trades: trades, top: top))
            tick = tick.advanced(by: .seconds(60))
        }
        for (time, event) in events {
            while time > tick { try take() }
            try engine.apply(event)
            switch event {
            case .trade(let t):
                try reference.add(t)
                trades.append(t)
            case .bookTop(let b): top = b
            default: break
            }
        }
        try take()
        return frames
    }

    @Test func fromAColdStartTheFirstFrameHasNoSlopeAndEveryFrameMapsTheBook() throws {
        let frames = try Self.frames(orderFlowObservedFrom: nil)
        #expect(frames.count == 3)
        #expect(frames.last!.trades.count == 2_278)
        let first = try #require(frames.first)
        #expect(!first.trades.isEmpty)
        let flow = try #require(first.entry.orderFlow)
        // Observed for less than a minute: nothing is warm, and above all no slope or acceleration.
        #expect(flow.cvd30mSlope == nil && flow.cvd30mAcceleration == nil)
        #expect(flow.warmGroups.isEmpty && flow.cvd30m == nil && flow.vwap30m == nil && flow.p99Notional == nil)
        for frame in frames {
            #expect(frame.entry.orderFlow == OrderFlowSnapshot(frame.reference), "\(frame.tick)")
            #expect(frame.entry.orderFlow?.cvd30mSlope == nil && frame.entry.orderFlow?.cvd30mAcceleration == nil)
        }
    }

    @Test func withAGivenHistoryStartTheWarmGroupsCarryTheTradesSums() throws {
        // As if a warm-up history request had covered 23:20 → 23:54 without a trade: that quiet time
        // counts as observed, so the 30-minute windows are whole and the 5-minute slope is genuine
        // (C(m − 5) is a complete, empty window); the acceleration, which needs C(m − 10), is not.
        let origin = Self.primedUntil.advanced(by: .seconds(-1_800))
        let frames = try Self.frames(orderFlowObservedFrom: origin)
        try #require(frames.count == 3)
        for frame in frames {
            let flow = try #require(frame.entry.orderFlow)
            #expect(flow == OrderFlowSnapshot(frame.reference), "\(frame.tick)")
            #expect(flow.warmGroups == ["flow30m", "slope", "whales", "liquidations"])
            // Independent sums over the trades fed (all within 30 minutes of the tick).
            var cvd = FixedDecimal.zero, quantity = FixedDecimal.zero, notional = FixedDecimal.zero
            var whaleBuy = FixedDecimal.zero, whaleSell = FixedDecimal.zero
            for t in frame.trades {
                cvd += t.takerSide == .buy ? t.quantity : .zero - t.quantity
                quantity += t.quantity
                notional += t.notional
                if t.notional >= 100_000 { if t.takerSide == .buy { whaleBuy += t.notional } else { whaleSell += t.notional } }
            }
            #expect(flow.cvd30m == cvd && flow.cvd30m == frame.reference.cvd30m)
            #expect(flow.vwap30m == (try notional.divided(by: quantity)))
            #expect(flow.whaleBuyNotional == whaleBuy && flow.whaleSellNotional == whaleSell)
            #expect(flow.liquidatedLongs5m == .zero && flow.liquidatedShorts5m == .zero && flow.liquidationImbalance == nil)
            // S(m) = (C(m) − C(m − 5)) / 5 for the minute m before the tick, with C(m − 5) = 0 (no trade before 23:54).
            let before = frame.trades.filter { $0.eventTime < frame.tick }
            let sampled = before.reduce(FixedDecimal.zero) { $0 + ($1.takerSide == .buy ? $1.quantity : .zero - $1.quantity) }
            #expect(flow.cvd30mSlope == (try sampled.divided(by: 5)))
            #expect(flow.cvd30mAcceleration == nil)
            #expect(flow.cvd4h == nil && flow.p95Notional == nil && flow.fundingRate == nil && flow.bookImbalance == nil)
        }
        #expect(frames[0].entry.orderFlow?.cvd30m != frames.last?.entry.orderFlow?.cvd30m)
    }

    @Test func theTickerHasTheLatestBookTopAndTrade() throws {
        let frames = try Self.frames(orderFlowObservedFrom: nil)
        #expect(frames.count == 3)
        for frame in frames {
            let trade = try #require(frame.trades.last), top = try #require(frame.top)
            let ticker = frame.entry.ticker
            #expect(ticker.bid == top.bidPrice && ticker.ask == top.askPrice)
            #expect(ticker.last == trade.price)
            #expect(ticker.time == max(trade.eventTime, top.eventTime) && ticker.time <= frame.tick)
            #expect(try #require(ticker.spreadBasisPoints) >= 0)
        }
    }
}
