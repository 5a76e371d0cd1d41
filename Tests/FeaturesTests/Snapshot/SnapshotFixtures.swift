import ArenaCore
import ArenaTesting
import Foundation
import MarketData
@testable import Features

/// Real inputs for the snapshot tests, from the committed `data/samples/`.
enum SnapshotFixtures {
    static let binance = SampleFeeds.binance
    static let btc = Symbol(unchecked: "BTCUSDT")
    static let eth = Symbol(unchecked: "ETHUSDT")
    /// The indicator list of the tests: every kind the regime needs, and a few a prompt shows.
    static let indicators = "ema:21,rsi:14,macd:12:26:9,adx:14,bbands:20:2,atrpct:14:100"

    /// A configuration over `symbols` on Binance spot; ETH is listed first so sorting is visible.
    static func configuration(
        _ symbols: [Symbol] = [eth, btc], indicators: String = indicators, tickIntervalSeconds: Int64 = 300,
        orderFlowObservedFrom: Timestamp? = nil
    ) -> FeatureEngineConfiguration {
        FeatureEngineConfiguration(
            instruments: symbols.map { .init(symbol: $0, venue: binance, market: .spot) }, indicators: indicators,
            indicatorTimeframe: .m5, tickIntervalSeconds: tickIntervalSeconds, orderFlowObservedFrom: orderFlowObservedFrom
        )
    }

    /// The 4,320 1m klines of 2023-04-01 … 04-03 of `symbol`, via the project's kline parser.
    static func minuteBars(_ symbol: Symbol) throws -> [Bar] { try SampleFeeds.minuteBars(symbol) }

    /// `minutes` with their 5m bars, as events ordered by close time (``SampleFeeds/barEvents(_:)``).
    static func barEvents(_ minutes: [Bar]) throws -> [(time: Timestamp, event: MarketMessage)] { try SampleFeeds.barEvents(minutes) }

    /// Both symbols' bar events merged by close time (stable: BTC before ETH at equal times).
    static func klineFeed(btcMinutes: [Bar], ethMinutes: [Bar]) throws -> [(time: Timestamp, event: MarketMessage)] {
        let merged = try barEvents(btcMinutes) + barEvents(ethMinutes)
        return merged.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }

    /// Applies the events of `feed` from `index` on with time ≤ `time`; returns the next index.
    @discardableResult
    static func apply(
        _ feed: [(time: Timestamp, event: MarketMessage)], from index: Int = 0, through time: Timestamp, to engine: inout FeatureEngine
    ) throws -> Int {
        var i = index
        while i < feed.count, feed[i].time <= time {
            try engine.apply(feed[i].event)
            i += 1
        }
        return i
    }

    /// The 5m bars of `minutes` (what the engine's indicators were fed).
    static func fiveMinuteBars(_ minutes: [Bar]) throws -> [Bar] {
        try barEvents(minutes).compactMap { if case .bar(let b) = $0.event, b.timeframe == .m5 { b } else { nil } }
    }

    /// The trades and best bid/asks of a sample capture, in time order (``SampleFeeds/captureEvents(_:)``).
    static func captureEvents(_ name: String) throws -> [(time: Timestamp, event: MarketMessage)] { try SampleFeeds.captureEvents(name) }

    /// A closed bar with the given prices (open = close) and volume.
    static func bar(
        _ symbol: Symbol = btc, _ timeframe: Timeframe = .m1, open openTime: Timestamp, close: String = "100", volume: String = "1",
        venue: VenueID = binance, closed: Bool = true
    ) -> Bar {
        let c = FixedDecimal(close)!, v = FixedDecimal(volume)!
        return Bar(
            venue: venue, symbol: symbol, timeframe: timeframe, openTime: openTime, open: c, high: c, low: c, close: c,
            volume: v, isClosed: closed
        )
    }
}
