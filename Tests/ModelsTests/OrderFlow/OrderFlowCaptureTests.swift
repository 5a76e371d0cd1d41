import ArenaCore
import ArenaTesting
import Features
import Testing
@testable import Models

/// The scorer on snapshots that the real `FeatureEngine` builds from the real
/// Binance spot BTCUSDT trades of `spot_btcusdt_20240808-first12000` (about
/// two minutes from 23:54:14 UTC, 1m ticks): its direction and CVD-based
/// layers equal what the raw trades give, computed here independently.
@Suite(.cpuBound) struct OrderFlowCaptureTests {
    static let btc = Symbol(unchecked: "BTCUSDT")
    /// 2024-08-08 23:50:00 UTC: the primed bars close here, before the capture's first event.
    static let primedUntil = Timestamp(milliseconds: 1_723_161_000_000)

    /// One decision tick: its snapshot and the trades fed up to it.
    struct Frame {
        var snapshot: MarketSnapshot
        var trades: [Trade]
    }

    /// An engine whose order flow has observed the market since 25 h before the capture (as if a
    /// warm-up history had covered that time without a trade, so every window is whole), with
    /// bars from 12 h of the 2023 kline sample moved to end at ``primedUntil`` (for `atr_14` and
    /// the regime only), fed the capture in time order with a snapshot at every 1m tick it crosses
    /// and one after its end.
    static func frames() throws -> [Frame] {
        var engine = try FeatureEngine(configuration: FeatureEngineConfiguration(
            instruments: [.init(symbol: btc, venue: SampleFeeds.binance, market: .spot)], indicators: "adx:14,bbands:20:2,atrpct:14:100,atr:14",
            indicatorTimeframe: .m5, tickIntervalSeconds: 60, orderFlowObservedFrom: primedUntil.advanced(by: .seconds(-25 * 3_600))
        ))
        let minutes = Array(try SampleFeeds.minuteBars(btc).prefix(720))
        let shift = Duration.nanoseconds(primedUntil.nanoseconds - minutes[719].closeTime.nanoseconds)
        for (_, event) in try SampleFeeds.barEvents(minutes.map { bar in
            var b = bar
            b.openTime = bar.openTime.advanced(by: shift)
            return b
        }) { try engine.apply(event) }
        let events = try SampleFeeds.captureEvents("spot_btcusdt_20240808-first12000")
        var tick = try #require(engine.schedule.tick(after: events[0].time))
        var frames: [Frame] = [], trades: [Trade] = []
        for (time, event) in events {
            while time > tick {
                frames.append(Frame(snapshot: try engine.snapshot(at: tick), trades: trades))
                tick = tick.advanced(by: .seconds(60))
            }
            try engine.apply(event)
            if case .trade(let t) = event { trades.append(t) }
        }
        frames.append(Frame(snapshot: try engine.snapshot(at: tick), trades: trades))
        return frames
    }

    /// Taker buy − taker sell quantity of the trades in `[end − window, end)`.
    static func cvd(_ trades: [Trade], window: Duration, end: Timestamp) -> FixedDecimal {
        trades.filter { $0.eventTime < end && $0.eventTime >= end.advanced(by: .zero - window) }
            .reduce(.zero) { $0 + ($1.takerSide == .buy ? $1.quantity : .zero - $1.quantity) }
    }

    @Test func directionAndTheCVDLayersAreWhatTheRawTradesSay() async throws {
        let frames = try Self.frames()
        try #require(frames.count == 3)
        var sides: [FlowSide] = []
        for frame in frames {
            let tick = frame.snapshot.tick
            let flow = try #require(frame.snapshot.entry(for: Self.btc)?.orderFlow)
            // Independently, from the trades fed: CVDs over 30 min and 4 h up to the tick (taken after the
            // tick's second, so ≤ tick), the 30 min CVD's acceleration from samples 5 min apart ending at
            // the tick's minute, and the P99 trades of the last 15 min.
            let after = tick.advanced(by: .seconds(1))
            let cvd30m = Self.cvd(frame.trades, window: .seconds(1_800), end: after)
            let cvd4h = Self.cvd(frame.trades, window: .seconds(14_400), end: after)
            let samples = (0...2).map { k in Self.cvd(frame.trades, window: .seconds(1_800), end: tick.advanced(by: .seconds(-300 * Int64(k)))) }
            let acceleration = try (samples[0] - samples[1] - samples[1] + samples[2]).divided(by: 25)
            let p99 = try #require(flow.p99Notional)
            let recent = frame.trades.filter { $0.eventTime >= tick.advanced(by: .seconds(-899)) && $0.notional >= p99 }
            let largeBuys = recent.filter { $0.takerSide == .buy }.count, largeSells = recent.count - largeBuys

            let side = try #require(FlowSide(sign: cvd30m), "no flow at \(tick)")
            sides.append(side)
            let agreeing4h = side.agrees(with: cvd4h)
            let (aligned, adverse) = side == .long ? (largeBuys, largeSells) : (largeSells, largeBuys)
            let largePoints: Double = aligned > 0 ? 15 : adverse == 0 ? 10 : 0
            let direction = 15 + (agreeing4h ? 15 : 0) + largePoints
            let accelerationPoints: Double = side.agrees(with: acceleration) ? 5 : 0
            let confirmation: Double = agreeing4h ? 15 : 0
            // Spot: no open interest, ratios, funding or liquidations, no Coinbase premium: their missing scores.
            let v51 = OrderFlowScorecard.rounded(direction + accelerationPoints + 10 + 10 + confirmation + 2)
            let v52 = OrderFlowScorecard.rounded(OrderFlowScorecard.rounded(direction * 40 / 45) + 9 + 0 + 8 + confirmation + 0 + 2)

            for (profile, total) in [("v51_baseline", v51), ("v52_8signals", v52)] {
                let decision = try await Flow.decide(frame.snapshot, ["profile": profile])
                let details = try #require(decision.details)
                #expect(details.direction == side.action, "\(profile) at \(tick)")
                #expect(details.layer("direction")?.score == (profile == "v51_baseline" ? direction : OrderFlowScorecard.rounded(direction * 40 / 45)))
                #expect(details.layer("confirmation")?.score == confirmation)
                #expect(details.layer("acceleration")?.score == (profile == "v51_baseline" ? accelerationPoints : nil))
                #expect(details.score == total, "\(profile) at \(tick): \(details.layers.map { "\($0.name) \($0.score)" })")
                #expect(decision.action == (total >= 75 && side == .long ? .buy : .hold), "\(decision.rationale)")
                #expect(details.notes.contains { $0.hasPrefix("open interest change missing") })
            }
        }
        // The capture turns: taker buying leads to 23:55, selling after (v51 opens the long, and holds on spot for the shorts).
        #expect(sides == [.long, .short, .short])
    }
}
