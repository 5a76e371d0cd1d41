import ArenaCore
import Foundation
import MarketData
@testable import Features

/// Real inputs for the snapshot tests, from the committed `data/samples/`.
enum SnapshotFixtures {
    /// `<repo>/data/samples` (this file is `<repo>/Tests/FeaturesTests/Snapshot/…`).
    static let samples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data/samples")

    static let binance = VenueID(unchecked: "binance")
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
    static func minuteBars(_ symbol: Symbol) throws -> [Bar] {
        let file = symbol == btc ? "BTC_USDT-1m-20230401-20230403.json" : "ETH_USDT-1m-20230401-20230403.json"
        return try KlineFile.bars(atPath: samples.appendingPathComponent(file).path, venue: binance, symbol: symbol, timeframe: .m1)
    }

    /// `minutes` with their 5m bars (built by `BarAggregator`), as events ordered by close time:
    /// each 1m bar, then the 5m bar it closes, if any.
    static func barEvents(_ minutes: [Bar]) throws -> [(time: Timestamp, event: MarketMessage)] {
        guard let first = minutes.first else { return [] }
        var aggregator = try BarAggregator(venue: first.venue, symbol: first.symbol, timeframe: .m5)
        var out: [(time: Timestamp, event: MarketMessage)] = []
        for minute in minutes {
            out.append((minute.closeTime, .bar(minute)))
            for bar in try aggregator.add(minute) { out.append((bar.closeTime, .bar(bar))) }
        }
        return out
    }

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

    /// The trades and best bid/asks of a sample capture (`spot_btcusdt_20240808-first12000`), decoded by
    /// `CaptureSource` and `BinanceStreamDecoder`, in time order (stable), as a replay merger delivers them.
    /// Spot book tickers carry no venue time, so theirs is the recorder's receive time.
    static func captureEvents(_ name: String) throws -> [(time: Timestamp, event: MarketMessage)] {
        let decoder = BinanceStreamDecoder(venue: binance, market: .spot)
        let trade = Array("@trade\"".utf8), ticker = Array("@bookTicker\"".utf8)
        var source = CaptureSource(lines: try ByteLines(path: samples.appendingPathComponent("\(name).gz").path)) { frame, at in
            let head = frame.prefix(64)
            guard head.firstRange(of: trade) != nil || head.firstRange(of: ticker) != nil else { return [] }
            return try decoder.decode(Data(buffer: frame), receivedAt: at)
        }
        var out: [(time: Timestamp, event: MarketMessage)] = []
        while let event = try source.next() {
            switch event {
            case .market(.trade(let t)): out.append((t.eventTime, .trade(t)))
            case .market(.bookTop(let b)): out.append((b.eventTime, .bookTop(b)))
            default: break
            }
        }
        return out.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }

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
