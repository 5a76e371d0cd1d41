import ArenaCore

/// `ema_cross`: the backtest peers' reference strategy (issue #19), a long-only EMA cross on one
/// symbol, defined exactly as backtrader, NautilusTrader, backtesting.py and vectorbt ran it:
///
/// - EMA(`fast`) and EMA(`slow`) of the indicator timeframe's close, each seeded by the SMA of
///   its first n closes; the feature engine's `emacross:F:S` reads the cross at a bar's close.
/// - **Entry**: flat and a cross up (`fast > slow` after `fast ≤ slow`) → BUY `position_size`
///   of NAV (1: all the cash), no stop, no target.
/// - **Exit**: long and a cross down → SELL the whole position.
/// - Otherwise HOLD. A signal fills on data after its tick (the paper venue: the next bar's open).
///
/// With the risk guard's limits off and the paper venue sized at the fill price (a study's
/// configuration), every order is the peers' order.
public struct EMACrossStrategy: TradingModel {
    public static let schema = ModelSchema(kind: "ema_cross", summary: "long-only cross of two EMAs (the backtest peers' strategy)", parameters: [
        ParameterSpec("symbol", .symbol, default: "BTCUSDT", "the symbol traded"),
        .int("fast", 9, 2...500, "fast EMA period"),
        .int("slow", 21, 3...1000, "slow EMA period"),
        .number("position_size", 1.0, 0.01...1.0, "the fraction of NAV bought at a cross up"),
    ])

    let symbol: Symbol
    let fast: Int, slow: Int
    let size: FixedDecimal

    public init(parameters p: ModelParameters) throws(ModelConfigError) {
        try p.ordered("fast", "slow")
        symbol = p.symbol("symbol")
        (fast, slow) = (p.int("fast"), p.int("slow"))
        size = p.decimal("position_size")
    }

    var crossColumn: String { "emacross_\(fast)_\(slow)" }

    public var needs: MarketNeeds { MarketNeeds(indicators: ["emacross:\(fast):\(slow)", "ema:\(fast)", "ema:\(slow)"]) }

    public func decide(_ input: ModelInput) async throws -> ModelProposal {
        let entry = try input.entry(symbol)
        let cross = try entry.require(crossColumn), f = try entry.require("ema_\(fast)"), s = try entry.require("ema_\(slow)")
        let details = DecisionDetails(inputs: [
            NamedValue(crossColumn, cross), NamedValue("ema_\(fast)", f), NamedValue("ema_\(slow)", s), NamedValue("close", entry.lastPrice),
        ])
        let emas = "EMA\(fast) \(fmt(f)), EMA\(slow) \(fmt(s))"
        if let held = input.position(in: symbol) {
            guard cross < 0 else { return .hold("\(symbol): holding long, no cross down: \(emas)", symbol: symbol, confidence: 1, details: details) }
            return .close(held, confidence: 1, rationale: "\(symbol): EMA\(fast) crossed below EMA\(slow): \(emas)", details: details)
        }
        guard cross > 0 else { return .hold("\(symbol): flat, no cross up: \(emas)", symbol: symbol, confidence: 1, details: details) }
        return ModelProposal(
            action: .buy, intent: .open, symbol: symbol, positionSizePct: size, confidence: 1,
            rationale: "\(symbol): EMA\(fast) crossed above EMA\(slow): \(emas)", details: details
        )
    }
}
