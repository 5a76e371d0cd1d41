import ArenaCore

/// The paper venue's fill rules (spec §7, ADR 0013), one order against one input.
///
/// - No look-ahead: an order fills only on data it could not have seen (``MarketInput/canFill(workingSince:)``).
/// - Market: the next trade's price or the next bar's open, moved by the adverse slippage; or,
///   when a book newer than the order exists, the average price of walking it (no slippage
///   added, the quantity limited by the levels).
/// - Limit: "through" means strictly beyond (a bar's low below a buy limit, its high above a
///   sell limit; a trade below/above it). Marketable on arrival (its first eligible price at or
///   better than the limit): taker at that price. Resting: maker at the limit, or at the open
///   when a bar opens beyond the limit (the better price).
/// - Stop-market: triggers when the price reaches the trigger (a bar's high ≥ a buy stop, its
///   low ≤ a sell stop), fills at max/min(trigger, open) with adverse slippage (a gap fills at the open).
/// - Take-profit: triggers in the favourable direction, fills like a market order at the trigger or the gap's open.
/// - Stop-limit: the trigger makes it a limit order that fills from the next data on.
/// - IOC: fills what it can on its first eligible data, the rest is cancelled; FOK: all on
///   its first eligible data, or nothing. Bars and trades never limit the quantity; books do.
public enum PaperMatcher {
    /// Matches `order` against `input`; `book` is the latest book of the symbol newer than the order, if any.
    public static func match(
        _ order: inout PaperOrder, input: MarketInput, book: BookDepth?, pricing: PaperPricing
    ) throws(ExecutionError) -> PaperMatch {
        guard order.state.isWorking, input.canFill(workingSince: order.activeFrom) else { return .none }
        // Only market orders fill on a book; the others wait for a trade or a bar (a book is not their arrival).
        if order.state.spec.type != .market && nextPrice(input) == nil { return .none }
        let arrival = !order.arrived
        order.arrived = true
        var spec = order.state.spec
        var remaining = order.state.remainingQuantity
        switch spec.type {
        case .market:
            if let budget = spec.quoteBudget, order.state.filledQuantity.isZero,
               let price = try sizingPrice(spec.side, input: input, book: book, pricing: pricing) {
                let quantity = try pricing.quantity(spending: budget, at: price)
                guard quantity.isPositive else { return .expire(reason: "budget_too_small: \(budget) buys nothing at \(price)") }
                // The quantity is fixed now, at the price it fills at: the estimate made at the decision's price goes.
                order.state.spec.quantity = quantity
                spec.quantity = quantity
                remaining = quantity
            }
            return try market(spec, remaining: remaining, input: input, book: book, pricing: pricing)
        case .limit:
            return limit(spec, limit: spec.limitPrice, remaining: remaining, input: input, arrival: arrival)
        case .stopLimit where order.triggered:
            return limit(spec, limit: spec.limitPrice, remaining: remaining, input: input, arrival: arrival)
        case .stopLimit:
            guard let trigger = spec.triggerPrice, stopReached(spec.side, trigger: trigger, input: input) != nil else { return .none }
            order.triggered = true
            order.arrived = false
            order.activeFrom = input.time
            return .triggered
        case .stopMarket, .takeProfit:
            guard let trigger = spec.triggerPrice else { return .none }
            let reached = spec.type == .stopMarket
                ? stopReached(spec.side, trigger: trigger, input: input)
                : targetReached(spec.side, trigger: trigger, input: input)
            guard let price = reached else { return .none }
            return .fill(quantity: remaining, price: try pricing.slipped(price, side: spec.side), liquidity: .taker, cancelRest: false)
        }
    }

    /// The price a budgeted market order is sized at: the best level of a book newer than it, else the
    /// next price with the adverse slippage; nil when the input has neither (it waits).
    static func sizingPrice(_ side: Side, input: MarketInput, book: BookDepth?, pricing: PaperPricing) throws(ExecutionError) -> FixedDecimal? {
        if let best = (side == .buy ? book?.asks : book?.bids)?.first(where: { $0.quantity.isPositive && $0.price.isPositive }) {
            return best.price
        }
        return try nextPrice(input).map { price throws(ExecutionError) in try pricing.slipped(price, side: side) }
    }

    /// The next price a market order meets: a trade's price or a bar's open.
    static func nextPrice(_ input: MarketInput) -> FixedDecimal? {
        switch input {
        case .trade(let t): t.price
        case .bar(let b): b.open
        case .depth, .bookTop, .funding: nil
        }
    }

    private static func market(
        _ spec: OrderSpec, remaining: FixedDecimal, input: MarketInput, book: BookDepth?, pricing: PaperPricing
    ) throws(ExecutionError) -> PaperMatch {
        if let book {
            let levels = spec.side == .buy ? book.asks : book.bids
            if let (quantity, price) = try PaperPricing.walk(levels, quantity: remaining) {
                let complete = quantity == remaining
                if spec.timeInForce == .fok && !complete { return .expire(reason: "fok_not_filled: the book holds \(quantity) of \(remaining)") }
                return .fill(quantity: quantity, price: price, liquidity: .taker, cancelRest: spec.timeInForce == .ioc && !complete)
            }
        }
        guard let price = nextPrice(input) else {
            return spec.timeInForce == .gtc ? .none : .expire(reason: "no_liquidity: the book side is empty")
        }
        return .fill(quantity: remaining, price: try pricing.slipped(price, side: spec.side), liquidity: .taker, cancelRest: false)
    }

    private static func limit(
        _ spec: OrderSpec, limit: FixedDecimal?, remaining: FixedDecimal, input: MarketInput, arrival: Bool
    ) -> PaperMatch {
        let noFill: PaperMatch = arrival && spec.timeInForce != .gtc
            ? .expire(reason: "\(spec.timeInForce == .fok ? "fok" : "ioc")_not_filled: the limit was not reached on arrival") : .none
        guard let limit, let first = nextPrice(input), let range = input.priceRange else { return noFill }
        let buy = spec.side == .buy
        let atOrBetter = buy ? first <= limit : first >= limit
        if arrival && atOrBetter {
            return .fill(quantity: remaining, price: first, liquidity: .taker, cancelRest: false)
        }
        if case .bar = input, buy ? first < limit : first > limit {
            return .fill(quantity: remaining, price: first, liquidity: .maker, cancelRest: false)
        }
        let through = buy ? range.low < limit : range.high > limit
        return through ? .fill(quantity: remaining, price: limit, liquidity: .maker, cancelRest: false) : noFill
    }

    /// A stop's fill price before slippage when `input` reaches `trigger` against the position
    /// (a buy stop above the market, a sell stop below), else nil.
    static func stopReached(_ side: Side, trigger: FixedDecimal, input: MarketInput) -> FixedDecimal? {
        guard let open = nextPrice(input), let range = input.priceRange else { return nil }
        if side == .buy { return range.high >= trigger ? max(trigger, open) : nil }
        return range.low <= trigger ? min(trigger, open) : nil
    }

    /// A take-profit's fill price before slippage when `input` reaches `trigger` in the
    /// position's favour (a sell target above, a buy target below), else nil.
    static func targetReached(_ side: Side, trigger: FixedDecimal, input: MarketInput) -> FixedDecimal? {
        guard let open = nextPrice(input), let range = input.priceRange else { return nil }
        if side == .sell { return range.high >= trigger ? max(trigger, open) : nil }
        return range.low <= trigger ? min(trigger, open) : nil
    }
}
