/// How traders are positioned in a perpetual over one period of the venue's
/// statistics (Binance USDⓈ-M `futures/data`, 5-minute period), published on
/// `md.pos.<SYMBOL>`: open interest, the long/short account ratio of all
/// accounts and the top traders' long share.
///
/// One message per symbol and period, for the venue's time of the period
/// (``eventTime``); the venue computes the three statistics on the same grid,
/// so they travel together. A statistic the venue did not have for that
/// period is absent (nil), never a default; at least one is present.
public struct Positioning: Sendable, Hashable, Codable {
    public var venue: VenueID
    public var symbol: Symbol
    /// The venue's statistics period (5m).
    public var period: Timeframe
    /// Open interest in base units (Binance `sumOpenInterest`).
    public var openInterest: FixedDecimal?
    /// Open interest in quote (USD) notional (Binance `sumOpenInterestValue`).
    public var openInterestValue: FixedDecimal?
    /// Accounts net long ÷ accounts net short, over all accounts (Binance
    /// `globalLongShortAccountRatio` `longShortRatio`).
    public var longShortRatio: FixedDecimal?
    /// The share (0…1) of the top traders' accounts (top 20 % by margin
    /// balance) that are net long (Binance `topLongShortAccountRatio` `longAccount`).
    public var topTraderLongShare: FixedDecimal?
    /// The venue's time of the period's statistics.
    public var eventTime: Timestamp

    public init(
        venue: VenueID, symbol: Symbol, period: Timeframe = .m5, openInterest: FixedDecimal? = nil,
        openInterestValue: FixedDecimal? = nil, longShortRatio: FixedDecimal? = nil, topTraderLongShare: FixedDecimal? = nil,
        eventTime: Timestamp
    ) {
        self.venue = venue
        self.symbol = symbol
        self.period = period
        self.openInterest = openInterest
        self.openInterestValue = openInterestValue
        self.longShortRatio = longShortRatio
        self.topTraderLongShare = topTraderLongShare
        self.eventTime = eventTime
    }

    /// True when no statistic is present (never published).
    public var isEmpty: Bool {
        openInterest == nil && openInterestValue == nil && longShortRatio == nil && topTraderLongShare == nil
    }
}
