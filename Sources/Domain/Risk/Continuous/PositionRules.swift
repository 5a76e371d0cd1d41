import ArenaCore

/// The continuous rules on one open position.
enum PositionRules {
    /// The rule a position breaks at `now`, with words: `position_stop` (down
    /// the fraction from its average entry price at its mark, sign-aware for
    /// shorts) before `max_holding_time`. Nil when it breaks none; a position
    /// whose loss cannot be computed is judged on its holding time only.
    static func breach(_ position: PositionState, limits: RiskLimits, now: Timestamp) -> (code: String, message: String)? {
        if let limit = limits.positionStopPct, let change = try? change(of: position), change <= -limit {
            return ("position_stop", "\(change) from entry \(position.averagePrice) at mark \(position.markPrice), limit −\(limit)")
        }
        if let seconds = limits.maxHoldingSeconds, now > position.openedAt.adding(seconds: seconds) {
            return ("max_holding_time", "opened at \(position.openedAt), held over \(seconds) s")
        }
        return nil
    }

    /// The position's return from entry: `(mark − average) / average`, negated for a short.
    static func change(of position: PositionState) throws(RiskError) -> FixedDecimal {
        guard position.averagePrice.isPositive else { throw .arithmetic("average price \(position.averagePrice)") }
        let move = try Exact.div(try Exact.sub(position.markPrice, position.averagePrice), position.averagePrice, .down)
        return position.quantity.isNegative ? try Exact.sub(.zero, move) : move
    }
}
