import ArenaCore

/// What the paper venue and the OMS kernel are fed: market data in market-time order.
public enum MarketInput: Sendable, Hashable, Codable {
    case trade(Trade)
    /// A closed bar (1m in the arena).
    case bar(Bar)
    case depth(BookDepth)
    case bookTop(BookTop)
    case funding(FundingRate)

    /// The instrument the input is about.
    public var symbol: Symbol {
        switch self {
        case .trade(let t): t.symbol
        case .bar(let b): b.symbol
        case .depth(let d): d.symbol
        case .bookTop(let b): b.symbol
        case .funding(let f): f.symbol
        }
    }

    /// The market time the input is known at: a bar's close time, every other input's event time.
    public var time: Timestamp {
        switch self {
        case .trade(let t): t.eventTime
        case .bar(let b): b.closeTime
        case .depth(let d): d.eventTime
        case .bookTop(let b): b.eventTime
        case .funding(let f): f.eventTime
        }
    }

    /// Whether an order working since `since` may fill on this input (no look-ahead): a bar
    /// only when it opened at or after `since` (never the bar that closed at `since`), a trade
    /// or a book only when strictly later. Book tops and funding rates never fill orders.
    public func canFill(workingSince since: Timestamp) -> Bool {
        switch self {
        case .bar(let b): b.openTime >= since
        case .trade(let t): t.eventTime > since
        case .depth(let d): d.eventTime > since
        case .bookTop, .funding: false
        }
    }

    /// The price positions are marked at after the input: the trade price, the bar's close,
    /// the book's mid; nil for a funding rate or an empty book.
    public var markPrice: FixedDecimal? {
        switch self {
        case .trade(let t): return t.price
        case .bar(let b): return b.close
        case .depth(let d):
            guard let bid = d.bids.first?.price, let ask = d.asks.first?.price else { return nil }
            return try? bid.adding(ask).divided(by: 2)
        case .bookTop(let b): return try? b.bidPrice.adding(b.askPrice).divided(by: 2)
        case .funding: return nil
        }
    }

    /// The lowest and highest prices the input shows (a bar's low and high, a trade's price), for triggers and liquidations.
    public var priceRange: (low: FixedDecimal, high: FixedDecimal)? {
        switch self {
        case .trade(let t): (t.price, t.price)
        case .bar(let b): (b.low, b.high)
        case .depth, .bookTop:
            markPrice.map { ($0, $0) }
        case .funding: nil
        }
    }
}
