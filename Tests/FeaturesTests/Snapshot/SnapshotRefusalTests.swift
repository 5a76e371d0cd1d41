import ArenaCore
import ArenaTesting
import Testing
@testable import Features

/// Every input that does not fit is refused with a typed error and changes nothing.
@Suite(.cpuBound) struct SnapshotRefusalTests {
    typealias F = SnapshotFixtures
    static let t0 = Timestamp(milliseconds: 1_723_161_000_000)  // 2024-08-08 23:50:00 UTC, a 5m boundary
    static func minute(_ i: Int64) -> Timestamp { t0.advanced(by: .seconds(i * 60)) }

    static func state(indicatorTimeframe: Timeframe = .m5) throws -> SymbolFeatureState {
        try SymbolFeatureState(symbol: F.btc, venue: F.binance, market: .spot, indicators: F.indicators, indicatorTimeframe: indicatorTimeframe)
    }

    @Test func barsOfAnotherSymbolVenueOrTimeframeAreRefused() throws {
        var engine = try FeatureEngine(configuration: F.configuration())
        let sol = Symbol(unchecked: "SOLUSDT")
        #expect(throws: SnapshotError.unknownSymbol(sol)) { try engine.apply(.bar(F.bar(sol, open: Self.t0))) }

        var state = try Self.state()
        #expect(throws: SnapshotError.wrongSymbol(expected: F.btc, got: F.eth)) { try state.add(F.bar(F.eth, open: Self.t0)) }
        let okx = VenueID(unchecked: "okx")
        #expect(throws: SnapshotError.wrongVenue(symbol: F.btc, expected: F.binance, got: okx)) {
            try state.add(F.bar(open: Self.t0, venue: okx))
        }
        #expect(throws: SnapshotError.unexpectedTimeframe(symbol: F.btc, got: .m15, accepted: [.m1, .m5])) {
            try state.add(F.bar(F.btc, .m15, open: Self.t0))
        }
        #expect(state.recentBars.isEmpty && state.warmth.indicatorBars == 0)
    }

    @Test func unclosedMisalignedAndOutOfOrderBarsAreRefused() throws {
        var state = try Self.state()
        #expect(throws: SnapshotError.unclosedBar(symbol: F.btc, timeframe: .m1, openTime: Self.t0)) {
            try state.add(F.bar(open: Self.t0, closed: false))
        }
        let halfMinute = Self.t0.advanced(by: .seconds(30))
        #expect(throws: SnapshotError.misalignedBar(symbol: F.btc, timeframe: .m1, openTime: halfMinute)) {
            try state.add(F.bar(open: halfMinute))
        }
        try state.add(F.bar(open: Self.minute(1)))
        // A duplicate and a step back, on the 1m and on the 5m stream.
        for open in [Self.minute(1), Self.minute(0)] {
            #expect(throws: SnapshotError.outOfOrderBar(symbol: F.btc, timeframe: .m1, openTime: open, previous: Self.minute(1))) {
                try state.add(F.bar(open: open))
            }
        }
        #expect(state.recentBars.map(\.openTime) == [Self.minute(1)])
        try state.add(F.bar(F.btc, .m5, open: Self.minute(5)))
        #expect(throws: SnapshotError.outOfOrderBar(symbol: F.btc, timeframe: .m5, openTime: Self.minute(0), previous: Self.minute(5))) {
            try state.add(F.bar(F.btc, .m5, open: Self.minute(0)))
        }
        #expect(state.warmth.indicatorBars == 1)
        // The streams are separate: a 1m bar older than the newest 5m bar is fine.
        try state.add(F.bar(open: Self.minute(2)))
        #expect(state.recentBars.count == 2)
    }

    @Test func withA1mIndicatorTimeframeOneBarFeedsBothStreams() throws {
        var state = try Self.state(indicatorTimeframe: .m1)
        try state.add(F.bar(open: Self.minute(0)))
        #expect(state.recentBars.count == 1 && state.warmth.indicatorBars == 1)
        #expect(throws: SnapshotError.unexpectedTimeframe(symbol: F.btc, got: .m5, accepted: [.m1])) {
            try state.add(F.bar(F.btc, .m5, open: Self.minute(5)))
        }
        #expect(throws: SnapshotError.outOfOrderBar(symbol: F.btc, timeframe: .m1, openTime: Self.minute(0), previous: Self.minute(0))) {
            try state.add(F.bar(open: Self.minute(0)))
        }
        #expect(state.recentBars.count == 1 && state.warmth.indicatorBars == 1)
    }

    @Test func orderFlowAndQuoteRefusalsAreWrapped() throws {
        var state = try Self.state()
        func trade(_ at: Timestamp, price: FixedDecimal = 61_000) -> Trade {
            Trade(venue: F.binance, symbol: F.btc, market: .spot, tradeID: 1, price: price, quantity: 1, takerSide: .buy, eventTime: at, receiveTime: at)
        }
        #expect(throws: SnapshotError.orderFlow(symbol: F.btc, .invalidValue(field: "price", value: .zero))) {
            try state.add(trade(Self.t0, price: .zero))
        }
        #expect(!state.hasSeenTrade)
        try state.add(trade(Self.minute(1)))
        #expect(throws: SnapshotError.orderFlow(symbol: F.btc, .outOfOrder(eventTime: Self.minute(0), clock: Self.minute(1)))) {
            try state.add(trade(Self.minute(0)))
        }
        let top = BookTop(venue: F.binance, symbol: F.btc, bidPrice: 1, bidQuantity: 1, askPrice: 2, askQuantity: 1, eventTime: Self.minute(1))
        try state.update(top)
        var older = top
        older.eventTime = Self.minute(0)
        #expect(throws: SnapshotError.staleBookTop(symbol: F.btc, time: Self.minute(0), held: Self.minute(1))) { try state.update(older) }
        #expect(state.ticker?.bid == 1)
        let funding = FundingRate(venue: F.binance, symbol: F.btc, rate: 2, eventTime: Self.t0)
        #expect(throws: SnapshotError.orderFlow(symbol: F.btc, .invalidValue(field: "funding rate", value: 2))) { try state.update(funding) }
    }

    @Test func aListWithoutTheRegimeIndicatorsIsAConfigurationError() {
        func make(_ list: String) throws(FeatureConfigurationError) {
            _ = try SymbolFeatureState(symbol: F.btc, venue: F.binance, market: .spot, indicators: list, indicatorTimeframe: .m5)
        }
        #expect(throws: FeatureConfigurationError.missingRegimeIndicators(list: "ema:21,bbands:20:2,atrpct:14:100", missing: ["adx"])) {
            try make("ema:21,bbands:20:2,atrpct:14:100")
        }
        #expect(throws: FeatureConfigurationError.missingRegimeIndicators(list: "ema:21", missing: ["adx", "bbands", "atrpct"])) {
            try make("ema:21")
        }
        #expect(FeatureConfigurationError.missingRegimeIndicators(list: "ema:21", missing: ["adx"]).description.contains("lacks adx"))
        #expect(throws: FeatureConfigurationError.indicators(.unknownIndicator(item: "foo:3", name: "foo"))) { try make("foo:3,adx:14") }
    }

    @Test func badEngineConfigurationsAreRefused() {
        #expect(throws: FeatureConfigurationError.emptyUniverse) { try FeatureEngine(configuration: F.configuration([])) }
        #expect(throws: FeatureConfigurationError.duplicateSymbol(F.btc)) { try FeatureEngine(configuration: F.configuration([F.btc, F.eth, F.btc])) }
        #expect(throws: FeatureConfigurationError.schedule(.doesNotDivideADay(seconds: 7))) {
            try FeatureEngine(configuration: F.configuration(tickIntervalSeconds: 7))
        }
        var config = F.configuration()
        config.regime = RegimeSettings(shortVolumeBars: 20, longVolumeBars: 20)
        #expect(throws: FeatureConfigurationError.invalidRegimeSettings("longVolumeBars (20) must exceed shortVolumeBars (20)")) {
            try FeatureEngine(configuration: config)
        }
    }
}
