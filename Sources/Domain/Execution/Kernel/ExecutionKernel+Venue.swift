import ArenaCore

extension ExecutionKernel {
    /// Applies what a live venue reported about one of the kernel's orders (``VenueMode/external``):
    /// its acceptance, refusal, unknown outcome, trades, cancellation, expiry, or its absence (lost).
    /// The venue's word is the truth about its orders: a report for an order already past that
    /// point (an acceptance after a fill, a trade reported again) changes nothing, and a report for
    /// an order the kernel does not hold gives no effect (``isUnknownOrder(_:)`` lets the caller say so).
    public mutating func handle(_ report: VenueReport) -> ExecutionStep {
        begin(.venue(report))
        // A stop or target held here is unknown to the venue: nothing it says can be about it.
        if let handle = state.orders.handle(of: report.clientOrderID), !state.orders.all[handle].heldLocally { apply(report, to: handle) }
        publishAccounts()
        return ExecutionStep(records: takeRecords())
    }

    /// Whether a report names an order the kernel never placed (another client's on the same
    /// account, or a typo in a manual intervention): reconciliation reports it rather than applying it.
    public func isUnknownOrder(_ report: VenueReport) -> Bool { state.orders.handle(of: report.clientOrderID) == nil }

    private mutating func apply(_ report: VenueReport, to handle: Int) {
        let status = state.orders.all[handle].state.status
        let time = max(report.time, state.orders.all[handle].state.updatedAt)
        switch report.kind {
        case .accepted:
            guard status == .new || status == .unknown else { return }
            transition(handle, to: .accepted, at: time, reason: nil)
        case .rejected, .lost:
            let reason = report.kind == .lost
                ? "lost: the venue does not know the order" + (report.reason.map { " (\($0))" } ?? "")
                : "venue_rejected: " + (report.reason ?? "refused by the venue")
            guard status == .new || status == .unknown else {
                // A held stop or target sent on its trigger was accepted here already: it ends as expired.
                finish(handle, .expired, reason: reason, at: time, confirmed: true)
                return
            }
            guard transition(handle, to: .rejected, at: time, reason: reason) else { return }
            removeWorking(handle)
            afterTerminal(handle, at: time)
        case .unknown:
            guard state.orders.all[handle].state.isWorking, status != .unknown else { return }
            transition(handle, to: .unknown, at: time, reason: "venue_unknown: " + (report.reason ?? "the venue's answer did not arrive"))
        case .fill:
            venueFill(handle, report, at: time)
        case .cancelled, .expired:
            let to: OrderStatus = report.kind == .cancelled ? .cancelled : .expired
            if status == .new { transition(handle, to: .accepted, at: time, reason: nil) }
            finish(handle, to, reason: report.reason ?? "\(to.rawValue.lowercased()): by the venue", at: time, confirmed: true)
        }
    }

    /// Sends the stops and targets held here whose trigger `input` reached, as the paper venue would
    /// have triggered them (after their creation, never on the data that made them): a stop-market or
    /// take-profit as a market order, a stop-limit as a limit order, under the same client order id.
    mutating func fireTriggers(_ input: MarketInput) {
        guard let handles = state.working[input.symbol] else { return }
        for handle in handles where state.orders.all[handle].heldLocally {
            var probe = state.orders.all[handle]
            guard let result = try? PaperMatcher.match(&probe, input: input, book: nil, pricing: pricing), result != .none else { continue }
            state.orders[handle: handle].heldLocally = false
            var order = probe.state.spec
            order.type = order.type == .stopLimit ? .limit : .market
            order.triggerPrice = nil
            if order.type == .market { order.limitPrice = nil }
            out.append(.instruction(VenueInstruction(kind: .place, order: order, reason: "triggered: the market reached \(probe.state.spec.triggerPrice.map { "\($0)" } ?? "the trigger")", time: input.time)))
        }
    }

    /// Changes the order's status and records the event; false (nothing recorded) when the
    /// transition is not legal from where the order is.
    @discardableResult
    private mutating func transition(_ handle: Int, to status: OrderStatus, at time: Timestamp, reason: String?) -> Bool {
        guard (try? state.orders[handle: handle].state.apply(.status(status, at: time))) != nil else { return false }
        emitEvent(handle, reason: reason)
        return true
    }

    /// Books one venue trade of the order: once per trade id, at the venue's price and fee. An order
    /// still NEW is accepted first (the stream's trade may come before the placement's answer). A
    /// trade the order or the ledger cannot take (an over-fill, a spot sale of more than is held)
    /// is recorded on the order as not booked, for reconciliation and an alert, never half-applied.
    private mutating func venueFill(_ handle: Int, _ report: VenueReport, at time: Timestamp) {
        let spec = state.orders.all[handle].state.spec
        guard let tradeID = report.tradeID, let quantity = report.quantity, let price = report.price else {
            emitEvent(handle, reason: "venue_fill_incomplete: a trade report needs a trade id, a quantity and a price")
            return
        }
        guard state.venueTrades.insert("\(spec.clientOrderID) \(tradeID)").inserted else { return }
        if state.orders.all[handle].state.status == .new { transition(handle, to: .accepted, at: time, reason: nil) }
        let fill = nextFill(of: handle, quantity: quantity, price: price, fee: report.fee ?? .zero, liquidity: report.liquidity ?? .taker, at: time)
        if let refusal = record(fill, handle: handle) {
            emitEvent(handle, reason: "venue_fill_not_booked: trade \(tradeID) of \(quantity) at \(price): \(refusal)")
        }
    }
}
