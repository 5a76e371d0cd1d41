import ArenaCore
import Testing
@testable import Models

/// Readings, snapshots and jobs for the order-flow scorer's tests.
enum Flow {
    static let btc = Symbol(unchecked: "BTCUSDT")
    static let eth = Symbol(unchecked: "ETHUSDT")
    /// 2024-08-09 00:00 UTC.
    static let tick = Timestamp(milliseconds: 1_723_161_600_000)
    /// The seed's logged BTC entry: LONG @ 65,781.85 with ATR(5m, 14) 170.18.
    static let price = d("65781.85")
    static let atr = 170.18

    static func d(_ text: String) -> FixedDecimal { FixedDecimal(text)! }

    /// Order flow that reads `side` on every input: CVDs and acceleration with it, a P99 trade with it
    /// and none against, OI +3.1 %, contrarian crowd (LSR 0.45 / 2.2), top traders with it,
    /// contrarian funding (FR ∓0.0002 of a historical max 0.0004) and liquidations 3:1 against the other side.
    static func strong(_ side: FlowSide) -> OrderFlowSnapshot {
        let s = side == .long ? FixedDecimal.one : FixedDecimal(-1)
        var f = OrderFlowSnapshot(warmGroups: ["flow30m", "flow4h", "flow24h", "slope", "acceleration", "thresholds", "whales", "liquidations"])
        f.cvd30m = s * d("12.5")
        f.cvd4h = s * d("40.25")
        f.cvd30mAcceleration = s * d("0.3")
        f.p99Notional = 50_000
        let (with, against): (FixedDecimal, FixedDecimal) = (150_000, .zero)
        f.largeBuyCount = side == .long ? 2 : 0
        f.largeBuyNotional = side == .long ? with : against
        f.largeSellCount = side == .short ? 2 : 0
        f.largeSellNotional = side == .short ? with : against
        f.openInterestChange5m = d("0.031")
        f.longShortRatio = side == .long ? d("0.45") : d("2.2")
        f.topTraderLongShare = side == .long ? d("0.6") : d("0.4")
        f.fundingRate = -s * d("0.0002")
        let (flushed, spared): (FixedDecimal, FixedDecimal) = (1_200_000, 400_000)
        f.liquidatedShorts5m = side == .long ? flushed : spared
        f.liquidatedLongs5m = side == .long ? spared : flushed
        return f
    }

    /// ``strong(_:)`` weakened to a standard v52 score (78.5 on a perpetual): the top-trader share, open
    /// interest and liquidations missing, funding with the crowd.
    static func standard(_ side: FlowSide) -> OrderFlowSnapshot {
        var f = strong(side)
        f.topTraderLongShare = nil
        f.openInterestChange5m = nil
        f.liquidatedLongs5m = nil
        f.liquidatedShorts5m = nil
        f.fundingRate = f.fundingRate.map { .zero - $0 }
        return f
    }

    /// Settled funding rates whose largest magnitude is 0.0004.
    static let fundingHistory = ["0.0001", "-0.0004", "0.0002"]

    /// The snapshot entry of `symbol` on `market` with `flow`, the last price and `atr_14`.
    static func entry(
        _ flow: OrderFlowSnapshot?, market: MarketKind = .perpetual, symbol: Symbol = btc, price: FixedDecimal = price, atr: Double? = atr
    ) -> SymbolSnapshot {
        let bar = SnapshotBar(openTime: tick.advanced(by: .seconds(-300)), open: price, high: price, low: price, close: price, volume: 1)
        return SymbolSnapshot(
            symbol: symbol, venue: VenueID(unchecked: market == .spot ? "binance" : "binance-usdm"), market: market, bars1m: [],
            ticker: Ticker(bid: nil, ask: nil, last: price, time: tick), indicatorTimeframe: .m5,
            indicators: [IndicatorValue(name: "atr_14", value: atr)], orderFlow: flow,
            regime: RegimeReading(
                regime: .range, inputs: RegimeInputs(adx: nil, bollingerWidth: nil, atrPercentile: nil, efficiency: nil, volumeTrend: nil, breakout: 0),
                history: []
            ),
            bars: [bar],
            fundingHistory: market == .perpetual
                ? fundingHistory.enumerated().map { FundingPoint(time: tick.advanced(by: .seconds(-28_800 * Int64(3 - $0.offset))), rate: d($0.element)) }
                : []
        )
    }

    /// A snapshot at ``tick`` of `entries` (sorted by symbol).
    static func snapshot(_ entries: [SymbolSnapshot]) -> MarketSnapshot {
        MarketSnapshot(tick: tick, tickIntervalSeconds: 60, symbols: entries.sorted { $0.symbol < $1.symbol })
    }

    /// The `orderflow` spec with `parameters`.
    static func spec(_ parameters: [String: String] = [:]) throws -> ModelSpec {
        try Jobs.spec("flow", kind: "orderflow", parameters)
    }

    /// The model of `parameters`.
    static func model(_ parameters: [String: String] = [:]) throws -> OrderFlowModel {
        try OrderFlowModel(parameters: OrderFlowModel.schema.parameters(try spec(parameters).parameters))
    }

    /// A position of `quantity` (negative: short) in `symbol` bought at ``price``.
    static func position(_ quantity: String, _ symbol: Symbol = btc) -> PositionState {
        PositionState(symbol: symbol, quantity: d(quantity), averagePrice: price, unrealizedPnL: .zero)
    }

    /// A summary of an earlier decision of the model with `intent` in `symbol`, `minutesAgo` before ``tick``.
    static func earlier(_ intent: PositionIntent, _ symbol: Symbol = btc, minutesAgo: Int64) -> DecisionSummary {
        DecisionSummary(
            tick: tick.advanced(by: .seconds(-60 * minutesAgo)), outcome: .decided, action: intent == .none ? .hold : .buy, intent: intent,
            symbol: symbol, positionSizePct: intent == .none ? .zero : d("0.2"), confidence: 0.9, score: 90, direction: .buy
        )
    }

    /// The decision of the model of `parameters` on a snapshot of `entries`, holding `positions`, with `history`.
    static func decide(
        _ entries: [SymbolSnapshot], _ parameters: [String: String] = [:], positions: [PositionState] = [], history: [DecisionSummary] = []
    ) async throws -> ModelDecision {
        try await decide(snapshot(entries), parameters, positions: positions, history: history)
    }

    /// The decision of the model of `parameters` on `snapshot`, holding `positions`, with `history`, through the catalogue.
    static func decide(
        _ snapshot: MarketSnapshot, _ parameters: [String: String] = [:], positions: [PositionState] = [], history: [DecisionSummary] = []
    ) async throws -> ModelDecision {
        let spec = try spec(parameters)
        let job = try Jobs.job(spec, snapshot, account: Jobs.account(spec.id, at: snapshot.tick, positions: positions), history: history)
        return try await Jobs.decide(job, catalog: ModelCatalog(OrderFlowModels.all))
    }
}
