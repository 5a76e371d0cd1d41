/// How a policy's per-bar actions compare with a demonstrator's on the same bars
/// (docs/diffusion-policy.md):
/// - **agreement**: the share of bars whose sides (long, flat or short: the sign of the
///   action held after the bar) are equal; sizes are not compared;
/// - **PnL**: each side's exposure (side × size, in units of notional) held from one close
///   to the next earns exposure × (next close / close − 1); every change of exposure pays
///   `fee` per side on the notional traded, the first from flat and the last back to flat
///   included. Shorts are allowed (a perpetual). Sums in units of notional, not compounded.
public struct ActionEvaluation: Sendable, Hashable {
    public var bars: Int
    /// Bars on which the sides are equal.
    public var agreeing: Int
    /// `confusion[demonstrated + 1][policy + 1]`: bars by demonstrated side (rows) and policy side (columns).
    public var confusion: [[Int]]
    public var policyPnL: Double, rulePnL: Double
    /// Exposure changes (trades) of each.
    public var policyTrades: Int, ruleTrades: Int

    public static let empty = ActionEvaluation(
        bars: 0, agreeing: 0, confusion: Array(repeating: [0, 0, 0], count: 3), policyPnL: 0, rulePnL: 0, policyTrades: 0, ruleTrades: 0
    )

    public var agreement: Double { bars == 0 ? 0 : Double(agreeing) / Double(bars) }

    /// The agreement a constant policy that always takes the demonstrator's most common side would have.
    public var majorityAgreement: Double {
        bars == 0 ? 0 : Double((0..<3).map { row in confusion[row].reduce(0, +) }.max() ?? 0) / Double(bars)
    }

    /// The share of bars the demonstrator holds each side: short, flat, long.
    public var demonstratedShares: [Double] {
        (0..<3).map { bars == 0 ? 0 : Double(confusion[$0].reduce(0, +)) / Double(bars) }
    }

    /// The share of bars the policy holds each side: short, flat, long.
    public var policyShares: [Double] {
        (0..<3).map { column in bars == 0 ? 0 : Double(confusion.reduce(0) { $0 + $1[column] }) / Double(bars) }
    }

    /// One symbol's figures: `closes[i]` is bar `i`'s close, and `demonstrated[i]` / `policy[i]` the actions held after it.
    public static func evaluate(
        closes: [Double], demonstrated: [DemonstratedAction], policy: [DemonstratedAction], fee: Double
    ) -> ActionEvaluation {
        precondition(closes.count == demonstrated.count && closes.count == policy.count, "one action per close")
        var result = empty
        result.bars = closes.count
        for (d, p) in zip(demonstrated, policy) {
            result.confusion[d.side + 1][p.side + 1] += 1
            if d.side == p.side { result.agreeing += 1 }
        }
        (result.rulePnL, result.ruleTrades) = pnl(closes: closes, exposures: demonstrated.map(\.exposure), fee: fee)
        (result.policyPnL, result.policyTrades) = pnl(closes: closes, exposures: policy.map(\.exposure), fee: fee)
        return result
    }

    /// The PnL of holding `exposures[i]` from close `i` to close `i + 1`, with `fee` per unit of exposure changed.
    static func pnl(closes: [Double], exposures: [Double], fee: Double) -> (pnl: Double, trades: Int) {
        var pnl = 0.0, trades = 0, held = 0.0
        for (i, exposure) in exposures.enumerated() {
            if exposure != held {
                pnl -= abs(exposure - held) * fee
                trades += 1
                held = exposure
            }
            if i + 1 < closes.count { pnl += held * (closes[i + 1] / closes[i] - 1) }
        }
        if held != 0 {
            pnl -= abs(held) * fee
            trades += 1
        }
        return (pnl, trades)
    }

    /// The figures of two spans together (two symbols, say).
    public static func + (a: ActionEvaluation, b: ActionEvaluation) -> ActionEvaluation {
        ActionEvaluation(
            bars: a.bars + b.bars, agreeing: a.agreeing + b.agreeing,
            confusion: zip(a.confusion, b.confusion).map { zip($0, $1).map(+) },
            policyPnL: a.policyPnL + b.policyPnL, rulePnL: a.rulePnL + b.rulePnL,
            policyTrades: a.policyTrades + b.policyTrades, ruleTrades: a.ruleTrades + b.ruleTrades
        )
    }
}
