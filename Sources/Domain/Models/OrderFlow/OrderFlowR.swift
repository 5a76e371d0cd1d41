import ArenaCore

/// How an order-flow trade ended (seed 003 §4.4).
public enum OrderFlowExit: Sendable, Hashable {
    /// The stop before TP1: −1R.
    case stopLoss
    /// TP1 (half), then TP2 (the rest): 0.5 × tp1_R + 0.5 × tp2_R.
    case takeProfit2
    /// TP1 (half), then the stop moved to the entry: 0.5 × tp1_R.
    case breakEven
    /// At market (time stop, flip) at `price`; after TP1 only the second half
    /// is at that price: 0.5 × tp1_R + 0.5 × exit_R, else exit_R.
    case market(price: FixedDecimal, afterTakeProfit1: Bool)
}

/// A closed trade's result in R: gross, the fees, and net of them.
public struct OrderFlowTradeR: Sendable, Hashable {
    public var gross: FixedDecimal
    /// `2 × taker fee × entry / risk distance`: one fee on entry and one on exit, in R.
    public var fees: FixedDecimal
    public var net: FixedDecimal { gross - fees }
}

/// R accounting of seed 003 §4.4, for the reporter: 1R is the risk distance
/// |entry − SL| of the bracket, targets count as `|TPk − entry| / risk`,
/// and fees are taker fees on both sides (5 bp each unless given). Results
/// are exact decimals (12 places, quotients rounded half-even).
public enum OrderFlowR {
    /// The taker fee per side (0.05 %).
    public static let takerFee = FixedDecimal("0.0005")!

    /// The result of the trade entered with `bracket` (a long when its stop is below the entry) and ended by `exit`.
    public static func result(_ bracket: Bracket, exit: OrderFlowExit, takerFee: FixedDecimal = takerFee) throws -> OrderFlowTradeR {
        let entry = bracket.entryReference
        let risk = (entry - bracket.stopLoss).magnitude
        guard risk.isPositive else { throw FixedDecimalError.divisionByZero }
        let long = bracket.stopLoss < entry
        func r(_ price: FixedDecimal) throws -> FixedDecimal { try (long ? price - entry : entry - price).divided(by: risk) }
        let half = FixedDecimal("0.5")!
        let gross: FixedDecimal
        switch exit {
        case .stopLoss:
            gross = FixedDecimal(-1)
        case .takeProfit2:
            guard let tp2 = bracket.takeProfit2 else { throw OrderFlowRError.noSecondTarget }
            gross = try half * r(bracket.takeProfit1) + half * r(tp2)
        case .breakEven:
            gross = try half * r(bracket.takeProfit1)
        case .market(let price, let afterTakeProfit1):
            gross = try afterTakeProfit1 ? half * r(bracket.takeProfit1) + half * r(price) : r(price)
        }
        let fees = try (FixedDecimal(2) * takerFee * entry).divided(by: risk)
        return OrderFlowTradeR(gross: gross, fees: fees)
    }
}

/// A result that cannot be computed from the bracket.
public enum OrderFlowRError: Error, Sendable, Hashable {
    /// A TP2 exit of a bracket without TP2.
    case noSecondTarget
}
