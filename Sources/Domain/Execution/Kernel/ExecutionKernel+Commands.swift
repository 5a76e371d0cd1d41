import ArenaCore

extension ExecutionKernel {
    /// Applies a first-receipt command; returns the refusal reason (a stable code, then words), or nil when accepted.
    mutating func apply(_ command: OrderCommand) -> String? {
        switch command.kind {
        case .place:
            guard let plan = command.plan else { return "missing_plan: a PLACE command needs a plan" }
            return place(plan, at: command.time)
        case .cancel:
            return cancel(command)
        case .flatten:
            return flatten(command)
        }
    }

    /// Why `plan` cannot be placed, or nil. Checked in this order; the first failure is the reason.
    func validate(_ plan: OrderPlan) -> String? {
        let o = plan.order
        guard o.venue == configuration.venue else { return "unknown_venue: this OMS simulates \(configuration.venue), not \(o.venue)" }
        guard o.quantity.isPositive else { return "invalid_quantity: the quantity must be > 0, got \(o.quantity)" }
        if o.type.needsLimitPrice {
            guard let limit = o.limitPrice else { return "missing_limit_price: a \(o.type.rawValue) order needs a limit price" }
            guard limit.isPositive else { return "invalid_price: the limit price must be > 0, got \(limit)" }
        }
        if o.type.isTriggered {
            guard let trigger = o.triggerPrice else { return "missing_trigger_price: a \(o.type.rawValue) order needs a trigger price" }
            guard trigger.isPositive else { return "invalid_price: the trigger price must be > 0, got \(trigger)" }
        }
        switch o.market {
        case .spot where o.leverage != .one: return "invalid_leverage: spot orders have leverage 1, got \(o.leverage)"
        case .perpetual where !o.leverage.isPositive: return "invalid_leverage: the leverage must be > 0, got \(o.leverage)"
        default: break
        }
        let held = state.slot(of: o.modelID).flatMap { state.ledgers[$0].positions[o.symbol] }
        if let held, held.market != o.market {
            return "market_mismatch: \(o.symbol) is held as \(held.market.rawValue), the order is \(o.market.rawValue)"
        }
        let quantity = held?.quantity ?? .zero
        if o.reduceOnly {
            let reducible = o.side == .sell ? quantity.isPositive : quantity.isNegative
            guard reducible else { return "reduce_only_no_position: no \(o.symbol) position for a reduce-only \(o.side.rawValue)" }
        } else if o.market == .spot, o.side == .sell, o.quantity > quantity {
            return "spot_short: selling \(o.quantity) \(o.symbol) with \(quantity) held; spot is long only"
        }
        if let b = plan.bracket, !(b.takeProfit1Fraction.isPositive && b.takeProfit1Fraction <= .one) {
            return "invalid_bracket: the TP1 fraction must be in (0, 1], got \(b.takeProfit1Fraction)"
        }
        return nil
    }

    /// Places `plan` (with its bracket and TWAP), or refuses it.
    mutating func place(_ plan: OrderPlan, at time: Timestamp) -> String? {
        var plan = plan
        plan.order.createdAt = now(max(plan.order.createdAt, time))
        let o = plan.order
        guard state.slot(of: o.modelID) != nil else { return "unknown_model: \(o.modelID) has no ledger" }
        guard !state.orders.contains(o.clientOrderID), state.twaps[o.clientOrderID] == nil else {
            return "duplicate_client_order_id: \(o.clientOrderID) was already placed"
        }
        if let reason = validate(plan) {
            reject(o, reason: reason)
            return reason
        }
        if let bracket = plan.bracket { state.brackets[o.clientOrderID] = BracketState(entry: o, bracket: bracket) }
        if let twap = plan.twap {
            if let reason = startTWAP(o, plan: twap) {
                state.brackets[o.clientOrderID] = nil
                reject(o, reason: reason)
                return reason
            }
            return nil
        }
        guard accept(o) != nil else { return "invalid_order: the order could not be accepted" }
        return nil
    }

    /// Cancels a working order (or a TWAP parent: its schedule and working slices).
    mutating func cancel(_ command: OrderCommand) -> String? {
        guard let id = command.clientOrderID else { return "missing_client_order_id: a CANCEL command needs a client order id" }
        let reason = command.reason.isEmpty ? "cancelled: on request" : command.reason
        let time = now(command.time)
        if let t = state.twaps[id] {
            guard command.modelID == nil || command.modelID == t.parent.modelID else { return "unknown_order: \(id) is not this model's" }
            cancelTWAP(id, reason: reason, at: time)
            return nil
        }
        guard let handle = state.orders.handle(of: id), case let order = state.orders.all[handle],
              command.modelID == nil || command.modelID == order.state.spec.modelID else {
            return "unknown_order: no order \(id)"
        }
        guard order.state.isWorking else { return "order_not_working: \(id) is \(order.state.status.rawValue)" }
        state.brackets[id] = state.brackets[id]?.placed == true ? state.brackets[id] : nil
        finish(handle, .cancelled, reason: reason, at: time)
        return nil
    }

    /// Flattens one model (or every model): working orders cancelled, TWAPs and brackets dropped,
    /// every position closed by a reduce-only market order (purpose FLATTEN).
    mutating func flatten(_ command: OrderCommand) -> String? {
        let targets: [ModelID]
        if let model = command.modelID {
            guard state.slot(of: model) != nil else { return "unknown_model: \(model) has no ledger" }
            targets = [model]
        } else {
            targets = state.models
        }
        let time = now(command.time)
        let reason = command.reason.isEmpty ? "flatten: on request" : command.reason
        for model in targets {
            for (id, t) in state.twaps where t.parent.modelID == model { state.twaps[id] = nil }
            for (id, b) in state.brackets where b.entry.modelID == model { state.brackets[id] = nil }
            cancelWorking(of: model, reason: reason, at: time)
            guard let ledger = ledger(of: model) else { continue }
            for position in ledger.positions.values.sorted(by: { $0.symbol < $1.symbol }) {
                let id = ClientOrderID.derived(from: "\(command.commandID)/\(model)/\(position.symbol)", leg: "flat")
                guard !state.orders.contains(id) else { continue }
                accept(OrderSpec(
                    clientOrderID: id, modelID: model, source: command.commandID, venue: configuration.venue, symbol: position.symbol,
                    market: position.market, side: position.quantity.isPositive ? .sell : .buy, type: .market,
                    quantity: position.quantity.magnitude, reduceOnly: true, leverage: position.leverage, purpose: .flatten, createdAt: time
                ))
            }
        }
        return nil
    }
}
