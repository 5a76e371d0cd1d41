import ArenaCore

/// Judges an entry (OPEN, ADD, a FLIP's second leg): the gates, then the
/// sizing rules, then the order with its bracket and slicing.
enum EntryRules {
    static func judge(_ c: EntryContext, venue: VenueID) -> EntryJudgement {
        for gate in EntryGates.Gate.allCases {
            if let refusal = gate.check(c) { return .rejected(refusal.code, refusal.message) }
        }
        guard let price = c.price else { return .rejected("no_market_context", "no price for \(c.symbol)") }
        do {
            var draft = try SizingRules.initialDraft(c, price: price)
            for rule in SizingRules.Rule.allCases {
                if let refusal = try rule.apply(&draft, c) { return .rejected(refusal.code, refusal.message) }
            }
            return .accepted(draft, try plan(draft, c, venue: venue))
        } catch {
            return .rejected("arithmetic_overflow", "\(error)")
        }
    }

    /// The market entry order, its bracket, and its TWAP slicing above the threshold.
    static func plan(_ d: EntryDraft, _ c: EntryContext, venue: VenueID) throws(RiskError) -> OrderPlan {
        let order = OrderSpec(
            clientOrderID: .derived(from: c.decision.decisionID, leg: "entry"), modelID: c.decision.modelID,
            source: c.decision.decisionID, venue: venue, symbol: c.symbol, market: d.market, side: d.side, type: .market,
            quantity: d.quantity, reduceOnly: false, leverage: d.leverage, purpose: .entry, createdAt: c.now, quoteBudget: d.budget
        )
        var twap: TWAPPlan?
        if let policy = c.limits.twap, policy.slices > 1, try d.notional() > policy.thresholdNotional {
            twap = TWAPPlan(slices: policy.slices, intervalSeconds: policy.intervalSeconds)
        }
        return OrderPlan(order: order, bracket: d.exits ? try BracketRules.bracket(for: d, decision: c.decision) : nil, twap: twap)
    }
}
