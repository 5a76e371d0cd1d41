import ArenaCore

extension ModelLedger {
    /// Applies `fill`. Spot: a buy costs `quantity × price + fee` from cash, a sell returns
    /// `quantity × price − fee`; selling more than is held is ``LedgerError/spotShort(symbol:held:selling:)``.
    /// Perpetual (isolated margin, `leverage` used when the fill opens or flips a position):
    /// opening locks `notional / leverage` from cash; a reduction realises
    /// `(exit − entry) × quantity × sign` (computed on the cost basis) and releases the margin
    /// proportionally; a fill beyond the position flips it at the same price.
    /// A `LIQUIDATION` fill forfeits the released margin: the realised loss is the margin.
    public mutating func apply(_ fill: Fill, leverage: FixedDecimal = 1) throws(LedgerError) {
        guard fill.modelID == modelID else { throw .wrongModel(expected: modelID, found: fill.modelID) }
        guard fill.quantity.isPositive, fill.price.isPositive else {
            throw .invalidFill("quantity \(fill.quantity) at \(fill.price) for \(fill.clientOrderID)")
        }
        guard !fill.fee.isNegative else { throw .invalidFill("negative fee \(fill.fee) for \(fill.clientOrderID)") }
        // Read once: the undo and the arithmetic below reuse it (the body changes no position before it does).
        let held = positions[fill.symbol]
        if let held, held.market != fill.market {
            throw .invalidFill("a \(fill.market.rawValue) fill in \(fill.symbol), held as \(held.market.rawValue)")
        }
        if fill.market == .spot, leverage != .one { throw .invalidLeverage(leverage) }
        try atomically(touching: fill.symbol, holding: held) { next throws(LedgerError) in
            try next.rollDay(at: fill.time)
            let notional = try Checked.mul(fill.quantity, fill.price, "fill notional")
            next.cash = try Checked.sub(next.cash, fill.fee, "cash")
            next.fees = try Checked.add(next.fees, fill.fee, "fees")
            switch fill.market {
            case .spot: try next.applySpot(fill, notional: notional, held: held)
            case .perpetual: try next.applyPerpetual(fill, notional: notional, leverage: leverage, held: held)
            }
            next.marks[fill.symbol] = fill.price
            try next.updatePeak()
        }
    }

    /// Applies a funding settlement: `amount` is added to cash and to the funding total.
    public mutating func apply(_ payment: FundingPayment) throws(LedgerError) {
        guard payment.modelID == modelID else { throw .wrongModel(expected: modelID, found: payment.modelID) }
        try atomically(touching: nil) { next throws(LedgerError) in
            try next.rollDay(at: payment.time)
            next.cash = try Checked.add(next.cash, payment.amount, "cash")
            next.funding = try Checked.add(next.funding, payment.amount, "funding")
            try next.updatePeak()
        }
    }

    /// The funding settlement of the perpetual position in `symbol` at `rate` and `markPrice`:
    /// `amount = −quantity × markPrice × rate` (a long pays a positive rate). Nil when flat or not a perpetual.
    public func fundingPayment(
        symbol: Symbol, rate: FixedDecimal, markPrice: FixedDecimal, at time: Timestamp
    ) throws(LedgerError) -> FundingPayment? {
        guard let position = positions[symbol], position.market == .perpetual, !position.quantity.isZero else { return nil }
        let value = try Checked.mul(position.quantity, markPrice, "funding notional")
        let amount = -(try Checked.mul(value, rate, "funding amount"))
        return FundingPayment(
            modelID: modelID, symbol: symbol, rate: rate, positionQuantity: position.quantity, markPrice: markPrice,
            amount: amount, time: time
        )
    }

    private mutating func applySpot(_ fill: Fill, notional: FixedDecimal, held: LedgerPosition?) throws(LedgerError) {
        var position = held ?? LedgerPosition(
            symbol: fill.symbol, market: .spot, quantity: .zero, costBasis: .zero, leverage: 1, margin: .zero, openedAt: fill.time
        )
        if fill.side == .buy {
            cash = try Checked.sub(cash, notional, "cash")
            if position.quantity.isZero { position.openedAt = fill.time }
            position.quantity = try Checked.add(position.quantity, fill.quantity, "quantity")
            position.costBasis = try Checked.add(position.costBasis, notional, "cost basis")
        } else {
            guard fill.quantity <= position.quantity else {
                throw .spotShort(symbol: fill.symbol, held: position.quantity, selling: fill.quantity)
            }
            let released = try Checked.share(position.costBasis, part: fill.quantity, of: position.quantity, "released cost")
            cash = try Checked.add(cash, notional, "cash")
            realizedPnL = try Checked.add(realizedPnL, try Checked.sub(notional, released, "realised PnL"), "realised PnL")
            position.costBasis = try Checked.sub(position.costBasis, released, "cost basis")
            position.quantity = try Checked.sub(position.quantity, fill.quantity, "quantity")
        }
        positions[fill.symbol] = position.quantity.isZero ? nil : position
    }

    private mutating func applyPerpetual(
        _ fill: Fill, notional: FixedDecimal, leverage: FixedDecimal, held existing: LedgerPosition?
    ) throws(LedgerError) {
        let held = existing?.quantity ?? .zero
        let buying = fill.side == .buy
        let reduces = (buying && held.isNegative) || (!buying && held.isPositive)
        guard reduces, var position = existing else {
            try open(fill.symbol, existing, quantity: fill.quantity, buying: buying, notional: notional, leverage: leverage, at: fill.time)
            return
        }
        let size = position.quantity.magnitude
        let closing = min(fill.quantity, size)
        let exitNotional = closing == fill.quantity ? notional : try Checked.mul(closing, fill.price, "exit notional")
        let releasedCost = try Checked.share(position.costBasis, part: closing, of: size, "released cost")
        let releasedMargin = try Checked.share(position.margin, part: closing, of: size, "released margin")
        if fill.purpose == .liquidation {
            realizedPnL = try Checked.sub(realizedPnL, releasedMargin, "realised PnL")
        } else {
            let gain = try Checked.sub(exitNotional, releasedCost, "realised PnL")
            let pnl = position.quantity.isPositive ? gain : -gain
            realizedPnL = try Checked.add(realizedPnL, pnl, "realised PnL")
            cash = try Checked.add(cash, try Checked.add(releasedMargin, pnl, "cash"), "cash")
        }
        position.costBasis = try Checked.sub(position.costBasis, releasedCost, "cost basis")
        position.margin = try Checked.sub(position.margin, releasedMargin, "margin")
        position.quantity = buying ? try Checked.add(position.quantity, closing, "quantity") : try Checked.sub(position.quantity, closing, "quantity")
        positions[fill.symbol] = position.quantity.isZero ? nil : position
        let rest = try Checked.sub(fill.quantity, closing, "flip quantity")
        if rest.isPositive {
            let restNotional = try Checked.sub(notional, exitNotional, "flip notional")
            try open(fill.symbol, positions[fill.symbol], quantity: rest, buying: buying, notional: restNotional, leverage: leverage, at: fill.time)
        }
    }

    /// Opens or adds to (`existing`) a perpetual position; an addition keeps the position's leverage.
    private mutating func open(
        _ symbol: Symbol, _ existing: LedgerPosition?, quantity: FixedDecimal, buying: Bool, notional: FixedDecimal, leverage: FixedDecimal,
        at time: Timestamp
    ) throws(LedgerError) {
        var position = existing ?? LedgerPosition(
            symbol: symbol, market: .perpetual, quantity: .zero, costBasis: .zero, leverage: leverage, margin: .zero, openedAt: time
        )
        guard position.leverage.isPositive else { throw .invalidLeverage(position.leverage) }
        let margin = try Checked.div(notional, position.leverage, "margin")
        cash = try Checked.sub(cash, margin, "cash")
        position.margin = try Checked.add(position.margin, margin, "margin")
        position.costBasis = try Checked.add(position.costBasis, notional, "cost basis")
        position.quantity = buying ? try Checked.add(position.quantity, quantity, "quantity") : try Checked.sub(position.quantity, quantity, "quantity")
        positions[symbol] = position
    }
}
