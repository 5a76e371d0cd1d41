import ArenaCore

/// Orders that only reduce: a model's REDUCE and CLOSE, a flip's close leg,
/// the continuous rules' forced exits. They pass whatever the trading state.
enum ExitOrders {
    /// A reduce-only market order closing `quantity` of `position`.
    static func order(
        closing position: PositionState, quantity: FixedDecimal, model: ModelID, source: String, leg: String,
        purpose: OrderPurpose, venue: VenueID, now: Timestamp
    ) -> OrderSpec {
        OrderSpec(
            clientOrderID: .derived(from: source, leg: leg), modelID: model, source: source, venue: venue, symbol: position.symbol,
            market: position.market, side: position.quantity.isPositive ? .sell : .buy, type: .market, quantity: quantity,
            reduceOnly: true, leverage: position.leverage, purpose: purpose, createdAt: now
        )
    }

    /// How much a decision closes: all of it for CLOSE (or a fraction ≥ 1),
    /// else `position_size_pct` of it rounded down to the step. Fails with
    /// `invalid_size` or `below_min_quantity`.
    static func quantity(
        of position: PositionState, intent: PositionIntent, fraction: FixedDecimal, step: FixedDecimal
    ) -> Result<FixedDecimal, ExitRefusal> {
        guard let held = try? Exact.abs(position.quantity) else { return .failure(ExitRefusal("arithmetic_overflow", "position size")) }
        if intent != .reduce || fraction >= .one { return .success(held) }
        guard fraction.isPositive else { return .failure(ExitRefusal("invalid_size", "reduce fraction \(fraction) is not in (0, 1]")) }
        guard let part = try? Exact.floor(try Exact.mul(held, fraction, .down), step: step), part.isPositive else {
            return .failure(ExitRefusal("below_min_quantity", "\(fraction) of \(held) rounds to zero"))
        }
        return .success(part)
    }

    /// The source of a forced exit of `position`: the same position always gives the same client order id.
    static func forcedSource(model: ModelID, position: PositionState) -> String {
        "\(model)/forced/\(position.symbol)/\(position.openedAt.milliseconds)"
    }
}

/// Why an exit has no order: a reason code and words.
struct ExitRefusal: Error {
    let code: String
    let message: String
    init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }
}
