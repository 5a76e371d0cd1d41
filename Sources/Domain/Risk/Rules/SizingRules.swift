import ArenaCore

/// The entry rules that shape an entry, in the order they apply: each may
/// change the draft (recording a ``VerdictChange``) or reject it with a
/// reason code and words.
enum SizingRules {
    /// The rules in the order they apply.
    enum Rule: CaseIterable {
        case leverage, volatilityThrottle, bracket, maxOrderPct, maxNotional, capitalInUse, riskPerTrade, minimumQuantity

        /// Applies the rule: nil to go on, or a reason code and words to reject.
        func apply(_ d: inout EntryDraft, _ c: EntryContext) throws(RiskError) -> (code: String, message: String)? {
            switch self {
            case .leverage: try SizingRules.leverage(&d, c)
            case .volatilityThrottle: try SizingRules.volatilityThrottle(&d, c)
            case .bracket: try BracketRules.levels(&d, c)
            case .maxOrderPct: try SizingRules.maxOrderPct(&d, c)
            case .maxNotional: try SizingRules.maxNotional(&d, c)
            case .capitalInUse: try SizingRules.capitalInUse(&d, c)
            case .riskPerTrade: try SizingRules.riskPerTrade(&d, c)
            case .minimumQuantity: try SizingRules.minimumQuantity(&d, c)
            }
        }
    }

    /// The draft before any rule: `NAV × position_size_pct / price`, rounded down to the step.
    static func initialDraft(_ c: EntryContext, price: FixedDecimal) throws(RiskError) -> EntryDraft {
        let notional = try Exact.mul(c.account.nav, c.decision.positionSizePct)
        let quantity = try Exact.floor(try Exact.div(notional, price, .down), step: c.limits.quantityStep)
        var draft = EntryDraft(side: c.side, market: c.market?.market ?? .spot, price: price, quantity: quantity, leverage: c.decision.leverage ?? 1)
        if c.limits.sizeAtFill { draft.budget = notional }
        return draft
    }

    /// `invalid_leverage` (≤ 0 rejects), `spot_leverage` (spot → 1), `max_leverage` (perpetuals → the cap).
    static func leverage(_ d: inout EntryDraft, _ c: EntryContext) throws(RiskError) -> (code: String, message: String)? {
        guard d.leverage.isPositive else { return ("invalid_leverage", "leverage \(d.leverage) is not positive") }
        let cap = d.market == .spot ? FixedDecimal.one : max(c.limits.maxLeverage, .one)
        if d.market == .spot, d.leverage != .one {
            d.note("leverage", from: d.leverage, to: .one, rule: "spot_leverage")
            d.leverage = .one
        } else if d.leverage > cap {
            d.note("leverage", from: d.leverage, to: cap, rule: "max_leverage")
            d.leverage = cap
        }
        return nil
    }

    /// `volatility_throttle`: above the threshold the size is multiplied by the factor.
    static func volatilityThrottle(_ d: inout EntryDraft, _ c: EntryContext) throws(RiskError) -> (code: String, message: String)? {
        guard let rule = c.limits.volatility, let percentile = c.atrPercentile, percentile > rule.resizeAbove else { return nil }
        try d.resize(to: try Exact.mul(d.quantity, rule.sizeFactor, .down), step: c.limits.quantityStep, rule: "volatility_throttle")
        return nil
    }

    /// `max_order_pct`: notional ≤ the fraction of NAV.
    static func maxOrderPct(_ d: inout EntryDraft, _ c: EntryContext) throws(RiskError) -> (code: String, message: String)? {
        guard let pct = c.limits.maxOrderPct else { return nil }
        try cap(&d, notional: try Exact.mul(c.account.nav, pct), step: c.limits.quantityStep, rule: "max_order_pct")
        return nil
    }

    /// `max_notional_per_order`.
    static func maxNotional(_ d: inout EntryDraft, _ c: EntryContext) throws(RiskError) -> (code: String, message: String)? {
        guard let maximum = c.limits.maxNotionalPerOrder else { return nil }
        try cap(&d, notional: maximum, step: c.limits.quantityStep, rule: "max_notional_per_order")
        return nil
    }

    /// `max_capital_in_use`: what stays held plus this entry's capital (notional ÷ leverage) within the fraction of NAV.
    static func capitalInUse(_ d: inout EntryDraft, _ c: EntryContext) throws(RiskError) -> (code: String, message: String)? {
        guard let pct = c.limits.maxCapitalInUsePct else { return nil }
        var inUse = FixedDecimal.zero
        for position in c.remainingPositions { inUse = try Exact.add(inUse, try capital(of: position)) }
        let room = try Exact.sub(try Exact.mul(c.account.nav, pct), inUse)
        guard room.isPositive else { return ("max_capital_in_use", "capital in use \(inUse) leaves no room under \(pct) of NAV") }
        try cap(&d, notional: try Exact.mul(room, d.leverage, .down), step: c.limits.quantityStep, rule: "max_capital_in_use")
        return nil
    }

    /// The capital a position ties up: its margin on a perpetual (or notional ÷ leverage), its value on spot.
    static func capital(of position: PositionState) throws(RiskError) -> FixedDecimal {
        let value = try Exact.abs(try Exact.mul(position.quantity, position.markPrice))
        guard position.market == .perpetual else { return value }
        if position.margin.isPositive { return position.margin }
        return position.leverage.isPositive ? try Exact.div(value, position.leverage, .up) : value
    }

    /// `max_risk_per_trade`: |price − stop| × quantity ≤ the fraction of NAV.
    static func riskPerTrade(_ d: inout EntryDraft, _ c: EntryContext) throws(RiskError) -> (code: String, message: String)? {
        guard let pct = c.limits.maxRiskPerTradePct, d.exits else { return nil }
        let distance = try Exact.abs(try Exact.sub(d.price, d.stop))
        guard distance.isPositive else { return nil }
        let budget = try Exact.mul(c.account.nav, pct)
        guard try Exact.mul(distance, d.quantity) > budget else { return nil }
        try d.resize(to: try Exact.div(budget, distance, .down), step: c.limits.quantityStep, rule: "max_risk_per_trade")
        return nil
    }

    /// `below_min_quantity`: nothing left after rounding to the step.
    static func minimumQuantity(_ d: inout EntryDraft, _ c: EntryContext) throws(RiskError) -> (code: String, message: String)? {
        d.quantity.isPositive ? nil : ("below_min_quantity", "the quantity rounds to zero at step \(c.limits.quantityStep)")
    }

    /// Shrinks the draft to at most `notional` at its price.
    private static func cap(_ d: inout EntryDraft, notional: FixedDecimal, step: FixedDecimal, rule: String) throws(RiskError) {
        guard try d.notional() > notional else { return }
        try d.resize(to: try Exact.div(notional, d.price, .down), step: step, rule: rule)
    }
}
