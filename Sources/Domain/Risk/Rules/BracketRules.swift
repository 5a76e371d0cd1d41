import ArenaCore

/// The exit plan of an entry: the stop and the first target, defaulted when
/// missing, on the right side of the price, with enough reward for the risk.
enum BracketRules {
    /// Sets the draft's stop and target from the decision's bracket, else its
    /// `stop_loss` / `take_profit`, else the defaults (`default_stop`,
    /// `default_take_profit`); with `default_stop_pct` off, an entry naming neither gets no exits and one
    /// naming only a target is rejected `stop_loss_missing`; rejects `stop_loss_wrong_side`,
    /// `take_profit_wrong_side` and `min_reward_risk`.
    static func levels(_ d: inout EntryDraft, _ c: EntryContext) throws(RiskError) -> (code: String, message: String)? {
        let asked = c.decision.bracket
        let stop = asked?.stopLoss ?? c.decision.stopLoss
        let target = asked?.takeProfit1 ?? c.decision.takeProfit
        let sign = d.direction
        guard stop != nil || target != nil || c.limits.defaultStopPct != nil else {
            d.exits = false
            return nil
        }

        if let stop {
            d.stop = stop
        } else {
            guard let defaultStop = c.limits.defaultStopPct else {
                return ("stop_loss_missing", "a target without a stop, and risk.default_stop_pct is off")
            }
            let offset = try Exact.mul(d.price, defaultStop)
            d.stop = try Exact.sub(d.price, try Exact.mul(offset, sign))
            d.note("stop_loss", from: nil, to: d.stop, rule: "default_stop")
        }
        // (price − stop) × direction > 0: below a long's price, above a short's.
        let risk = try Exact.mul(try Exact.sub(d.price, d.stop), sign)
        guard risk.isPositive, d.stop.isPositive || d.side == .sell else {
            return ("stop_loss_wrong_side", "stop \(d.stop) is not on the losing side of \(d.price) for a \(d.side.rawValue)")
        }

        if let target {
            d.takeProfit = target
        } else {
            d.takeProfit = try Exact.add(d.price, try Exact.mul(try Exact.mul(risk, c.limits.defaultRewardRisk), sign))
            d.note("take_profit", from: nil, to: d.takeProfit, rule: "default_take_profit")
        }
        for level in [d.takeProfit, asked?.takeProfit2].compactMap({ $0 }) {
            let reward = try Exact.mul(try Exact.sub(level, d.price), sign)
            guard reward.isPositive, level.isPositive else {
                return ("take_profit_wrong_side", "target \(level) is not on the winning side of \(d.price) for a \(d.side.rawValue)")
            }
        }

        if let minimum = c.limits.minRewardRisk {
            let reward = try Exact.mul(try Exact.sub(d.takeProfit, d.price), sign)
            let ratio = try Exact.div(reward, risk, .down)
            if ratio < minimum { return ("min_reward_risk", "reward/risk \(ratio) below \(minimum)") }
        }
        return nil
    }

    /// The bracket the OMS places once the entry fills: the decision's, with
    /// the levels the rules set and 1R on the final quantity; or one target
    /// closing everything, without break-even.
    static func bracket(for d: EntryDraft, decision: ModelDecision) throws(RiskError) -> Bracket {
        let riskAmount = try Exact.mul(try Exact.abs(try Exact.sub(d.price, d.stop)), d.quantity)
        guard var bracket = decision.bracket else {
            return Bracket(
                entryReference: d.price, stopLoss: d.stop, takeProfit1: d.takeProfit, takeProfit1Fraction: .one, takeProfit2: nil,
                breakEvenAfterTakeProfit1: false, timeStopSeconds: nil, riskAmount: riskAmount
            )
        }
        bracket.stopLoss = d.stop
        bracket.takeProfit1 = d.takeProfit
        bracket.riskAmount = riskAmount
        return bracket
    }
}
