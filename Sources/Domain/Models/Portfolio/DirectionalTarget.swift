import ArenaCore

/// A direction a blending model wants on one symbol (from votes or weights),
/// turned into a proposal for the model's own account: the members' or
/// strategies' intents are about their own positions, not this model's.
///
/// | wants | flat | long held | short held |
/// |---|---|---|---|
/// | long | OPEN long | HOLD | FLIP (perpetual) |
/// | short | OPEN short (perpetual), HOLD (spot) | CLOSE (spot), FLIP (perpetual) | HOLD |
/// | flat | HOLD | CLOSE | CLOSE |
///
/// A position in another symbol is closed first (one open symbol at a time).
public struct DirectionalTarget: Sendable {
    public enum Side: Sendable { case long, short, flat }

    public var side: Side
    public var symbol: Symbol
    public var size: FixedDecimal
    public var confidence: Double
    public var takeProfit: FixedDecimal?
    public var stopLoss: FixedDecimal?
    public var leverage: FixedDecimal?

    public init(
        side: Side, symbol: Symbol, size: FixedDecimal, confidence: Double, takeProfit: FixedDecimal? = nil, stopLoss: FixedDecimal? = nil,
        leverage: FixedDecimal? = nil
    ) {
        self.side = side
        self.symbol = symbol
        self.size = size
        self.confidence = confidence
        self.takeProfit = takeProfit
        self.stopLoss = stopLoss
        self.leverage = leverage
    }

    /// The proposal for `input`'s account, with `rationale` and `details`.
    public func proposal(_ input: ModelInput, rationale: String, details: DecisionDetails) throws -> ModelProposal {
        if let other = input.openPosition, other.symbol != symbol, side != .flat {
            return .close(other, confidence: confidence, rationale: "closing \(other.symbol) first; " + rationale, details: details)
        }
        let entry = try input.entry(symbol)
        let perpetual = entry.market == .perpetual
        let held = input.position(in: symbol)
        let long = held.map { !$0.quantity.isNegative }
        switch (side, long) {
        case (.flat, nil), (.long, true?), (.short, false?):
            return .hold(rationale, symbol: symbol, confidence: confidence, details: details)
        case (.flat, _?):
            return .close(held!, confidence: confidence, rationale: rationale, details: details)
        case (.short, nil) where !perpetual:
            return .hold("spot is long-only; " + rationale, symbol: symbol, confidence: confidence, details: details)
        case (.short, true?) where !perpetual:
            return .close(held!, confidence: confidence, rationale: rationale, details: details)
        case (.long, nil), (.short, nil):
            return order(side == .long ? .buy : .sell, .open, perpetual: perpetual, rationale: rationale, details: details)
        case (.long, false?), (.short, true?):
            return order(side == .long ? .buy : .sell, .flip, perpetual: perpetual, rationale: rationale, details: details)
        }
    }

    private func order(_ action: TradeAction, _ intent: PositionIntent, perpetual: Bool, rationale: String, details: DecisionDetails) -> ModelProposal {
        ModelProposal(
            action: action, intent: intent, symbol: symbol, positionSizePct: size, takeProfit: takeProfit, stopLoss: stopLoss,
            leverage: perpetual ? leverage : nil, confidence: confidence, rationale: rationale, details: details
        )
    }
}
