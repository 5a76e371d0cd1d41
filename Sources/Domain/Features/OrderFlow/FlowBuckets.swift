import ArenaCore

/// Taker flow in one time bucket, exact: base and quote volume bought and sold
/// by takers. CVD is `buyBase − sellBase` (base units); the book also keeps the
/// quote-notional CVD `buyQuote − sellQuote`, and VWAP is `(buyQuote + sellQuote) / (buyBase + sellBase)`.
public struct TakerFlow: WindowSum, Hashable {
    /// Base quantity bought by takers.
    public var buyBase = FixedDecimal.zero
    /// Base quantity sold by takers.
    public var sellBase = FixedDecimal.zero
    /// Quote notional (price × quantity) bought by takers.
    public var buyQuote = FixedDecimal.zero
    /// Quote notional sold by takers.
    public var sellQuote = FixedDecimal.zero

    /// No flow.
    public static var zero: TakerFlow { TakerFlow() }

    /// No flow.
    public init() {}

    /// One trade's flow.
    @inline(__always)
    public init(side: Side, quantity: FixedDecimal, notional: FixedDecimal) {
        if side == .buy { (buyBase, buyQuote) = (quantity, notional) } else { (sellBase, sellQuote) = (quantity, notional) }
    }

    /// Cumulative volume delta in base units: taker buys − taker sells.
    public var cvd: FixedDecimal { buyBase - sellBase }
    /// Cumulative volume delta in quote notional.
    public var quoteCVD: FixedDecimal { buyQuote - sellQuote }
    /// Base volume traded.
    public var volume: FixedDecimal { buyBase + sellBase }
    /// Quote notional traded.
    public var notional: FixedDecimal { buyQuote + sellQuote }

    /// Volume-weighted average price, rounded half-even to FixedDecimal's 12 places; nil without volume.
    public var vwap: FixedDecimal? {
        guard volume.isPositive else { return nil }
        return try? notional.divided(by: volume)
    }

    @inline(__always)
    public mutating func add(_ o: TakerFlow) {
        buyBase += o.buyBase
        sellBase += o.sellBase
        buyQuote += o.buyQuote
        sellQuote += o.sellQuote
    }

    @inline(__always)
    public mutating func subtract(_ o: TakerFlow) {
        buyBase -= o.buyBase
        sellBase -= o.sellBase
        buyQuote -= o.buyQuote
        sellQuote -= o.sellQuote
    }
}

/// Quote notional on each side in one bucket, exact: whale trades by taker
/// side, or liquidations by the liquidated position (``long`` = a SELL forced order).
public struct SidedNotional: WindowSum, Hashable {
    /// Taker-buy notional, or the notional of liquidated shorts.
    public var buy = FixedDecimal.zero
    /// Taker-sell notional, or the notional of liquidated longs.
    public var sell = FixedDecimal.zero

    /// Nothing on either side.
    public static var zero: SidedNotional { SidedNotional() }

    /// Nothing on either side.
    public init() {}

    /// `notional` on `side`.
    @inline(__always)
    public init(side: Side, notional: FixedDecimal) {
        if side == .buy { buy = notional } else { sell = notional }
    }

    /// Both sides.
    public var total: FixedDecimal { buy + sell }

    /// `buy / (buy + sell)` as a statistic; nil when both are zero (no flow is not balanced flow).
    public var buyShare: Double? {
        let t = total
        return t.isPositive ? buy.doubleValue / t.doubleValue : nil
    }

    @inline(__always)
    public mutating func add(_ o: SidedNotional) {
        buy += o.buy
        sell += o.sell
    }

    @inline(__always)
    public mutating func subtract(_ o: SidedNotional) {
        buy -= o.buy
        sell -= o.sell
    }
}
