import ArenaCore

extension ExecutionKernel {
    /// One market input, in this order: funding boundaries passed before it settle; the input's
    /// book or funding rate is stored; TWAP slices and time stops due are placed; the symbol's
    /// working orders are matched (market, then stops, then limits and targets); isolated perp
    /// positions whose liquidation price the input crossed are liquidated; positions are marked.
    mutating func process(_ input: MarketInput) {
        let time = input.time
        let symbol = input.symbol
        // At a live venue, matching, liquidation and funding are the venue's.
        let paper = configuration.venueMode == .paper
        if paper { settleFunding(before: time) }
        switch input {
        case .funding(let rate):
            store(rate)
            if paper { settleFunding(before: time, rate: true) }
        case .depth(let book): state.books[symbol] = book
        case .trade, .bar, .bookTop: break
        }
        placeDueSlices(at: time)
        runTimeStops(at: time)
        if paper {
            match(input)
            liquidate(input)
        } else {
            fireTriggers(input)
        }
        mark(input)
        if state.marketTime.map({ time > $0 }) ?? true { state.marketTime = time }
    }

    /// Matches the symbol's working orders against `input`, in priority then placement order; each
    /// order's effects (OCO, break-even, closed positions) apply before the next order is matched.
    mutating func match(_ input: MarketInput) {
        guard var handles = state.working[input.symbol], !handles.isEmpty else { return }
        let book = state.books.isEmpty ? nil : state.books[input.symbol]
        if handles.count == 1 {
            // No sort, and the list is not held here: ending the order edits it in place, not a copy.
            let handle = handles[0]
            handles = []
            match(handle, input, book: book)
            return
        }
        // A handle is the placement number: placement order is handle order.
        let ordered = handles.sorted { (state.orders.all[$0].priority, $0) < (state.orders.all[$1].priority, $1) }
        handles = []
        for handle in ordered { match(handle, input, book: book) }
    }

    /// Matches the order with `handle` against `input` (and the symbol's latest `book`) and applies the result.
    private mutating func match(_ handle: Int, _ input: MarketInput, book: BookDepth?) {
        let fillTime = input.time
        guard state.orders.all[handle].state.isWorking else { return }
        // What the matcher may change before it throws: its partial changes are not kept.
        let (activeFrom, triggered, arrived) = (state.orders.all[handle].activeFrom, state.orders.all[handle].triggered,
                                                state.orders.all[handle].arrived)
        let usable = book.flatMap { $0.eventTime > activeFrom ? $0 : nil }
        let result: PaperMatch
        do { result = try PaperMatcher.match(&state.orders[handle: handle], input: input, book: usable, pricing: pricing) } catch {
            (state.orders[handle: handle].activeFrom, state.orders[handle: handle].triggered, state.orders[handle: handle].arrived) =
                (activeFrom, triggered, arrived)
            finish(handle, .cancelled, reason: "arithmetic: \(error)", at: fillTime)
            return
        }
        switch result {
        case .none, .triggered:
            return
        case .expire(let reason):
            finish(handle, .expired, reason: reason, at: fillTime)
        case .fill(let quantity, let price, let liquidity, let cancelRest):
            execute(handle, quantity: quantity, price: price, liquidity: liquidity, at: fillTime)
            if cancelRest { finish(handle, .expired, reason: "ioc_remainder: the book held less than the order", at: fillTime) }
        }
    }

    /// Marks every model's position in the input's symbol at the input's price.
    mutating func mark(_ input: MarketInput) {
        guard let price = input.markPrice else { return }
        state.lastPrice[input.symbol] = price
        for slot in state.ledgers.indices where state.ledgers[slot].holds(input.symbol) {
            guard (try? state.ledgers[slot].mark(input.symbol, price: price, at: input.time)) != nil else { continue }
            dirty[slot] = true
        }
    }

    /// Liquidates the isolated perpetual positions in the input's symbol whose liquidation price
    /// the input's range reached (a long's when the low is at or below it, a short's when the high
    /// is at or above it): the model's working orders in the symbol are cancelled and a LIQUIDATION
    /// market order closes the position at the liquidation price; the margin is lost.
    mutating func liquidate(_ input: MarketInput) {
        guard let range = input.priceRange else { return }
        let symbol = input.symbol
        let time = input.time
        for (slot, model) in state.models.enumerated() {
            let ledger = state.ledgers[slot]
            guard let position = ledger.positions[symbol], position.market == .perpetual,
                  let price = position.liquidationPrice(maintenanceMarginRate: ledger.maintenanceMarginRate)
            else { continue }
            let long = position.quantity.isPositive
            guard long ? range.low <= price : range.high >= price else { continue }
            for (id, b) in state.brackets where b.entry.modelID == model && b.entry.symbol == symbol { state.brackets[id] = nil }
            cancelWorking(of: model, symbol: symbol, reason: "liquidation: the position is being liquidated", at: time)
            let id = ClientOrderID.derived(from: "liq/\(model)/\(symbol)/\(time.nanoseconds)", leg: "liq")
            guard !state.orders.contains(id) else { continue }
            let spec = OrderSpec(
                clientOrderID: id, modelID: model, source: "liquidation", venue: configuration.venue, symbol: symbol,
                market: .perpetual, side: long ? .sell : .buy, type: .market, quantity: position.quantity.magnitude,
                reduceOnly: true, leverage: position.leverage, purpose: .liquidation, createdAt: time
            )
            guard let handle = accept(spec) else { continue }
            execute(handle, quantity: position.quantity.magnitude, price: price, liquidity: .taker, at: time)
        }
    }
}
