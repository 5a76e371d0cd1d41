import ArenaCore

extension ExecutionKernel {
    /// A reduce-only exit of `entry`'s position: same model, symbol, market and leverage, the other side.
    func exitSpec(
        of entry: OrderSpec, id: ClientOrderID, type: OrderType, quantity: FixedDecimal, trigger: FixedDecimal? = nil,
        purpose: OrderPurpose, parent: ClientOrderID?, at time: Timestamp
    ) -> OrderSpec {
        OrderSpec(
            clientOrderID: id, modelID: entry.modelID, source: entry.source, venue: entry.venue, symbol: entry.symbol,
            market: entry.market, side: entry.side == .buy ? .sell : .buy, type: type, quantity: quantity, triggerPrice: trigger,
            timeInForce: .gtc, reduceOnly: true, leverage: entry.leverage, purpose: purpose, parent: parent, createdAt: time
        )
    }

    /// Places the bracket of `entry` once it filled `quantity` at `averagePrice`: a stop-market SL
    /// for all of it, TP1 for `takeProfit1Fraction` of it, TP2 for the rest (when set); all
    /// reduce-only with `parent` = the entry. The time stop is due `timeStopSeconds` after `time`.
    mutating func placeBracket(entry: ClientOrderID, quantity: FixedDecimal, averagePrice: FixedDecimal, at time: Timestamp) {
        guard var b = state.brackets[entry] else { return }
        b.placed = true
        b.entryPrice = averagePrice
        let tp1 = (try? quantity.multiplied(by: b.bracket.takeProfit1Fraction, rounding: .towardZero)) ?? .zero
        let rest = quantity - min(tp1, quantity)
        let leg = { (name: String) in ClientOrderID.derived(from: entry.value, leg: name) }
        let sl = leg("sl")
        if accept(exitSpec(of: b.entry, id: sl, type: .stopMarket, quantity: quantity, trigger: b.bracket.stopLoss,
                           purpose: .stopLoss, parent: entry, at: time)) != nil { b.stopLoss = sl }
        if tp1.isPositive {
            let id = leg("tp1")
            if accept(exitSpec(of: b.entry, id: id, type: .takeProfit, quantity: min(tp1, quantity),
                               trigger: b.bracket.takeProfit1, purpose: .takeProfit1, parent: entry, at: time)) != nil {
                b.takeProfit1 = id
            }
        }
        if let target = b.bracket.takeProfit2, rest.isPositive {
            let id = leg("tp2")
            if accept(exitSpec(of: b.entry, id: id, type: .takeProfit, quantity: rest, trigger: target,
                               purpose: .takeProfit2, parent: entry, at: time)) != nil {
                b.takeProfit2 = id
            }
        }
        if let seconds = b.bracket.timeStopSeconds {
            b.timeStopAt = Timestamp(nanoseconds: time.nanoseconds &+ seconds &* 1_000_000_000)
        }
        state.brackets[entry] = b
    }

    /// OCO: a filled stop cancels the targets; a filled TP1 moves the stop to break-even when asked.
    mutating func bracketLegFilled(_ handle: Int, entry: ClientOrderID, at time: Timestamp) {
        guard state.orders.all[handle].state.status == .filled, var b = state.brackets[entry], b.placed else { return }
        let id = state.orders.all[handle].state.spec.clientOrderID
        if id == b.stopLoss {
            for leg in [b.takeProfit1, b.takeProfit2].compactMap({ $0 }) {
                finish(leg, .cancelled, reason: "oco_stop_filled: the stop loss filled", at: time)
            }
        } else if id == b.takeProfit1, b.bracket.breakEvenAfterTakeProfit1, let old = b.stopLoss, let price = b.entryPrice {
            finish(old, .cancelled, reason: "break_even: the stop moves to the entry price after TP1", at: time)
            let held = ledger(of: b.entry.modelID)?.quantity(of: b.entry.symbol).magnitude ?? .zero
            let newID = ClientOrderID.derived(from: entry.value, leg: "sl-be")
            b.stopLoss = nil
            if held.isPositive, !state.orders.contains(newID),
               accept(exitSpec(of: b.entry, id: newID, type: .stopMarket, quantity: held, trigger: price,
                               purpose: .stopLoss, parent: entry, at: time)) != nil {
                b.stopLoss = newID
            }
        }
        if state.brackets[entry] != nil { state.brackets[entry] = b }
    }

    /// The position of `model` in `symbol` is flat: its working reduce-only orders (bracket legs
    /// included) are cancelled and its placed brackets are done.
    mutating func positionClosed(model: ModelID, symbol: Symbol, at time: Timestamp) {
        guard !state.brackets.isEmpty || state.working[symbol] != nil else { return }
        // Ids first: removing while iterating the dictionary itself would copy it.
        let done = state.brackets.compactMap { $0.value.placed && $0.value.entry.modelID == model && $0.value.entry.symbol == symbol ? $0.key : nil }
        for id in done { state.brackets[id] = nil }
        cancelWorking(of: model, symbol: symbol, reduceOnlyOnly: true, reason: "position_closed: the position is closed", at: time)
    }

    /// Brackets whose time stop is due at `time` with the position still open: legs cancelled, a
    /// TIME_STOP market order closes the position (working from the due time).
    mutating func runTimeStops(at time: Timestamp) {
        guard !state.brackets.isEmpty else { return }
        let due = state.brackets.compactMap { $0.value.placed && ($0.value.timeStopAt.map { $0 <= time } ?? false) ? $0.key : nil }.sorted()
        for entry in due {
            guard var b = state.brackets[entry], let at = b.timeStopAt else { continue }
            b.timeStopAt = nil
            state.brackets[entry] = b
            let held = ledger(of: b.entry.modelID)?.quantity(of: b.entry.symbol) ?? .zero
            guard !held.isZero else { continue }
            for leg in b.legs { finish(leg, .cancelled, reason: "time_stop: the bracket's time stop is due", at: at) }
            state.brackets[entry] = nil
            var spec = exitSpec(of: b.entry, id: ClientOrderID.derived(from: entry.value, leg: "ts"), type: .market,
                                quantity: held.magnitude, purpose: .timeStop, parent: entry, at: at)
            spec.side = held.isPositive ? .sell : .buy
            if !state.orders.contains(spec.clientOrderID) { accept(spec) }
        }
    }
}
