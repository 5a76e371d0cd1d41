import ArenaCore

extension ExecutionKernel {
    /// Records the current state of the order with `handle` as an event with its model's next sequence number.
    mutating func emitEvent(_ handle: Int, fill: Fill? = nil, reason: String? = nil) {
        let slot = state.orders.modelSlots[handle]
        state.orderSequence[slot] += 1
        let order = state.orders.all[handle].state
        out.append(.order(OrderEvent(
            sequence: state.orderSequence[slot], order: order.spec, status: order.status, filledQuantity: order.filledQuantity,
            averagePrice: order.averagePrice, fill: fill, reason: reason, time: order.updatedAt
        )))
    }

    /// Accepts `spec` at the paper venue: it works from `spec.createdAt` (never before the data processed).
    /// At a live venue, the order is NEW until the venue answers, and a PLACE instruction is recorded;
    /// a stop or take-profit is accepted and held here until its trigger trades (``fireTriggers(_:)``).
    /// Returns the new order's handle.
    @discardableResult
    mutating func accept(_ spec: OrderSpec) -> Int? {
        let sent = configuration.venueMode == .external && !spec.type.isTriggered
        guard let handle = add(spec, as: sent ? nil : .accepted) else { return nil }
        state.working[state.orders.all[handle].state.spec.symbol, default: []].append(handle)
        emitEvent(handle)
        if configuration.venueMode == .external {
            let order = state.orders.all[handle].state.spec
            if sent {
                out.append(.instruction(VenueInstruction(kind: .place, order: order, time: order.createdAt)))
            } else {
                state.orders[handle: handle].heldLocally = true
            }
        }
        return handle
    }

    /// Records `spec` as a rejected order (its id stays taken).
    mutating func reject(_ spec: OrderSpec, reason: String) {
        guard let handle = add(spec, as: .rejected) else { return }
        emitEvent(handle, reason: reason)
    }

    /// Adds `spec` to the order table in `status` (nil: NEW), from its creation (never before the data processed).
    private mutating func add(_ spec: OrderSpec, as status: OrderStatus?) -> Int? {
        guard let slot = state.slot(of: spec.modelID) else { return nil }
        var spec = spec
        spec.createdAt = now(spec.createdAt)
        var order = PaperOrder(state: OrderState(spec: spec), activeFrom: spec.createdAt, placement: Int64(state.orders.count))
        if let status { guard (try? order.state.apply(.status(status, at: spec.createdAt))) != nil else { return nil } }
        return state.orders.append(order, modelSlot: slot)
    }

    /// Ends working order `id` as `status` (`CANCELLED` or `EXPIRED`) with `reason`.
    mutating func finish(_ id: ClientOrderID, _ status: OrderStatus, reason: String, at time: Timestamp) {
        guard let handle = state.orders.handle(of: id) else { return }
        finish(handle, status, reason: reason, at: time)
    }

    /// Ends the working order with `handle` as `status` (`CANCELLED` or `EXPIRED`) with `reason`.
    /// At a live venue the kernel only asks: a CANCEL instruction is recorded (once), and the order
    /// ends when the venue confirms it (`confirmed`, from a ``ArenaCore/VenueReport``).
    mutating func finish(_ handle: Int, _ status: OrderStatus, reason: String, at time: Timestamp, confirmed: Bool = false) {
        guard state.orders.all[handle].state.isWorking else { return }
        if configuration.venueMode == .external, !confirmed, !state.orders.all[handle].heldLocally {
            guard !state.orders.all[handle].cancelRequested else { return }
            state.orders[handle: handle].cancelRequested = true
            out.append(.instruction(VenueInstruction(kind: .cancel, order: state.orders.all[handle].state.spec, reason: reason, time: now(time))))
            return
        }
        let at = max(time, state.orders.all[handle].state.updatedAt)
        guard (try? state.orders[handle: handle].state.apply(.status(status, at: at))) != nil else { return }
        removeWorking(handle)
        emitEvent(handle, reason: reason)
        afterTerminal(handle, at: time)
    }

    /// Takes the order with `handle` off its symbol's working list (one hash of the symbol).
    mutating func removeWorking(_ handle: Int) {
        guard let index = state.working.index(forKey: state.orders.all[handle].state.spec.symbol) else { return }
        state.working.values[index].removeAll { $0 == handle }
        if state.working.values[index].isEmpty { state.working.remove(at: index) }
    }

    /// Cancels `model`'s working orders (in `symbol` only, when given; reduce-only ones only, when asked).
    mutating func cancelWorking(of model: ModelID, symbol: Symbol? = nil, reduceOnlyOnly: Bool = false, reason: String, at time: Timestamp) {
        guard let slot = state.slot(of: model) else { return }
        let symbols = symbol.map { [$0] } ?? state.working.keys.sorted()
        for s in symbols {
            for handle in state.working[s] ?? [] {
                guard state.orders.modelSlots[handle] == slot, !reduceOnlyOnly || state.orders.all[handle].state.spec.reduceOnly
                else { continue }
                finish(handle, .cancelled, reason: reason, at: time)
            }
        }
    }

    /// Fills `quantity` of the working order with `handle` at `price`. A reduce-only order is capped
    /// at what reduces the position (none: cancelled); a fill the ledger refuses cancels the order with the reason.
    mutating func execute(_ handle: Int, quantity: FixedDecimal, price: FixedDecimal, liquidity: Liquidity, at time: Timestamp) {
        guard state.orders.all[handle].state.isWorking else { return }
        let slot = state.orders.modelSlots[handle]
        let spec = state.orders.all[handle].state.spec
        let held = state.ledgers[slot].quantity(of: spec.symbol)
        var quantity = min(quantity, state.orders.all[handle].state.remainingQuantity)
        if spec.reduceOnly {
            let capacity = spec.side == .sell ? max(held, .zero) : max(-held, .zero)
            guard capacity.isPositive else {
                finish(handle, .cancelled, reason: "reduce_only_no_position: no \(spec.symbol) position to reduce", at: time)
                return
            }
            quantity = min(quantity, capacity)
        }
        let fee: FixedDecimal
        do { fee = spec.purpose == .liquidation ? .zero : try pricing.fee(quantity: quantity, price: price, liquidity: liquidity) } catch {
            finish(handle, .cancelled, reason: "arithmetic: \(error)", at: time)
            return
        }
        let fill = nextFill(of: handle, quantity: quantity, price: price, fee: fee, liquidity: liquidity, at: time)
        if let refusal = record(fill, handle: handle) {
            finish(handle, .cancelled, reason: "fill_refused: \(refusal)", at: time)
            return
        }
        if spec.reduceOnly, state.orders.all[handle].state.isWorking, state.ledgers[slot].quantity(of: spec.symbol).isZero {
            finish(handle, .cancelled, reason: "reduce_only_position_closed: the position is closed", at: time)
        }
    }

    /// The order's next fill (`<client order id>#<n>`).
    func nextFill(of handle: Int, quantity: FixedDecimal, price: FixedDecimal, fee: FixedDecimal, liquidity: Liquidity, at time: Timestamp) -> Fill {
        let spec = state.orders.all[handle].state.spec
        return Fill(
            fillID: spec.clientOrderID.value + "#" + String(state.orders.all[handle].state.fillCount + 1),
            clientOrderID: spec.clientOrderID, modelID: spec.modelID, symbol: spec.symbol, market: spec.market, side: spec.side,
            quantity: quantity, price: price, fee: fee, liquidity: liquidity, purpose: spec.purpose, time: time
        )
    }

    /// Books `fill` of the order with `handle` and records it with what follows (the order's
    /// event, the fill, OCO, TWAP progress, a closed position); returns the refusal, nothing changed.
    mutating func record(_ fill: Fill, handle: Int) -> (any Error)? {
        let slot = state.orders.modelSlots[handle]
        if let refusal = book(fill, handle: handle, slot: slot, leverage: state.orders.all[handle].state.spec.leverage) { return refusal }
        dirty[slot] = true
        let working = state.orders.all[handle].state.isWorking
        if !working { removeWorking(handle) }
        emitEvent(handle, fill: fill)
        out.append(.fill(fill))
        afterFill(handle, fill: fill, working: working)
        return nil
    }

    /// Applies `fill` to the ledger in `slot` and to the order with `handle`, both in place; both or
    /// neither change. Returns the refusal: the ledger's when it refuses (it is checked first), else the order's.
    mutating func book(_ fill: Fill, handle: Int, slot: Int, leverage: FixedDecimal) -> (any Error)? {
        let filling: OrderState.Filling
        do {
            filling = try state.orders.all[handle].state.filling(quantity: fill.quantity, price: fill.price, at: fill.time)
        } catch let refusal {
            // The order refuses (unreachable for a working order's remainder): report the ledger's
            // refusal if it has one, without applying the fill.
            var trial = state.ledgers[slot]
            do { try trial.apply(fill, leverage: leverage) } catch { return error }
            return refusal
        }
        do { try state.ledgers[slot].apply(fill, leverage: leverage) } catch { return error }
        state.orders[handle: handle].state.commit(filling)
        return nil
    }

    /// Bracket OCO, TWAP progress and the flat-position rule after a fill of the order with
    /// `handle`; `working`: whether the order still works after the fill.
    mutating func afterFill(_ handle: Int, fill: Fill, working: Bool) {
        let parent = state.orders.all[handle].state.spec.parent
        if let parent, state.twaps[parent] != nil {
            state.twaps[parent]?.filledQuantity += fill.quantity
            state.twaps[parent]?.filledNotional += (try? fill.quantity.multiplied(by: fill.price)) ?? .zero
        }
        if let parent, !working { bracketLegFilled(handle, entry: parent, at: fill.time) }
        if state.ledgers[state.orders.modelSlots[handle]].quantity(of: fill.symbol).isZero {
            positionClosed(model: fill.modelID, symbol: fill.symbol, at: fill.time)
        }
        if !working { afterTerminal(handle, at: fill.time) }
    }

    /// Places a pending bracket when its entry ends, and completes a TWAP when its last slice ends.
    mutating func afterTerminal(_ handle: Int, at time: Timestamp) {
        if !state.brackets.isEmpty, case let id = state.orders.all[handle].state.spec.clientOrderID,
           let pending = state.brackets[id], !pending.placed, state.twaps[id] == nil {
            if let price = state.orders.all[handle].state.averagePrice {
                placeBracket(entry: id, quantity: state.orders.all[handle].state.filledQuantity, averagePrice: price, at: time)
            } else {
                state.brackets[id] = nil
            }
        }
        if let parent = state.orders.all[handle].state.spec.parent { twapChildEnded(parent: parent, at: time) }
    }
}
