import ArenaCore

extension RiskEngine {
    /// The continuous rules on an account update at market time `now`:
    /// expired halts lift; the kill switch (drawdown from peak NAV) flattens
    /// and halts; the daily drawdown halts until the next UTC day; a position
    /// down `position_stop_pct` from its entry or held longer than
    /// `max_holding_seconds` is closed (FORCED_EXIT). Each reaction fires once
    /// while its condition lasts.
    public mutating func observe(_ account: AccountState, now: Timestamp) -> RiskReaction {
        let model = account.modelID
        var reaction = RiskReaction()
        guard books[model] != nil else {
            reaction.alerts.append(RiskAlert(kind: "unknown_model", severity: .warning, message: "account of unknown model \(model)", model: model, time: now))
            return reaction
        }
        reaction.stateChanges = expireHalts(of: model, now: now)
        reaction.records = reaction.stateChanges.map(RiskRecord.stateChange)
        killSwitch(account, now: now, into: &reaction)
        dailyHalt(account, now: now, into: &reaction)
        forcedExits(account, now: now, into: &reaction)
        return reaction
    }

    /// Appends `records` to the reaction and applies them.
    private mutating func emit(_ records: [RiskRecord], into reaction: inout RiskReaction) {
        reaction.records += records
        commit(records)
        for case .stateChange(let change) in records { reaction.stateChanges.append(change) }
    }

    /// `max_drawdown`: NAV at least the fraction below peak NAV → flatten, HALTED, a critical alert.
    private mutating func killSwitch(_ account: AccountState, now: Timestamp, into reaction: inout RiskReaction) {
        let model = account.modelID
        guard let limit = limits.maxDrawdownPct else { return }
        let latched = books[model]?.latches.contains(ReactionKey.maxDrawdown) ?? false
        guard let drawdown = Self.drawdown(nav: account.nav, from: account.peakNAV), drawdown >= limit else {
            if latched { emit([.reactionReset(model: model, key: ReactionKey.maxDrawdown, at: now)], into: &reaction) }
            return
        }
        guard !latched else { return }
        var records: [RiskRecord] = [.reactionFired(model: model, key: ReactionKey.maxDrawdown, at: now)]
        if let change = transition(model, to: .halted, reason: "max_drawdown", by: "rule:max_drawdown", until: nil, now: now) {
            records.append(.stateChange(change))
        }
        emit(records, into: &reaction)
        let words = "drawdown \(drawdown) from peak NAV \(account.peakNAV) reached \(limit)"
        reaction.commands.append(
            OrderCommand(commandID: "risk/max_drawdown/\(model)/\(now.milliseconds)", kind: .flatten, modelID: model, reason: "max_drawdown: \(words)", time: now)
        )
        reaction.alerts.append(RiskAlert(kind: "kill_switch", severity: .critical, message: "kill switch: \(model) flattened and halted, \(words)", model: model, time: now))
    }

    /// `daily_drawdown`: NAV at least the fraction below the day's start → HALTED until the next UTC midnight (once a day).
    private mutating func dailyHalt(_ account: AccountState, now: Timestamp, into reaction: inout RiskReaction) {
        let model = account.modelID
        let key = ReactionKey.daily(now)
        guard let limit = limits.dailyDrawdownPct, let drawdown = Self.drawdown(nav: account.nav, from: account.dayStartNAV), drawdown >= limit,
            books[model]?.latches.contains(key) == false
        else { return }
        var records: [RiskRecord] = [.reactionFired(model: model, key: key, at: now)]
        // A halt without end (kill switch, operator) is never shortened to the day's.
        let until = now.nextUTCMidnight
        let current = state(of: model)
        if current?.state != .halted || current?.until != nil,
            let change = transition(model, to: .halted, reason: "daily_drawdown", by: "rule:daily_drawdown", until: until, now: now)
        {
            records.append(.stateChange(change))
        }
        emit(records, into: &reaction)
        reaction.alerts.append(
            RiskAlert(
                kind: "daily_drawdown", severity: .critical,
                message: "\(model) halted until \(until): daily drawdown \(drawdown) from \(account.dayStartNAV) reached \(limit)", model: model, time: now
            )
        )
    }

    /// `position_stop` and `max_holding_time`: one reduce-only market order per position, ever.
    private mutating func forcedExits(_ account: AccountState, now: Timestamp, into reaction: inout RiskReaction) {
        let model = account.modelID
        let open = account.positions.filter { !$0.quantity.isZero }
        let live = Set(open.map(ReactionKey.forced))
        let stale = (books[model]?.latches ?? []).filter { $0.hasPrefix(ReactionKey.forcedPrefix) && !live.contains($0) }.sorted()
        emit(stale.map { .reactionReset(model: model, key: $0, at: now) }, into: &reaction)

        for position in open {
            let key = ReactionKey.forced(position)
            guard books[model]?.latches.contains(key) == false, let breach = PositionRules.breach(position, limits: limits, now: now),
                case .success(let quantity) = ExitOrders.quantity(of: position, intent: .close, fraction: .one, step: limits.quantityStep)
            else { continue }
            emit([.reactionFired(model: model, key: key, at: now)], into: &reaction)
            let order = ExitOrders.order(
                closing: position, quantity: quantity, model: model, source: ExitOrders.forcedSource(model: model, position: position),
                leg: "exit", purpose: .forcedExit, venue: venue, now: now
            )
            reaction.commands.append(.place(OrderPlan(order: order), at: now))
            reaction.alerts.append(RiskAlert(kind: breach.code, severity: .warning, message: "\(model) \(position.symbol) force-closed: \(breach.message)", model: model, time: now))
        }
    }

    /// `(reference − nav) / reference`, nil without a positive reference or on overflow.
    static func drawdown(nav: FixedDecimal, from reference: FixedDecimal) -> FixedDecimal? {
        guard reference.isPositive else { return nil }
        return try? Exact.div(try Exact.sub(reference, nav), reference, .down)
    }
}
