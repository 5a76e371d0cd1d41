import ArenaCore
import Features
import Foundation
import MarketData
import Models

/// Snapshots of real markets made by the real feature engine, for the rule
/// strategy tests: every decision tick (5 min, indicators on 5m bars) once
/// the engine is warm, with the indicators, bars and funding history the
/// seven strategies ask for with their default parameters.
struct RealMarket: Sendable {
    /// `<repo>/data/samples` (this file is `<repo>/Tests/ModelsTests/Strategies/Support/…`).
    static let samples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("data/samples")

    static let binance = VenueID(unchecked: "binance")
    static let btc = Symbol(unchecked: "BTCUSDT")
    static let eth = Symbol(unchecked: "ETHUSDT")

    /// Binance spot BTCUSDT and ETHUSDT, 2023-04-01 … 04-03 (4,320 1m klines each).
    static var spot: RealMarket { get throws { try builtSpot.get() } }

    /// The Binance USDⓈ-M ETHUSDT perpetual, 2025-05-27 12:00 … 05-31 00:10: real perpetual 1m klines
    /// and the real 8h funding settlements of the same days (from 2025-03, so the history is full).
    static var perpetual: RealMarket { get throws { try builtPerpetual.get() } }

    // Built once for every test; a failure is each test's error, not a crash.
    private static let builtSpot = Result {
        try RealMarket(minutes: [btc: spotMinutes(btc), eth: spotMinutes(eth)], market: .spot, funding: [])
    }
    private static let builtPerpetual = Result {
        try RealMarket(minutes: [eth: perpetualMinutes()], market: .perpetual, funding: fundingEvents(eth))
    }

    /// The raw 1m bars of each symbol, as parsed from the sample.
    let minutes: [Symbol: [Bar]]
    /// Every snapshot from the first warm tick on, oldest first.
    let snapshots: [MarketSnapshot]

    /// The snapshot at `tick` (which must be a warm decision tick of the data).
    func snapshot(at tick: Timestamp) -> MarketSnapshot? { snapshots.first { $0.tick == tick } }

    /// The union of the needs of every rule strategy with its defaults.
    static func defaultNeeds() throws -> MarketNeeds {
        var needs = MarketNeeds()
        for kind in RuleStrategies.all { needs = needs.union(try kind.init(parameters: try kind.schema.parameters([])).needs) }
        return needs
    }

    init(minutes: [Symbol: [Bar]], market: MarketKind, funding: [FundingRate]) throws {
        let needs = try Self.defaultNeeds()
        // The regime's indicators, which the engine requires, after the strategies' own.
        let indicators = needs.union(MarketNeeds(indicators: ["adx:14", "bbands:20:2", "atrpct:14:100"])).indicators
        var engine = try FeatureEngine(configuration: FeatureEngineConfiguration(
            instruments: minutes.keys.sorted().map { .init(symbol: $0, venue: Self.binance, market: market) },
            indicators: indicators.joined(separator: ","), indicatorTimeframe: .m5, tickIntervalSeconds: 300,
            barHistory: needs.bars, fundingHistory: market == .perpetual ? needs.fundingHistory : 0
        ))
        var events: [(time: Timestamp, message: MarketMessage)] = funding.map { ($0.eventTime, .funding($0)) }
        for symbol in minutes.keys.sorted() {
            guard let first = minutes[symbol]?.first else { continue }
            var aggregator = try BarAggregator(venue: first.venue, symbol: symbol, timeframe: .m5)
            for minute in minutes[symbol] ?? [] {
                events.append((minute.closeTime, .bar(minute)))
                for bar in try aggregator.add(minute) { events.append((bar.closeTime, .bar(bar))) }
            }
        }
        // In time order, stable (funding, then each symbol's bars in the order made).
        events = events.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        let start = minutes.values.compactMap { $0.first?.openTime }.min() ?? Timestamp(nanoseconds: 0)
        let end = minutes.values.compactMap { $0.last?.closeTime }.max() ?? start
        var snapshots: [MarketSnapshot] = []
        var next = 0
        var tick = Timestamp(nanoseconds: start.nanoseconds - start.nanoseconds % 300_000_000_000 + 300_000_000_000)
        while tick <= end {
            while next < events.count, events[next].time <= tick {
                try engine.apply(events[next].message)
                next += 1
            }
            if engine.isWarm { snapshots.append(try engine.snapshot(at: tick)) }
            tick = tick.advanced(by: .seconds(300))
        }
        self.minutes = minutes
        self.snapshots = snapshots
    }

    static func spotMinutes(_ symbol: Symbol) throws -> [Bar] {
        let file = symbol == btc ? "BTC_USDT-1m-20230401-20230403.json" : "ETH_USDT-1m-20230401-20230403.json"
        return try KlineFile.bars(atPath: samples.appendingPathComponent(file).path, venue: binance, symbol: symbol, timeframe: .m1)
    }

    static func perpetualMinutes() throws -> [Bar] {
        let path = samples.appendingPathComponent("ETH_USDT_USDT-1m-futures-20250527-20250531.csv").path
        return try KlineFile.bars(atPath: path, venue: binance, symbol: eth, timeframe: .m1)
    }

    /// Every settlement of the sample funding file of `symbol`, read by the replay's `FundingCSVSource`.
    static func fundingEvents(_ symbol: Symbol) throws -> [FundingRate] {
        let path = samples.appendingPathComponent("\(symbol == btc ? "BTC" : "ETH")_USDT_USDT-8h-funding_rate.csv").path
        var source = try FundingCSVSource(lines: ByteLines(path: path), venue: binance, symbol: symbol)
        var out: [FundingRate] = []
        while let event = try source.next() {
            if case .market(.funding(let f)) = event { out.append(f) }
        }
        return out
    }
}
