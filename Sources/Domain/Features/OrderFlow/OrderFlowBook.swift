import ArenaCore

/// The order-flow state of one symbol, updated per trade in O(1) amortised
/// from rolling windows of time buckets (``BucketWindow``), never by
/// rescanning trades:
///
/// | window | buckets | holds |
/// |---|---|---|
/// | 30 min | 1,800 × 1 s | taker flow (CVD, VWAP); minute samples for slope/acceleration |
/// | 4 h, 24 h | 240, 1,440 × 1 min | taker flow (CVD base and quote) |
/// | 15 min | 900 × 1 s | whale (≥ $100k) notional by side; trades per notional bucket for P99 large trades |
/// | 5 min | 300 × 1 s | liquidated notional by side |
/// | 24 h | 24 × 1 h | notional histogram for P95/P99 |
///
/// Time is the caller's: event times and ``advance(to:)`` move the clock, so
/// windows expire even without trades. A window at a time in bucket `b`
/// covers buckets `b − span + 1 … b`. Events in a second before the clock's
/// are refused (``OrderFlowError/outOfOrder(eventTime:clock:)``); events in
/// the clock's second, even slightly older, are counted in it.
public struct OrderFlowBook: Sendable {
    /// The symbol whose events the book takes.
    public let symbol: Symbol
    /// Trades of at least this quote notional are whale trades ($100k).
    public static let whaleNotional = FixedDecimal(100_000)
    /// Largest price or quantity accepted; with ``maxNotional`` it keeps every window sum far from overflow.
    public static let maxAmount = FixedDecimal(1_000_000_000_000)
    /// Largest trade or liquidation notional accepted.
    public static let maxNotional = FixedDecimal(1_000_000_000_000_000)

    /// The latest event or ``advance(to:)`` time; nil before the first.
    public internal(set) var clock: Timestamp?
    /// Since when the book has observed the market (its first event unless given).
    public internal(set) var origin: Timestamp?
    var second: Int64 = 0
    var lastFlowSecond = Int64.min / 2

    var flow30m = BucketWindow<TakerFlow>(span: 1800)
    var flow4h = BucketWindow<TakerFlow>(span: 240)
    var flow24h = BucketWindow<TakerFlow>(span: 1440)
    var whales = BucketWindow<SidedNotional>(span: 900)
    var liquidated = BucketWindow<SidedNotional>(span: 300)
    var notionals = NotionalQuantileWindow()
    var large = LargeTradeWindow()
    var trend = CVDTrend()

    var fundingRate: Stamped<FixedDecimal>?
    var openInterest = OpenInterestTrack()
    var longShortRatio: Stamped<FixedDecimal>?
    var topTraderLongShare: Stamped<FixedDecimal>?
    var bookImbalance: Stamped<Double>?

    /// A book for `symbol`. `observingFrom` says when observation began if it
    /// was before the first event (e.g. the start of a warm-up history
    /// request): the quiet time before the first trade counts as observed.
    public init(symbol: Symbol, observingFrom start: Timestamp? = nil) {
        self.symbol = symbol
        if let start { begin(at: start) }
    }

    mutating func begin(at time: Timestamp) {
        clock = time
        origin = time
        second = Self.secondIndex(time)
    }

    /// Adds one trade.
    public mutating func add(_ trade: Trade) throws(OrderFlowError) {
        guard trade.symbol == symbol else { throw .wrongSymbol(expected: symbol, got: trade.symbol) }
        let notional = try Self.notional(price: trade.price, quantity: trade.quantity)
        try advance(to: trade.eventTime)
        let flow = TakerFlow(side: trade.takerSide, quantity: trade.quantity, notional: notional)
        flow30m.add(flow)
        flow4h.add(flow)
        flow24h.add(flow)
        lastFlowSecond = second
        if notional >= Self.whaleNotional { whales.add(SidedNotional(side: trade.takerSide, notional: notional)) }
        let bucket = notionals.scale.bucket(notional)
        notionals.add(bucket: bucket)
        large.add(notional: notional, bucket: bucket, side: trade.takerSide, second: second)
    }

    /// Adds one forced liquidation: its notional is (average price, else price) × quantity.
    public mutating func add(_ liquidation: Liquidation) throws(OrderFlowError) {
        guard liquidation.symbol == symbol else { throw .wrongSymbol(expected: symbol, got: liquidation.symbol) }
        let notional = try Self.notional(price: liquidation.averagePrice ?? liquidation.price, quantity: liquidation.quantity)
        try advance(to: liquidation.eventTime)
        // The forced order's side: BUY closes a short (buy slot), SELL closes a long (sell slot).
        liquidated.add(SidedNotional(side: liquidation.side, notional: notional))
    }

    /// `price × quantity` after range checks, so that no later sum can trap.
    static func notional(price: FixedDecimal, quantity: FixedDecimal) throws(OrderFlowError) -> FixedDecimal {
        guard price.isPositive, price <= maxAmount else { throw .invalidValue(field: "price", value: price) }
        guard quantity.isPositive, quantity <= maxAmount else { throw .invalidValue(field: "quantity", value: quantity) }
        let n = price * quantity  // ≤ 10²⁴: cannot overflow
        guard n <= maxNotional else { throw .invalidValue(field: "notional", value: n) }
        return n
    }

    /// The second index (floor) of `t`.
    @inline(__always)
    static func secondIndex(_ t: Timestamp) -> Int64 { floorDiv(t.nanoseconds, 1_000_000_000) }
}

/// `a / b` rounded toward negative infinity (b > 0).
@inline(__always)
func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && a < 0) ? q - 1 : q
}
