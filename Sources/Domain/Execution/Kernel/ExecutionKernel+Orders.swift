import ArenaCore

extension ExecutionKernel {
    /// Records `order`'s current state as an event with the model's next sequence number.
    mutating func emitEvent(_ order: PaperOrder, fill: Fill? = nil, reason: String? = nil) {
        let model = order.state.spec.modelID
        let sequence = (state.orderSequence[model] ?? 0) + 1
        state.orderSequence[model] = sequence
        out.append(.order(OrderEvent(
            sequence: sequence, order: order.state.spec, status: order.state.status, filledQuantity: order.state.filledQuantity,
            averagePrice: order.state.averagePrice, fill: fill, reason: reason, time: order.state.updatedAt
        )))
    }

    /// Accepts `spec` at the paper venue: it works from `spec.createdAt` (never before the data processed).
    @discardableResult
    mutating func accept(_ spec: OrderSpec) -> PaperOrder? {
        var spec = spec
        spec.createdAt = now(spec.createdAt)
        var order = PaperOrder(state: OrderState(spec: spec), activeFrom: spec.createdAt, placement: state.placements)
        guard (try? order.state.apply(.status(.accepted, at: spec.createdAt))) != nil else { return nil }
        state.placements += 1
        state.orders[spec.clientOrderID] = order
        state.working[spec.symbol, default: []].append(spec.clientOrderID)
        emitEvent(order)
        return order
    }

    /// Records `spec` as a rejected order (its id stays taken).
    mutating func reject(_ spec: OrderSpec, reason: String) {
        var spec = spec
        spec.createdAt = now(spec.createdAt)
        var order = PaperOrder(state: OrderState(spec: spec), activeFrom: spec.createdAt, placement: state.placements)
        guard (try? order.state.apply(.status(.rejected, at: spec.createdAt))) != nil else { return }
        state.placements += 1
        state.orders[spec.clientOrderID] = order
        emitEvent(order, reason: reason)
    }

    /// Ends a working order as `status` (`CANCELLED` or `EXPIRED`) with `reason`.
    mutating func finish(_ id: ClientOrderID, _ status: OrderStatus, reason: String, at time: Timestamp) {
        guard var order = state.orders[id], order.state.isWorking else { return }
        guard (try? order.state.apply(.status(status, at: max(time, order.state.updatedAt)))) != nil else { return }
        state.orders[id] = order
        removeWorking(order.state.spec)
        emitEvent(order, reason: reason)
        afterTerminal(order, at: time)
    }

    mutating func removeWorking(_ spec: OrderSpec) {
        state.working[spec.symbol]?.removeAll { $0 == spec.clientOrderID }
        if state.working[spec.symbol]?.isEmpty == true { state.working[spec.symbol] = nil }
    }

    /// Cancels `model`'s working orders (in `symbol` only, when given; reduce-only ones only, when asked).
    mutating func cancelWorking(of model: ModelID, symbol: Symbol? = nil, reduceOnlyOnly: Bool = false, reason: String, at time: Timestamp) {
        let symbols = symbol.map { [$0] } ?? state.working.keys.sorted()
        for s in symbols {
            for id in state.working[s] ?? [] {
                guard let spec = state.orders[id]?.state.spec, spec.modelID == model, !reduceOnlyOnly || spec.reduceOnly else { continue }
                finish(id, .cancelled, reason: reason, at: time)
            }
        }
    }

    /// Fills `quantity` of working order `id` at `price`. A reduce-only order is capped at what
    /// reduces the position (none: cancelled); a fill the ledger refuses cancels the order with the reason.
    mutating func execute(_ id: ClientOrderID, quantity: FixedDecimal, price: FixedDecimal, liquidity: Liquidity, at time: Timestamp) {
        guard var order = state.orders[id], order.state.isWorking else { return }
        let spec = order.state.spec
        guard let held = state.ledgers[spec.modelID]?.quantity(of: spec.symbol) else { return }
        var quantity = min(quantity, order.state.remainingQuantity)
        if spec.reduceOnly {
            let capacity = spec.side == .sell ? max(held, .zero) : max(-held, .zero)
            guard capacity.isPositive else {
                finish(id, .cancelled, reason: "reduce_only_no_position: no \(spec.symbol) position to reduce", at: time)
                return
            }
            quantity = min(quantity, capacity)
        }
        let fee: FixedDecimal
        do { fee = spec.purpose == .liquidation ? .zero : try pricing.fee(quantity: quantity, price: price, liquidity: liquidity) } catch {
            finish(id, .cancelled, reason: "arithmetic: \(error)", at: time)
            return
        }
        let fill = Fill(
            fillID: id.value + "#" + String(order.state.fillCount + 1), clientOrderID: id, modelID: spec.modelID, symbol: spec.symbol,
            market: spec.market, side: spec.side, quantity: quantity, price: price, fee: fee, liquidity: liquidity,
            purpose: spec.purpose, time: time
        )
        if let refusal = book(fill, on: &order, leverage: spec.leverage) {
            finish(id, .cancelled, reason: "fill_refused: \(refusal)", at: time)
            return
        }
        state.orders[id] = order
        dirty.insert(spec.modelID)
        if !order.state.isWorking { removeWorking(spec) }
        emitEvent(order, fill: fill)
        out.append(.fill(fill))
        afterFill(order, fill: fill)
        if spec.reduceOnly, order.state.isWorking, state.ledgers[spec.modelID]?.quantity(of: spec.symbol).isZero ?? true {
            finish(id, .cancelled, reason: "reduce_only_position_closed: the position is closed", at: time)
        }
    }

    /// Applies `fill` to its model's ledger (in place, no copy) and to `order`; both or neither
    /// change. Returns the refusal: the ledger's when it refuses (it is checked first), else the order's.
    mutating func book(_ fill: Fill, on order: inout PaperOrder, leverage: FixedDecimal) -> (any Error)? {
        var next = order
        do {
            try next.state.apply(.fill(quantity: fill.quantity, price: fill.price, at: fill.time))
        } catch let refusal {
            // The order refuses (unreachable for a working order's remainder): report the ledger's
            // refusal if it has one, without applying the fill.
            var trial = state.ledgers[fill.modelID]
            do { try trial?.apply(fill, leverage: leverage) } catch { return error }
            return refusal
        }
        do { try state.ledgers[fill.modelID]?.apply(fill, leverage: leverage) } catch { return error }
        order = next
        return nil
    }

    /// Bracket OCO, TWAP progress and the flat-position rule after a fill.
    mutating func afterFill(_ order: PaperOrder, fill: Fill) {
        let spec = order.state.spec
        if let parent = spec.parent, state.twaps[parent] != nil {
            state.twaps[parent]?.filledQuantity += fill.quantity
            state.twaps[parent]?.filledNotional += (try? fill.quantity.multiplied(by: fill.price)) ?? .zero
        }
        if let parent = spec.parent, !order.state.isWorking { bracketLegFilled(order, entry: parent, at: fill.time) }
        if state.ledgers[spec.modelID]?.quantity(of: spec.symbol).isZero == true {
            positionClosed(model: spec.modelID, symbol: spec.symbol, at: fill.time)
        }
        if !order.state.isWorking { afterTerminal(order, at: fill.time) }
    }

    /// Places a pending bracket when its entry ends, and completes a TWAP when its last slice ends.
    mutating func afterTerminal(_ order: PaperOrder, at time: Timestamp) {
        let id = order.state.spec.clientOrderID
        if let pending = state.brackets[id], !pending.placed, state.twaps[id] == nil {
            if let price = order.state.averagePrice {
                placeBracket(entry: id, quantity: order.state.filledQuantity, averagePrice: price, at: time)
            } else {
                state.brackets[id] = nil
            }
        }
        if let parent = order.state.spec.parent { twapChildEnded(parent: parent, at: time) }
    }
}
