/// One trade (or aggregated trade) printed on a venue.
public struct Trade: Sendable, Hashable, Codable {
    /// Where it printed.
    public var venue: VenueID
    /// What traded.
    public var symbol: Symbol
    /// Spot or perpetual.
    public var market: MarketKind
    /// The venue's trade id; for Binance aggTrades the aggregate id `a`.
    public var tradeID: Int64
    /// Execution price.
    public var price: FixedDecimal
    /// Executed quantity in the base asset.
    public var quantity: FixedDecimal
    /// The aggressor: `.buy` when the buyer took liquidity (Binance `m == false`).
    public var takerSide: Side
    /// The venue's trade time.
    public var eventTime: Timestamp
    /// When this process received it.
    public var receiveTime: Timestamp

    public init(
        venue: VenueID, symbol: Symbol, market: MarketKind, tradeID: Int64, price: FixedDecimal,
        quantity: FixedDecimal, takerSide: Side, eventTime: Timestamp, receiveTime: Timestamp
    ) {
        self.venue = venue
        self.symbol = symbol
        self.market = market
        self.tradeID = tradeID
        self.price = price
        self.quantity = quantity
        self.takerSide = takerSide
        self.eventTime = eventTime
        self.receiveTime = receiveTime
    }

    /// `price × quantity` in the quote asset (USD for USDT pairs), exact.
    public var notional: FixedDecimal { price * quantity }
}

/// An OHLCV bar.
public struct Bar: Sendable, Hashable, Codable {
    public var venue: VenueID
    public var symbol: Symbol
    public var timeframe: Timeframe
    /// Start of the bar (inclusive).
    public var openTime: Timestamp
    public var open: FixedDecimal
    public var high: FixedDecimal
    public var low: FixedDecimal
    public var close: FixedDecimal
    /// Base-asset volume.
    public var volume: FixedDecimal
    /// Quote-asset volume, when the source has it.
    public var quoteVolume: FixedDecimal?
    /// Number of trades, when the source has it.
    public var tradeCount: Int64?
    /// Base volume bought by takers, when the source has it.
    public var takerBuyVolume: FixedDecimal?
    /// False while the bar is still forming.
    public var isClosed: Bool

    public init(
        venue: VenueID, symbol: Symbol, timeframe: Timeframe, openTime: Timestamp,
        open: FixedDecimal, high: FixedDecimal, low: FixedDecimal, close: FixedDecimal,
        volume: FixedDecimal, quoteVolume: FixedDecimal? = nil, tradeCount: Int64? = nil,
        takerBuyVolume: FixedDecimal? = nil, isClosed: Bool = true
    ) {
        self.venue = venue
        self.symbol = symbol
        self.timeframe = timeframe
        self.openTime = openTime
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.quoteVolume = quoteVolume
        self.tradeCount = tradeCount
        self.takerBuyVolume = takerBuyVolume
        self.isClosed = isClosed
    }

    /// End of the bar (exclusive).
    public var closeTime: Timestamp { Timestamp(nanoseconds: openTime.nanoseconds + timeframe.nanoseconds) }
}

/// Best bid and ask (Binance `bookTicker`, OKX `tickers`).
public struct BookTop: Sendable, Hashable, Codable {
    public var venue: VenueID
    public var symbol: Symbol
    public var bidPrice: FixedDecimal
    public var bidQuantity: FixedDecimal
    public var askPrice: FixedDecimal
    public var askQuantity: FixedDecimal
    /// The venue's book update id, when it has one.
    public var updateID: Int64?
    public var eventTime: Timestamp

    public init(
        venue: VenueID, symbol: Symbol, bidPrice: FixedDecimal, bidQuantity: FixedDecimal,
        askPrice: FixedDecimal, askQuantity: FixedDecimal, updateID: Int64? = nil, eventTime: Timestamp
    ) {
        self.venue = venue
        self.symbol = symbol
        self.bidPrice = bidPrice
        self.bidQuantity = bidQuantity
        self.askPrice = askPrice
        self.askQuantity = askQuantity
        self.updateID = updateID
        self.eventTime = eventTime
    }
}

/// A perpetual's funding rate and mark price (Binance `markPrice`, OKX `funding-rate`).
public struct FundingRate: Sendable, Hashable, Codable {
    public var venue: VenueID
    public var symbol: Symbol
    /// The rate for the current 8 h period, as a fraction (0.0001 = 1 bp).
    public var rate: FixedDecimal
    public var markPrice: FixedDecimal?
    public var indexPrice: FixedDecimal?
    /// When the rate is next applied.
    public var nextFundingTime: Timestamp?
    public var eventTime: Timestamp

    public init(
        venue: VenueID, symbol: Symbol, rate: FixedDecimal, markPrice: FixedDecimal? = nil,
        indexPrice: FixedDecimal? = nil, nextFundingTime: Timestamp? = nil, eventTime: Timestamp
    ) {
        self.venue = venue
        self.symbol = symbol
        self.rate = rate
        self.markPrice = markPrice
        self.indexPrice = indexPrice
        self.nextFundingTime = nextFundingTime
        self.eventTime = eventTime
    }
}

/// A forced liquidation order (Binance `forceOrder`).
///
/// ``side`` is the liquidation order's side: a `BUY` liquidation closes a
/// short, so it means a short position was liquidated.
public struct Liquidation: Sendable, Hashable, Codable {
    public var venue: VenueID
    public var symbol: Symbol
    public var side: Side
    public var price: FixedDecimal
    public var quantity: FixedDecimal
    /// Average fill price, when reported.
    public var averagePrice: FixedDecimal?
    public var eventTime: Timestamp

    public init(
        venue: VenueID, symbol: Symbol, side: Side, price: FixedDecimal, quantity: FixedDecimal,
        averagePrice: FixedDecimal? = nil, eventTime: Timestamp
    ) {
        self.venue = venue
        self.symbol = symbol
        self.side = side
        self.price = price
        self.quantity = quantity
        self.averagePrice = averagePrice
        self.eventTime = eventTime
    }

    /// True when a short position was liquidated (the forced order buys).
    public var liquidatedShort: Bool { side == .buy }
}
