import ArenaCore
import ArenaWire
import Features
import MarketData

/// Real market snapshots for model and scorer tests: the bundled three days
/// of Binance spot 1m klines of BTCUSDT and ETHUSDT (2023-04-01 … 04-03),
/// with 5m bars built from them, fed through the real ``Features/FeatureEngine``.
public enum SampleSnapshots {
    public static let btc = Symbol(unchecked: "BTCUSDT")
    public static let eth = Symbol(unchecked: "ETHUSDT")
    /// The default indicator list of the arena (`features.indicators`).
    public static let indicators =
        "ema:9,ema:21,ema:55,sma:20,rsi:14,atr:14,bbands:20:2,macd:12:26:9,adx:14,stoch:14:3:3,obv,vwap:20,rvol:20,atrpct:14:100"

    /// Both symbols' 1m bars and the 5m bars they close, in close-time order (BTC first at equal times).
    public static func klineEvents() throws -> [(time: Timestamp, event: MarketMessage)] {
        BarAggregator.merge([try SampleFeeds.barEvents(SampleFeeds.minuteBars(btc)), try SampleFeeds.barEvents(SampleFeeds.minuteBars(eth))])
    }

    /// The snapshots at every 5m tick once the engine is warm, up to `limit`,
    /// with `indicators` and `barHistory` indicator bars per symbol.
    public static func snapshots(limit: Int, indicators: String = indicators, barHistory: Int = 60) throws -> [MarketSnapshot] {
        var engine = try FeatureEngine(configuration: FeatureEngineConfiguration(
            instruments: [btc, eth].map { .init(symbol: $0, venue: SampleFeeds.binance, market: .spot) }, indicators: indicators,
            indicatorTimeframe: .m5, tickIntervalSeconds: 300, barHistory: barHistory
        ))
        return try engine.snapshots(feeding: try klineEvents(), limit: limit)
    }

    /// Both symbols' 1m bars with `change(openTime)` added to each bar's open, high, low and close
    /// (for look-ahead tests: change what comes after a tick, and nothing before it may change).
    public static func minuteBars(moving change: (Timestamp) -> FixedDecimal) throws -> (btc: [Bar], eth: [Bar]) {
        func moved(_ bars: [Bar]) -> [Bar] {
            bars.map { bar in
                var b = bar
                let delta = change(bar.openTime)
                (b.open, b.high, b.low, b.close) = (b.open + delta, b.high + delta, b.low + delta, b.close + delta)
                return b
            }
        }
        return (moved(try SampleFeeds.minuteBars(btc)), moved(try SampleFeeds.minuteBars(eth)))
    }

    /// The snapshot of the `tickIndex`-th warm tick, built by the feature engine from ``minuteBars(moving:)``.
    public static func snapshot(tickIndex: Int, moving change: (Timestamp) -> FixedDecimal) throws -> MarketSnapshot {
        let (btcBars, ethBars) = try minuteBars(moving: change)
        var engine = try FeatureEngine(configuration: FeatureEngineConfiguration(
            instruments: [btc, eth].map { .init(symbol: $0, venue: SampleFeeds.binance, market: .spot) }, indicators: indicators,
            indicatorTimeframe: .m5, tickIntervalSeconds: 300, barHistory: 60
        ))
        let events = BarAggregator.merge([try SampleFeeds.barEvents(btcBars), try SampleFeeds.barEvents(ethBars)])
        guard let snapshot = try engine.snapshots(feeding: events, limit: tickIndex + 1).last else {
            throw SampleDataError("no snapshot at warm tick \(tickIndex)")
        }
        return snapshot
    }

    /// A flat account of `cash` for `model` at `tick`.
    public static func account(_ model: ModelID, at tick: Timestamp, cash: FixedDecimal = 10_000, positions: [PositionState] = []) -> AccountState {
        AccountState(
            modelID: model, source: .ledger, asOf: tick, sequence: 1, cash: cash, positions: positions, nav: cash, realizedPnL: .zero,
            fees: .zero
        )
    }

    /// The spec of `kind` as the roster makes it: parameters sorted, config hash filled in.
    public static func spec(_ id: String, kind: String, _ parameters: [String: String] = [:]) throws -> ModelSpec {
        try ModelSpec(
            id: try ModelID(id), kind: kind, version: "1",
            parameters: parameters.map { ModelParameter(key: $0.key, value: $0.value) }.sorted { $0.key < $1.key }, configHash: ""
        ).hashed()
    }

    /// The job of `spec` at `snapshot`, flat unless `account` says otherwise.
    public static func job(
        _ spec: ModelSpec, _ snapshot: MarketSnapshot, account: AccountState? = nil, history: [DecisionSummary] = [],
        members: [ModelDecision] = [], deadline: Duration = .seconds(8)
    ) throws -> ScoringJob {
        ScoringJob(
            decisionID: ScoringJob.decisionID(model: spec.id, tick: snapshot.tick), model: spec,
            sealed: try SealedSnapshot(sealing: snapshot), account: account ?? Self.account(spec.id, at: snapshot.tick),
            deadline: snapshot.tick.advanced(by: deadline), history: history, members: members
        )
    }
}

/// The bundled sample data cannot give what a test asked for.
public struct SampleDataError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
