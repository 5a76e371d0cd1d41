/// One of the gateway's `md.*` messages (proto/PROTOCOL.md, "Topics").
///
/// The one list of market messages: what the market kernel hands on, what
/// the gateway publishes and stores, and what the feature engine applies.
/// Their topics and envelopes are mapped in one place, ArenaWire's
/// `MarketMessage+Wire.swift`.
public enum MarketMessage: Sendable, Hashable {
    /// A trade or aggregated trade (`md.trade.<SYMBOL>`).
    case trade(Trade)
    /// A bar (`md.bar.<tf>.<SYMBOL>`).
    case bar(Bar)
    /// Best bid and ask (`md.book.<SYMBOL>`).
    case bookTop(BookTop)
    /// The top levels of a synchronised order book (`md.depth.<SYMBOL>`).
    case depth(BookDepth)
    /// Funding rate and mark price of a perpetual (`md.funding.<SYMBOL>`).
    case funding(FundingRate)
    /// A forced liquidation order (`md.liq.<SYMBOL>`).
    case liquidation(Liquidation)
    /// Open interest, long/short ratio and top-trader long share of a perpetual (`md.pos.<SYMBOL>`).
    case positioning(Positioning)

    /// The instrument the message is about.
    public var symbol: Symbol { instrument.symbol }

    /// The venue the message is from.
    public var venue: VenueID { instrument.venue }

    private var instrument: (venue: VenueID, symbol: Symbol) {
        switch self {
        case .trade(let t): (t.venue, t.symbol)
        case .bar(let b): (b.venue, b.symbol)
        case .bookTop(let b): (b.venue, b.symbol)
        case .depth(let d): (d.venue, d.symbol)
        case .funding(let f): (f.venue, f.symbol)
        case .liquidation(let l): (l.venue, l.symbol)
        case .positioning(let p): (p.venue, p.symbol)
        }
    }

    /// The market time the message is for. A bar's is its close: the data up
    /// to then is complete once it arrives.
    public var time: Timestamp {
        switch self {
        case .trade(let t): t.eventTime
        case .bar(let b): b.closeTime
        case .bookTop(let b): b.eventTime
        case .depth(let d): d.eventTime
        case .funding(let f): f.eventTime
        case .liquidation(let l): l.eventTime
        case .positioning(let p): p.eventTime
        }
    }
}
