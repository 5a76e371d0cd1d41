/// One price level of an order book: a price and the total quantity resting there.
/// A quantity of zero in a diff removes the level.
public struct PriceLevel: Sendable, Hashable, Codable {
    public var price: FixedDecimal
    public var quantity: FixedDecimal

    public init(price: FixedDecimal, quantity: FixedDecimal) {
        self.price = price
        self.quantity = quantity
    }
}

/// The top levels of a synchronised order book, published on `md.depth.<SYMBOL>`
/// whenever a diff is applied: what book-imbalance features read.
public struct BookDepth: Sendable, Hashable, Codable {
    public var venue: VenueID
    public var symbol: Symbol
    /// Best first (highest bid, lowest ask).
    public var bids: [PriceLevel]
    public var asks: [PriceLevel]
    /// The venue's book update id the levels are at.
    public var updateID: Int64
    public var eventTime: Timestamp

    public init(venue: VenueID, symbol: Symbol, bids: [PriceLevel], asks: [PriceLevel], updateID: Int64, eventTime: Timestamp) {
        self.venue = venue
        self.symbol = symbol
        self.bids = bids
        self.asks = asks
        self.updateID = updateID
        self.eventTime = eventTime
    }
}
