import ArenaCore

/// The entry rules that pass or reject without changing anything, in the
/// order they are checked. Each returns a reason code and words, or nil to pass.
enum EntryGates {
    /// The gates in the order they are checked.
    enum Gate: CaseIterable {
        case tradingState, oneDecisionPerTick, minConfidence, marketContext, spotLongOnly, oppositePosition, minTradeInterval
        case maxTrades, lossCooldown, stopOutGuard, orderRate, volatilityBlock, maxOpenSymbols, positiveSize

        /// Checks the gate: nil to pass, or a reason code and words.
        func check(_ c: EntryContext) -> (code: String, message: String)? {
            switch self {
            case .tradingState: EntryGates.tradingState(c)
            case .oneDecisionPerTick: EntryGates.oneDecisionPerTick(c)
            case .minConfidence: EntryGates.minConfidence(c)
            case .marketContext: EntryGates.marketContext(c)
            case .spotLongOnly: EntryGates.spotLongOnly(c)
            case .oppositePosition: EntryGates.oppositePosition(c)
            case .minTradeInterval: EntryGates.minTradeInterval(c)
            case .maxTrades: EntryGates.maxTrades(c)
            case .lossCooldown: EntryGates.lossCooldown(c)
            case .stopOutGuard: EntryGates.stopOutGuard(c)
            case .orderRate: EntryGates.orderRate(c)
            case .volatilityBlock: EntryGates.volatilityBlock(c)
            case .maxOpenSymbols: EntryGates.maxOpenSymbols(c)
            case .positiveSize: EntryGates.positiveSize(c)
            }
        }
    }

    /// `halted`, `reducing`: a halt or REDUCING blocks every entry.
    static func tradingState(_ c: EntryContext) -> (code: String, message: String)? {
        switch c.state {
        case .active: nil
        case .reducing: ("reducing", "the model may only reduce or close")
        case .halted: ("halted", "the model is halted: no new risk")
        }
    }

    /// `one_decision_per_tick`.
    static func oneDecisionPerTick(_ c: EntryContext) -> (code: String, message: String)? {
        c.book.lastDecisionTick == c.decision.tick ? ("one_decision_per_tick", "a decision of this tick was already judged") : nil
    }

    /// `min_confidence` (a NaN confidence fails).
    static func minConfidence(_ c: EntryContext) -> (code: String, message: String)? {
        guard let minimum = c.limits.minConfidence, !(c.decision.confidence >= minimum) else { return nil }
        return ("min_confidence", "confidence \(c.decision.confidence) below \(minimum)")
    }

    /// `no_market_context`: fail closed without a price.
    static func marketContext(_ c: EntryContext) -> (code: String, message: String)? {
        c.price == nil ? ("no_market_context", "no snapshot or no positive last price for \(c.symbol)") : nil
    }

    /// `spot_long_only`.
    static func spotLongOnly(_ c: EntryContext) -> (code: String, message: String)? {
        c.market?.market == .spot && c.side == .sell ? ("spot_long_only", "no shorts on spot") : nil
    }

    /// `opposite_position`: an entry against a held position must be a FLIP.
    static func oppositePosition(_ c: EntryContext) -> (code: String, message: String)? {
        guard let held = c.remainingPositions.first(where: { $0.symbol == c.symbol }) else { return nil }
        let long = held.quantity.isPositive
        return long == (c.side == .buy) ? nil : ("opposite_position", "the position in \(c.symbol) goes the other way: flip it")
    }

    /// `min_trade_interval`.
    static func minTradeInterval(_ c: EntryContext) -> (code: String, message: String)? {
        guard let seconds = c.limits.minTradeIntervalSeconds, let last = c.book.entryTimes.last,
            c.now < last.adding(seconds: seconds)
        else { return nil }
        return ("min_trade_interval", "last entry at \(last), less than \(seconds) s ago")
    }

    /// `max_trades_24h`.
    static func maxTrades(_ c: EntryContext) -> (code: String, message: String)? {
        guard let maximum = c.limits.maxTradesPer24h, c.book.entries(before: c.now) >= maximum else { return nil }
        return ("max_trades_24h", "\(maximum) entries in the last 24 h")
    }

    /// `loss_cooldown`.
    static func lossCooldown(_ c: EntryContext) -> (code: String, message: String)? {
        guard let seconds = c.limits.cooldownAfterLossSeconds, let loss = c.book.lastLossTime,
            c.now < loss.adding(seconds: seconds)
        else { return nil }
        return ("loss_cooldown", "a loss at \(loss): cooling down until \(loss.adding(seconds: seconds))")
    }

    /// `stop_out_guard`.
    static func stopOutGuard(_ c: EntryContext) -> (code: String, message: String)? {
        guard let rule = c.limits.stopOutGuard, let until = c.book.stopOutPause(at: c.now, guard: rule) else { return nil }
        return ("stop_out_guard", "\(rule.count) stop-outs within \(rule.windowSeconds) s: paused until \(until)")
    }

    /// `order_rate_limit`.
    static func orderRate(_ c: EntryContext) -> (code: String, message: String)? {
        guard let maximum = c.limits.maxOrdersPerSecond, c.book.orders(before: c.now) >= maximum else { return nil }
        return ("order_rate_limit", "\(maximum) orders within the last second")
    }

    /// `volatility_block`.
    static func volatilityBlock(_ c: EntryContext) -> (code: String, message: String)? {
        guard let rule = c.limits.volatility, let percentile = c.atrPercentile, percentile > rule.blockAbove else { return nil }
        return ("volatility_block", "ATR percentile \(percentile) above \(rule.blockAbove)")
    }

    /// `max_open_symbols`: a new symbol only while fewer than the maximum are held.
    static func maxOpenSymbols(_ c: EntryContext) -> (code: String, message: String)? {
        guard let maximum = c.limits.maxOpenSymbols else { return nil }
        let held = Set(c.remainingPositions.map(\.symbol))
        guard !held.contains(c.symbol), held.count >= maximum else { return nil }
        return ("max_open_symbols", "\(held.count) symbols held, at most \(maximum)")
    }

    /// `invalid_size`: a size fraction in (0, 1] of a positive NAV.
    static func positiveSize(_ c: EntryContext) -> (code: String, message: String)? {
        let pct = c.decision.positionSizePct
        guard pct.isPositive, pct <= 1 else { return ("invalid_size", "position size \(pct) is not in (0, 1]") }
        return c.account.nav.isPositive ? nil : ("invalid_size", "NAV \(c.account.nav) is not positive")
    }
}
