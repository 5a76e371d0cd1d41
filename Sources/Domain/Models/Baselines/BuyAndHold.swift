import ArenaCore

/// The buy-and-hold baseline (spec §5, kind 7): buys `symbol` with
/// `position_size` of NAV at its first tick and holds it for ever. It is
/// always on the leaderboard, so every model can be read against simply
/// owning the market.
///
/// - Entry: flat → BUY `position_size` of NAV (intent OPEN), no stop, no target.
/// - Exit: none. Holding → HOLD.
public struct BuyAndHold: TradingModel {
    public static let schema = ModelSchema(kind: "buy_and_hold", summary: "buys one symbol once and holds it", parameters: [
        ParameterSpec("symbol", .symbol, default: "BTCUSDT", "the symbol to hold"),
        .number("position_size", 1.0, 0.01...1.0, "the fraction of NAV bought"),
    ])

    let symbol: Symbol
    let size: FixedDecimal

    public init(parameters: ModelParameters) throws(ModelConfigError) {
        symbol = parameters.symbol("symbol")
        size = parameters.decimal("position_size")
    }

    public var needs: MarketNeeds { MarketNeeds() }

    public func decide(_ input: ModelInput) async throws -> ModelProposal {
        let entry = try input.entry(symbol)
        if let held = input.position(in: symbol) {
            return .hold("holding \(held.quantity) \(symbol) since entry at \(held.averagePrice)", symbol: symbol, confidence: 1)
        }
        return ModelProposal(
            action: .buy, intent: .open, symbol: symbol, positionSizePct: size, confidence: 1,
            rationale: "buy and hold: buying \(size) of NAV of \(symbol) at \(entry.ticker.last)",
            details: DecisionDetails(inputs: [NamedValue("close", entry.lastPrice)])
        )
    }
}

/// The all-cash baseline (spec §5, kind 7): never trades. Its NAV is the
/// starting capital, the line a model must beat to be worth running.
public struct AllCash: TradingModel {
    public static let schema = ModelSchema(kind: "all_cash", summary: "holds cash, never trades", parameters: [])

    public init(parameters: ModelParameters) throws(ModelConfigError) {}

    public var needs: MarketNeeds { MarketNeeds() }

    public func decide(_ input: ModelInput) async throws -> ModelProposal {
        if let held = input.openPosition {
            // Only an operator could have put it there; the baseline returns to cash.
            return .close(held, confidence: 1, rationale: "all cash: closing \(held.quantity) \(held.symbol)")
        }
        return .hold("all cash", confidence: 1)
    }
}
