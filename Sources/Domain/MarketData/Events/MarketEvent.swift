import ArenaCore

/// One normalised market-data event, whatever the source (a replayed file, a
/// capture line, a live WebSocket frame or a REST page).
///
/// Everything the gateway consumes passes through this one type, so replay and
/// live share the same integrity checks, aggregation and publishing. Most
/// events are the messages the gateway publishes once checked; only the
/// order-book diffs and snapshots, which the kernel turns into ``ArenaCore/BookDepth``,
/// are inputs alone.
public enum MarketEvent: Sendable, Hashable {
    /// A market message as the source gave it. A `.bar` is a venue kline,
    /// closed or still forming (see ``ArenaCore/Bar/isClosed``).
    case market(MarketMessage)
    /// A diff of the order book (Binance `depthUpdate`).
    case depthUpdate(DepthUpdate)
    /// A full order-book snapshot (Binance REST `depth`), the base that diffs apply to.
    case depthSnapshot(DepthSnapshot)

    /// A trade or aggregated trade.
    public static func trade(_ trade: Trade) -> MarketEvent { .market(.trade(trade)) }
    /// A venue kline.
    public static func kline(_ bar: Bar) -> MarketEvent { .market(.bar(bar)) }
    /// Best bid and ask.
    public static func bookTop(_ top: BookTop) -> MarketEvent { .market(.bookTop(top)) }
    /// Funding rate and mark price of a perpetual.
    public static func funding(_ rate: FundingRate) -> MarketEvent { .market(.funding(rate)) }
    /// A forced liquidation order.
    public static func liquidation(_ liquidation: Liquidation) -> MarketEvent { .market(.liquidation(liquidation)) }

    /// The instrument the event is about.
    public var symbol: Symbol { instrument.symbol }

    /// The venue the event came from.
    public var venue: VenueID { instrument.venue }

    private var instrument: (venue: VenueID, symbol: Symbol) {
        switch self {
        case .market(let m): (m.venue, m.symbol)
        case .depthUpdate(let d): (d.venue, d.symbol)
        case .depthSnapshot(let d): (d.venue, d.symbol)
        }
    }

    /// The venue's time for the event, the key replays merge and pace on.
    /// A closed kline is timed at its close (when a live stream learns it is
    /// final), a forming one at its open.
    public var eventTime: Timestamp {
        switch self {
        case .market(.bar(let b)) where !b.isClosed: b.openTime
        case .market(let m): m.time
        case .depthUpdate(let d): d.eventTime
        case .depthSnapshot(let d): d.eventTime
        }
    }
}
