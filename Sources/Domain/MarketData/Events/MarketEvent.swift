import ArenaCore

/// One normalised market-data event, whatever the source (a replayed file, a
/// capture line, a live WebSocket frame or a REST page).
///
/// Everything the gateway consumes passes through this one type, so replay and
/// live share the same integrity checks, aggregation and publishing.
public enum MarketEvent: Sendable, Hashable {
    /// A trade or aggregated trade.
    case trade(Trade)
    /// A venue kline (closed or still forming, see ``ArenaCore/Bar/isClosed``).
    case kline(Bar)
    /// Best bid and ask.
    case bookTop(BookTop)
    /// A diff of the order book (Binance `depthUpdate`).
    case depthUpdate(DepthUpdate)
    /// A full order-book snapshot (Binance REST `depth`), the base that diffs apply to.
    case depthSnapshot(DepthSnapshot)
    /// Funding rate and mark price of a perpetual.
    case funding(FundingRate)
    /// A forced liquidation order.
    case liquidation(Liquidation)

    /// The instrument the event is about.
    public var symbol: Symbol {
        switch self {
        case .trade(let t): t.symbol
        case .kline(let b): b.symbol
        case .bookTop(let b): b.symbol
        case .depthUpdate(let d): d.symbol
        case .depthSnapshot(let d): d.symbol
        case .funding(let f): f.symbol
        case .liquidation(let l): l.symbol
        }
    }

    /// The venue the event came from.
    public var venue: VenueID {
        switch self {
        case .trade(let t): t.venue
        case .kline(let b): b.venue
        case .bookTop(let b): b.venue
        case .depthUpdate(let d): d.venue
        case .depthSnapshot(let d): d.venue
        case .funding(let f): f.venue
        case .liquidation(let l): l.venue
        }
    }

    /// The venue's time for the event, the key replays merge and pace on.
    /// A kline is timed at its close: that is when a live stream learns it is final.
    public var eventTime: Timestamp {
        switch self {
        case .trade(let t): t.eventTime
        case .kline(let b): b.isClosed ? b.closeTime : b.openTime
        case .bookTop(let b): b.eventTime
        case .depthUpdate(let d): d.eventTime
        case .depthSnapshot(let d): d.eventTime
        case .funding(let f): f.eventTime
        case .liquidation(let l): l.eventTime
        }
    }
}
