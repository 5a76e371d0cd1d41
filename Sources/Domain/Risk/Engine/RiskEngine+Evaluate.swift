import ArenaCore

extension RiskEngine {
    /// Judges `decision` against the limits at market time `now`.
    ///
    /// HOLD (or intent NONE) → NO_ORDER. OPEN and ADD are entries: every
    /// check applies, each passes, resizes or rejects. REDUCE and CLOSE are
    /// exits: reduce-only, they pass whatever the trading state. FLIP closes,
    /// then enters (entry checks on the second leg only; a rejected second leg
    /// still lets the close through: RESIZED with the reason). The verdict is
    /// recorded and its plans come back as `.place` commands.
    public mutating func evaluate(_ decision: ModelDecision, snapshot: MarketSnapshot?, account: AccountState, now: Timestamp) -> RiskEvaluation {
        let model = decision.modelID
        // Asked once, without copying the book out (`books[model] != nil` would).
        let known = books.index(forKey: model) != nil
        let expired = known ? expireHalts(of: model, now: now) : []
        var verdict = judge(decision, snapshot: snapshot, account: account, now: now)
        var records = expired.map(RiskRecord.stateChange)
        if known {
            let record = RiskRecord.verdict(verdict, at: now)
            records.append(record)
            commit(record)
        } else {
            verdict.message += " (not recorded)"
        }
        return RiskEvaluation(
            verdict: verdict, stateChanges: expired, commands: verdict.plans.map { .place($0, at: now) }, records: records
        )
    }

    private func judge(_ decision: ModelDecision, snapshot: MarketSnapshot?, account: AccountState, now: Timestamp) -> RiskVerdict {
        let state = effectiveState(of: decision.modelID)
        func verdict(_ outcome: VerdictOutcome, _ reasons: [String], _ message: String, changes: [VerdictChange] = [], plans: [OrderPlan] = []) -> RiskVerdict {
            RiskVerdict(
                decisionID: decision.decisionID, modelID: decision.modelID, tick: decision.tick, outcome: outcome, reasons: reasons,
                changes: changes, plans: plans, state: state, nav: account.nav, message: message
            )
        }
        guard let book = books[decision.modelID] else { return verdict(.rejected, ["unknown_model"], "unknown model \(decision.modelID)") }
        guard account.modelID == decision.modelID else {
            return verdict(.rejected, ["account_mismatch"], "the account is \(account.modelID)'s, not \(decision.modelID)'s")
        }
        if decision.action == .hold || decision.intent == .none { return verdict(.noOrder, [], "no order asked") }
        guard let symbol = decision.symbol else { return verdict(.rejected, ["no_symbol"], "an order without a symbol") }
        let position = account.positions.first { $0.symbol == symbol && !$0.quantity.isZero }

        func entry(closing: Symbol?) -> EntryJudgement {
            let context = EntryContext(
                limits: limits, decision: decision, symbol: symbol, side: decision.action == .buy ? .buy : .sell, account: account,
                book: book, state: state, now: now, market: snapshot?.entry(for: symbol), closing: closing
            )
            return EntryRules.judge(context, venue: venue)
        }

        switch decision.intent {
        case .none:
            return verdict(.noOrder, [], "no order asked")
        case .open, .add:
            switch entry(closing: nil) {
            case .rejected(let code, let message): return verdict(.rejected, [code], message)
            case .accepted(let draft, let plan):
                let reasons = uniqueRules(draft.changes)
                return verdict(reasons.isEmpty ? .approved : .resized, reasons, describe(plan, draft.changes), changes: draft.changes, plans: [plan])
            }
        case .reduce, .close:
            guard let position else { return verdict(.rejected, ["no_position"], "no position in \(symbol) to \(decision.intent.rawValue)") }
            switch ExitOrders.quantity(of: position, intent: decision.intent, fraction: decision.positionSizePct, step: limits.quantityStep) {
            case .failure(let refusal): return verdict(.rejected, [refusal.code], refusal.message)
            case .success(let quantity):
                let plan = exitPlan(position, quantity: quantity, decision: decision, leg: "exit", now: now)
                return verdict(.approved, [], describe(plan, []), plans: [plan])
            }
        case .flip:
            guard let position else { return verdict(.rejected, ["no_position"], "no position in \(symbol) to flip") }
            guard case .success(let held) = ExitOrders.quantity(of: position, intent: .close, fraction: .one, step: limits.quantityStep) else {
                return verdict(.rejected, ["arithmetic_overflow"], "position size of \(symbol)")
            }
            let close = exitPlan(position, quantity: held, decision: decision, leg: "close", now: now)
            let sameWay = position.quantity.isPositive == (decision.action == .buy)
            let judgement: EntryJudgement = sameWay ? .rejected("invalid_flip", "the flip goes the position's own way") : entry(closing: symbol)
            switch judgement {
            case .rejected(let code, let message):
                return verdict(.resized, [code], "close only; entry leg rejected: \(message)", plans: [close])
            case .accepted(let draft, let plan):
                let reasons = uniqueRules(draft.changes)
                let message = describe(close, []) + "; then " + describe(plan, draft.changes)
                return verdict(reasons.isEmpty ? .approved : .resized, reasons, message, changes: draft.changes, plans: [close, plan])
            }
        }
    }

    private func exitPlan(_ position: PositionState, quantity: FixedDecimal, decision: ModelDecision, leg: String, now: Timestamp) -> OrderPlan {
        OrderPlan(
            order: ExitOrders.order(
                closing: position, quantity: quantity, model: decision.modelID, source: decision.decisionID, leg: leg, purpose: .exit,
                venue: venue, now: now
            )
        )
    }

    /// The rules of `changes`, each once, in first-seen order. A verdict has a handful of changes:
    /// a linear search beats hashing them into a set.
    private func uniqueRules(_ changes: [VerdictChange]) -> [String] {
        var rules: [String] = []
        for change in changes where !rules.contains(change.rule) { rules.append(change.rule) }
        return rules
    }

    /// `SIDE quantity SYMBOL PURPOSE (field from → to by rule, …)`.
    private func describe(_ plan: OrderPlan, _ changes: [VerdictChange]) -> String {
        let order = plan.order
        var parts = [order.side.rawValue, " ", order.quantity.description, " ", order.symbol.value, " ", order.purpose.rawValue]
        guard !changes.isEmpty else { return concatenated(parts) }
        parts.append(" (")
        for (index, change) in changes.enumerated() {
            if index > 0 { parts.append(", ") }
            parts += [change.field, " ", change.from, " → ", change.to, " by ", change.rule]
        }
        parts.append(")")
        return concatenated(parts)
    }

    /// `parts` joined in one allocation, their bytes copied once: appending strings one by one
    /// re-checks each boundary and costs hundreds of instructions per piece.
    private func concatenated(_ parts: [String]) -> String {
        let count = parts.reduce(0) { $0 + $1.utf8.count }
        return String(unsafeUninitializedCapacity: count) { buffer in
            var end = 0
            for var part in parts {
                part.withUTF8 { bytes in
                    _ = UnsafeMutableBufferPointer(rebasing: buffer[end...]).initialize(fromContentsOf: bytes)
                    end += bytes.count
                }
            }
            return end
        }
    }
}
