import ArenaCore
import ArenaTesting
import Testing
@testable import Features

/// The feature engine on three days of real Binance 1m klines of BTCUSDT and
/// ETHUSDT (with 5m bars built from them by `BarAggregator`): warm-up is
/// reported piece by piece, and the snapshot carries exactly what was fed.
@Suite(.cpuBound) struct FeatureEngineRealDataTests {
    typealias F = SnapshotFixtures

    /// The `NotWarm` of a snapshot request that must fail.
    static func notWarm(_ engine: inout FeatureEngine, at tick: Timestamp, sourceLocation: SourceLocation = #_sourceLocation) -> NotWarm? {
        do {
            _ = try engine.snapshot(at: tick)
            Issue.record("snapshot at \(tick) did not throw", sourceLocation: sourceLocation)
        } catch {
            if case .notWarm(let n) = error { return n }
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    @Test func coldPiecesAreNamedUntilBarsIndicatorsAndRegimeAreReady() throws {
        let btc = try F.minuteBars(F.btc), eth = try F.minuteBars(F.eth)
        let feed = try F.klineFeed(btcMinutes: btc, ethMinutes: eth)
        var engine = try FeatureEngine(configuration: F.configuration())
        let t0 = btc[0].openTime
        func at(minutes: Int64) -> Timestamp { t0.advanced(by: .seconds(minutes * 60)) }

        // 15 minutes in: both symbols short of bars, every indicator warming, no regime.
        var next = try F.apply(feed, through: at(minutes: 15), to: &engine)
        var n = try #require(Self.notWarm(&engine, at: at(minutes: 15)))
        #expect(n.symbols == [F.btc, F.eth])
        let early = try #require(n.cold.first)
        #expect(early.bars1m == 15 && early.indicatorBars == 3 && !early.hasRegime)
        #expect(early.warmingColumns.contains("rsi_14") && early.warmingColumns.contains("atrpct_14_100"))
        #expect(n.description.contains("BTCUSDT: 15/60 1m bars, "))
        #expect(n.description.contains("ETHUSDT: 15/60 1m bars, "))
        #expect(n.description.contains("no regime yet"))

        // Four hours in: 60 bars held, MACD and ADX warm, but the ATR percentile (14 + 100 5m bars) is still warming.
        next = try F.apply(feed, from: next, through: at(minutes: 240), to: &engine)
        n = try #require(Self.notWarm(&engine, at: at(minutes: 240)))
        #expect(n.symbols == [F.btc, F.eth])
        #expect(n.cold.allSatisfy { $0.bars1m == 60 && $0.warmingColumns == ["atrpct_14_100"] && !$0.hasRegime })
        #expect(!n.description.contains("1m bars,") && n.description.contains("atrpct_14_100 warming"))

        // Tick by tick until warm: every refused tick names a cold piece; the first accepted one is warm everywhere.
        var tick = at(minutes: 240)
        while true {
            tick = tick.advanced(by: .seconds(300))
            next = try F.apply(feed, from: next, through: tick, to: &engine)
            guard engine.isWarm else {
                let cold = try #require(Self.notWarm(&engine, at: tick))
                #expect(!cold.cold.isEmpty && cold.cold.allSatisfy { !$0.isWarm })
                continue
            }
            break
        }
        let snapshot = try engine.snapshot(at: tick)
        #expect(snapshot.symbols.map(\.symbol) == [F.btc, F.eth])
        // 14 + 100 5m bars for the ATR percentile: not before 570 minutes.
        #expect(tick >= at(minutes: 570))
        #expect(engine.warmth.allSatisfy { $0.isWarm && $0.description == "\($0.symbol): warm" })
    }

    @Test func aWarmSymbolIsNotListedWhenAnotherIsCold() throws {
        let btc = try F.minuteBars(F.btc), eth = try F.minuteBars(F.eth)
        var engine = try FeatureEngine(configuration: F.configuration())
        let end = btc[719].closeTime  // 12 hours: BTC warm
        try F.apply(F.klineFeed(btcMinutes: Array(btc[..<720]), ethMinutes: Array(eth[..<30])), through: end, to: &engine)
        let n = try #require(Self.notWarm(&engine, at: end))
        #expect(n.symbols == [F.eth])
        #expect(n.description.hasPrefix("not warm: ETHUSDT: 30/60 1m bars"))
    }

    @Test func theSnapshotCarriesTheLast60BarsTheIndicatorsAndTheRegimeAsFed() throws {
        let btc = try F.minuteBars(F.btc), eth = try F.minuteBars(F.eth)
        let feed = try F.klineFeed(btcMinutes: btc, ethMinutes: eth)
        var engine = try FeatureEngine(configuration: F.configuration())
        let tick = try #require(btc.last).closeTime
        try F.apply(feed, through: tick, to: &engine)
        let snapshot = try engine.snapshot(at: tick)

        #expect(snapshot.tick == tick && snapshot.tickIntervalSeconds == 300 && snapshot.seriesOrder == .oldestToNewest)
        #expect(snapshot.symbols.map(\.symbol) == [F.btc, F.eth])
        for (entry, minutes) in zip(snapshot.symbols, [btc, eth]) {
            #expect(entry.venue == F.binance && entry.market == .spot && entry.indicatorTimeframe == .m5)
            // Exactly the last 60 input bars, oldest → newest.
            #expect(entry.bars1m == minutes.suffix(60).map(SnapshotBar.init))
            #expect(zip(entry.bars1m, entry.bars1m.dropFirst()).allSatisfy { $0.openTime < $1.openTime })

            // Indicators: a separately fed set gives the same columns and values.
            var reference = try IndicatorSet(parsing: F.indicators)
            var classifier = RegimeClassifier()
            var regime: RegimeReading?
            func column(_ name: String) -> Double? { reference.value(at: reference.columns.firstIndex(of: name)!) }
            for bar in try F.fiveMinuteBars(minutes) {
                reference.update(bar)
                var width: Double?
                if let upper = column("bbands_20_2_upper"), let middle = column("bbands_20_2_middle"), let lower = column("bbands_20_2_lower") {
                    width = (upper - lower) / middle
                }
                regime = classifier.update(bar, adx: column("adx_14"), bollingerWidth: width, atrPercentile: column("atrpct_14_100"))
            }
            #expect(entry.indicators.map(\.name) == reference.columns)
            #expect(entry.indicators.map(\.value) == reference.columns.indices.map { reference.value(at: $0) })
            #expect(entry.indicators.allSatisfy { $0.value != nil })
            #expect(entry.regime == regime)
            #expect(entry.regime.history.count == 5)

            // No trade or book feed: the last close is the price, no bid/ask, no order flow.
            let last = try #require(minutes.last)
            #expect(entry.ticker == Ticker(bid: nil, ask: nil, last: last.close, time: last.closeTime))
            #expect(entry.orderFlow == nil)
        }
    }

    @Test func aTickOffTheScheduleIsRefused() throws {
        let btc = try F.minuteBars(F.btc)
        var engine = try FeatureEngine(configuration: F.configuration([F.btc]))
        let end = btc[719].closeTime
        try F.apply(F.klineFeed(btcMinutes: Array(btc[..<720]), ethMinutes: []), through: end, to: &engine)
        #expect(throws: SnapshotError.misalignedTick(end.advanced(by: .seconds(-60)), intervalSeconds: 300)) {
            try engine.snapshot(at: end.advanced(by: .seconds(-60)))
        }
        #expect(try engine.snapshot(at: end).symbols.count == 1)
    }
}
