import ArenaCore

extension ExecutionKernel {
    /// Starts a TWAP of `parent`: `slices` market child orders of equal size (the last takes
    /// the remainder, so they sum to the parent exactly), the first at once, then one every
    /// `intervalSeconds` of market time; ids `derived(from: parent, leg: "t<i>")`.
    /// Returns a refusal reason, or nil.
    mutating func startTWAP(_ parent: OrderSpec, plan: TWAPPlan) -> String? {
        guard plan.slices >= 1, plan.intervalSeconds >= 0 else {
            return "invalid_twap: slices must be ≥ 1 and the interval ≥ 0, got \(plan.slices) every \(plan.intervalSeconds) s"
        }
        guard let slice = try? parent.quantity.divided(by: FixedDecimal(plan.slices), rounding: .towardZero), slice.isPositive else {
            return "invalid_twap: \(parent.quantity) cannot be split into \(plan.slices) slices"
        }
        let start = now(parent.createdAt)
        state.twaps[parent.clientOrderID] = TWAPState(
            parent: parent, slices: plan.slices, intervalSeconds: plan.intervalSeconds, start: start, next: 1, sliceQuantity: slice
        )
        placeDueSlices(at: start)
        return nil
    }

    /// Places every slice due at or before `time`, in TWAP-id order.
    mutating func placeDueSlices(at time: Timestamp) {
        guard !state.twaps.isEmpty else { return }
        for id in state.twaps.keys.sorted() {
            while let t = state.twaps[id], t.next <= t.slices, t.due(t.next) <= time {
                let index = t.next
                state.twaps[id]?.next = index + 1
                let placed = FixedDecimal(raw: t.sliceQuantity.raw &* Int128(index - 1))
                let quantity = index == t.slices ? t.parent.quantity - placed : t.sliceQuantity
                var child = t.parent
                child.clientOrderID = ClientOrderID.derived(from: id.value, leg: "t\(index)")
                child.type = .market
                child.limitPrice = nil
                child.triggerPrice = nil
                child.timeInForce = .gtc
                child.quantity = quantity
                // A budgeted parent's slices share its budget as they share its quantity.
                child.quoteBudget = t.parent.quoteBudget.flatMap { budget in
                    try? budget.multiplied(by: quantity).divided(by: t.parent.quantity, rounding: .towardZero)
                }
                child.parent = id
                child.createdAt = t.due(index)
                state.twaps[id]?.children.append(child.clientOrderID)
                if !state.orders.contains(child.clientOrderID) { accept(child) }
            }
        }
    }

    /// When a TWAP's last slice ends, the TWAP is done: its bracket (if any) is placed on what filled.
    mutating func twapChildEnded(parent: ClientOrderID, at time: Timestamp) {
        guard let t = state.twaps[parent], t.next > t.slices else { return }
        guard t.children.allSatisfy({ state.orders[$0]?.state.isWorking == false }) else { return }
        state.twaps[parent] = nil
        guard let b = state.brackets[parent], !b.placed else { return }
        if t.filledQuantity.isPositive, let average = try? t.filledNotional.divided(by: t.filledQuantity) {
            placeBracket(entry: parent, quantity: t.filledQuantity, averagePrice: average, at: time)
        } else {
            state.brackets[parent] = nil
        }
    }

    /// Cancels a TWAP: no more slices, working children cancelled.
    mutating func cancelTWAP(_ parent: ClientOrderID, reason: String, at time: Timestamp) {
        guard var t = state.twaps[parent] else { return }
        t.next = t.slices + 1
        state.twaps[parent] = t
        state.brackets[parent] = nil
        for child in t.children { finish(child, .cancelled, reason: reason, at: time) }
        if state.twaps[parent] != nil, t.children.allSatisfy({ state.orders[$0]?.state.isWorking == false }) {
            state.twaps[parent] = nil
        }
    }
}
