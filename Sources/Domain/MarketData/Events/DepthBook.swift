import ArenaCore

/// A diff of the order book, as Binance's `depthUpdate` carries it.
///
/// `firstUpdateID`…`finalUpdateID` are Binance's `U`…`u`; USDⓈ-M adds
/// `previousFinalUpdateID` (`pu`), the `u` of the diff before it, which is how
/// a futures stream shows continuity.
public struct DepthUpdate: Sendable, Hashable {
    public var venue: VenueID
    public var symbol: Symbol
    public var market: MarketKind
    /// Binance `U`.
    public var firstUpdateID: Int64
    /// Binance `u`.
    public var finalUpdateID: Int64
    /// Binance `pu` (USDⓈ-M only).
    public var previousFinalUpdateID: Int64?
    public var bids: [PriceLevel]
    public var asks: [PriceLevel]
    public var eventTime: Timestamp

    public init(
        venue: VenueID, symbol: Symbol, market: MarketKind, firstUpdateID: Int64, finalUpdateID: Int64,
        previousFinalUpdateID: Int64? = nil, bids: [PriceLevel], asks: [PriceLevel], eventTime: Timestamp
    ) {
        self.venue = venue
        self.symbol = symbol
        self.market = market
        self.firstUpdateID = firstUpdateID
        self.finalUpdateID = finalUpdateID
        self.previousFinalUpdateID = previousFinalUpdateID
        self.bids = bids
        self.asks = asks
        self.eventTime = eventTime
    }
}

/// A full order-book snapshot (Binance REST `GET /api/v3/depth`, `/fapi/v1/depth`).
public struct DepthSnapshot: Sendable, Hashable {
    public var venue: VenueID
    public var symbol: Symbol
    public var market: MarketKind
    /// Binance `lastUpdateId`: diffs with `u` at or below it are already included.
    public var lastUpdateID: Int64
    public var bids: [PriceLevel]
    public var asks: [PriceLevel]
    /// The venue's time when it has one (USDⓈ-M `E`), else the receive time.
    public var eventTime: Timestamp

    public init(
        venue: VenueID, symbol: Symbol, market: MarketKind, lastUpdateID: Int64,
        bids: [PriceLevel], asks: [PriceLevel], eventTime: Timestamp
    ) {
        self.venue = venue
        self.symbol = symbol
        self.market = market
        self.lastUpdateID = lastUpdateID
        self.bids = bids
        self.asks = asks
        self.eventTime = eventTime
    }
}
