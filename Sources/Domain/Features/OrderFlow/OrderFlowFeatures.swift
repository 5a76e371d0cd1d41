import ArenaCore

/// Which feature groups have seen their whole window. A group's outputs are
/// nil until it is warm: the book must have observed (from its start, see
/// ``OrderFlowBook/init(symbol:observingFrom:)``) every bucket of the window.
public struct OrderFlowWarmUp: Sendable, Hashable {
    /// CVD and VWAP over 30 minutes (1 s buckets).
    public var flow30m = false
    /// CVD over 4 hours (1 min buckets).
    public var flow4h = false
    /// CVD over 24 hours (1 min buckets).
    public var flow24h = false
    /// The 30-minute CVD's slope (30 + k minutes of history) …
    public var slope = false
    /// … and acceleration (30 + 2k minutes).
    public var acceleration = false
    /// P95/P99 thresholds and the large trades measured against them (24 hourly buckets).
    public var thresholds = false
    /// Whale flow over 15 minutes (1 s buckets).
    public var whales = false
    /// Liquidations over 5 minutes (1 s buckets).
    public var liquidations = false

    /// Whether every group is warm.
    public var all: Bool { flow30m && flow4h && flow24h && slope && acceleration && thresholds && whales && liquidations }
}

/// Every order-flow feature of one symbol at the book's clock. Outputs are
/// nil while their group warms up (``warm``) or when their inputs never arrived.
/// Sums are exact decimals; ratios are statistics in `Double` computed from the exact sums.
public struct OrderFlowFeatures: Sendable, Hashable {
    /// The symbol.
    public var symbol: Symbol
    /// The book's clock: the latest event or `advance(to:)` time.
    public var time: Timestamp
    /// Warm-up state per group.
    public var warm: OrderFlowWarmUp

    /// Taker flow over 30 minutes (CVD base/quote, volume, VWAP).
    public var flow30m: TakerFlow?
    /// Taker flow over 4 hours.
    public var flow4h: TakerFlow?
    /// Taker flow over 24 hours.
    public var flow24h: TakerFlow?
    /// CVD (base units) over 30 minutes: taker buy − taker sell volume.
    public var cvd30m: FixedDecimal? { flow30m?.cvd }
    /// CVD over 4 hours.
    public var cvd4h: FixedDecimal? { flow4h?.cvd }
    /// CVD over 24 hours.
    public var cvd24h: FixedDecimal? { flow24h?.cvd }
    /// VWAP over 30 minutes; nil also when nothing traded.
    public var vwap30m: FixedDecimal? { flow30m?.vwap }
    /// Slope of the 30-minute CVD, base units per minute (see ``CVDTrend``).
    public var cvd30mSlope: FixedDecimal?
    /// Acceleration of the 30-minute CVD, base units per minute² (see ``CVDTrend``).
    public var cvd30mAcceleration: FixedDecimal?
    /// The end of the minute the slope and acceleration are for.
    public var trendTime: Timestamp?

    /// P95 of trade quote notional over 24 h (within ``NotionalQuantileWindow``'s bound); nil when cold or no trades.
    public var p95Notional: FixedDecimal?
    /// P99 of trade quote notional over 24 h.
    public var p99Notional: FixedDecimal?
    /// Taker-buy trades of the last 15 minutes with notional ≥ ``p99Notional``.
    public var largeBuys: LargeTrades?
    /// Taker-sell trades of the last 15 minutes with notional ≥ ``p99Notional``.
    public var largeSells: LargeTrades?

    /// Notional of trades ≥ $100k over 15 minutes by taker side.
    public var whaleFlow: SidedNotional?
    /// Whale buy notional / whale notional over 15 minutes; nil when there was none.
    public var whaleBuyRatio: Double? { whaleFlow?.buyShare }

    /// Liquidated notional over 5 minutes: ``SidedNotional/sell`` = longs liquidated (SELL forced orders),
    /// ``SidedNotional/buy`` = shorts liquidated.
    public var liquidations: SidedNotional?
    /// `(longs − shorts) / (longs + shorts)` liquidated notional over 5 minutes, in [−1, 1]
    /// (positive: longs were flushed); nil when nothing was liquidated.
    public var liquidationImbalance: Double? {
        guard let l = liquidations, l.total.isPositive else { return nil }
        return (l.sell - l.buy).doubleValue / l.total.doubleValue
    }

    /// The latest funding rate.
    public var fundingRate: Stamped<FixedDecimal>?
    /// The latest open interest.
    public var openInterest: Stamped<FixedDecimal>?
    /// Open interest change over 5 minutes as a fraction (``OpenInterestTrack``).
    public var openInterestChange5m: FixedDecimal?
    /// The latest long/short account ratio.
    public var longShortRatio: Stamped<FixedDecimal>?
    /// The latest top-trader long share (0…1).
    public var topTraderLongShare: Stamped<FixedDecimal>?
    /// The latest top-10-level book imbalance (``bookImbalance(_:levels:)``).
    public var bookImbalance: Stamped<Double>?

    /// Nothing known yet about `symbol` at `time`.
    public init(symbol: Symbol, time: Timestamp) {
        self.symbol = symbol
        self.time = time
        warm = OrderFlowWarmUp()
    }
}
