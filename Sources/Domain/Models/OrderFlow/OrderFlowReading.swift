import ArenaCore
import Features

/// The side an order-flow reading points to.
public enum FlowSide: String, Sendable, Hashable, CaseIterable {
    case long = "LONG"
    case short = "SHORT"

    /// The side of a value's sign; nil for zero.
    public init?(sign value: FixedDecimal) {
        switch value.signum {
        case 1: self = .long
        case -1: self = .short
        default: return nil
        }
    }

    /// The order that opens this side.
    public var action: TradeAction { self == .long ? .buy : .sell }
    /// The other side.
    public var opposite: FlowSide { self == .long ? .short : .long }
    /// Whether `value` points this way (a zero points nowhere).
    public func agrees(with value: FixedDecimal) -> Bool { FlowSide(sign: value) == self }
    /// The side of a position (nil when flat).
    public init?(position: PositionState) { self.init(sign: position.quantity) }
}

/// The inputs of one symbol's order-flow score as the snapshot gives them;
/// nil is a missing input (cold window, a feed the market lacks, or one never fed).
public struct OrderFlowReading: Sendable, Hashable {
    public var symbol: Symbol
    public var market: MarketKind
    /// CVD (base units) over 30 min and 4 h, and the 30 min CVD's acceleration.
    public var cvd30m: FixedDecimal?
    public var cvd4h: FixedDecimal?
    public var acceleration: FixedDecimal?
    /// The 24 h P99 of trade quote notional, and the trades at or above it in the last 15 min by taker side.
    public var p99Notional: FixedDecimal?
    public var largeBuys: LargeTrades?
    public var largeSells: LargeTrades?
    /// Open-interest change over 5 min, as a fraction (0.03 = +3 %).
    public var openInterestChange: FixedDecimal?
    public var longShortRatio: FixedDecimal?
    public var topTraderLongShare: FixedDecimal?
    /// The latest funding rate and the settled rates before it (oldest first).
    public var fundingRate: FixedDecimal?
    public var fundingHistory: [FixedDecimal]
    /// Liquidated notional (USD) over 5 min: longs (forced sells) and shorts (forced buys).
    public var liquidatedLongs: FixedDecimal?
    public var liquidatedShorts: FixedDecimal?
    /// Coinbase premium as a fraction: the platform has no Coinbase feed, so always nil here.
    public var coinbasePremium: FixedDecimal?

    /// A reading; every input missing unless given.
    public init(
        symbol: Symbol, market: MarketKind, cvd30m: FixedDecimal? = nil, cvd4h: FixedDecimal? = nil, acceleration: FixedDecimal? = nil,
        p99Notional: FixedDecimal? = nil, largeBuys: LargeTrades? = nil, largeSells: LargeTrades? = nil,
        openInterestChange: FixedDecimal? = nil, longShortRatio: FixedDecimal? = nil, topTraderLongShare: FixedDecimal? = nil,
        fundingRate: FixedDecimal? = nil, fundingHistory: [FixedDecimal] = [], liquidatedLongs: FixedDecimal? = nil,
        liquidatedShorts: FixedDecimal? = nil, coinbasePremium: FixedDecimal? = nil
    ) {
        self.symbol = symbol
        self.market = market
        self.cvd30m = cvd30m
        self.cvd4h = cvd4h
        self.acceleration = acceleration
        self.p99Notional = p99Notional
        self.largeBuys = largeBuys
        self.largeSells = largeSells
        self.openInterestChange = openInterestChange
        self.longShortRatio = longShortRatio
        self.topTraderLongShare = topTraderLongShare
        self.fundingRate = fundingRate
        self.fundingHistory = fundingHistory
        self.liquidatedLongs = liquidatedLongs
        self.liquidatedShorts = liquidatedShorts
        self.coinbasePremium = coinbasePremium
    }

    /// The reading of a snapshot entry whose order flow is `flow`.
    public init(_ entry: SymbolSnapshot, flow: OrderFlowSnapshot) {
        func large(_ count: Int?, _ notional: FixedDecimal?) -> LargeTrades? {
            guard let count, let notional else { return nil }
            return LargeTrades(count: count, notional: notional)
        }
        self.init(
            symbol: entry.symbol, market: entry.market, cvd30m: flow.cvd30m, cvd4h: flow.cvd4h, acceleration: flow.cvd30mAcceleration,
            p99Notional: flow.p99Notional, largeBuys: large(flow.largeBuyCount, flow.largeBuyNotional),
            largeSells: large(flow.largeSellCount, flow.largeSellNotional), openInterestChange: flow.openInterestChange5m,
            longShortRatio: flow.longShortRatio, topTraderLongShare: flow.topTraderLongShare, fundingRate: flow.fundingRate,
            fundingHistory: entry.fundingHistory.map(\.rate), liquidatedLongs: flow.liquidatedLongs5m,
            liquidatedShorts: flow.liquidatedShorts5m
        )
    }

    /// The side of the 30 min CVD: reported even without consensus, so that a flip can close a position.
    public var fastSide: FlowSide? { cvd30m.flatMap(FlowSide.init(sign:)) }

    /// The entry direction: both CVDs positive → long, both negative → short, otherwise none.
    public var consensus: FlowSide? {
        guard let fast = fastSide, let cvd4h, fast.agrees(with: cvd4h) else { return nil }
        return fast
    }

    /// The largest |settled funding rate| of the history; nil when it holds none.
    public var maxHistoricalAbsFunding: FixedDecimal? { fundingHistory.map(\.magnitude).max() }

    /// The inputs as named numbers, for the decision's details (missing ones left out).
    public var namedValues: [NamedValue] {
        let values: [(String, FixedDecimal?)] = [
            ("cvd_30m", cvd30m), ("cvd_4h", cvd4h), ("cvd_30m_acceleration", acceleration), ("p99_notional", p99Notional),
            ("large_buy_count", largeBuys.map { FixedDecimal($0.count) }), ("large_buy_notional", largeBuys?.notional),
            ("large_sell_count", largeSells.map { FixedDecimal($0.count) }), ("large_sell_notional", largeSells?.notional),
            ("open_interest_change_5m", openInterestChange), ("long_short_ratio", longShortRatio),
            ("top_trader_long_share", topTraderLongShare), ("funding_rate", fundingRate),
            ("max_historical_abs_funding", maxHistoricalAbsFunding), ("liquidated_longs_5m", liquidatedLongs),
            ("liquidated_shorts_5m", liquidatedShorts),
        ]
        return values.compactMap { name, value in value.map { NamedValue(name, $0.doubleValue) } }
    }
}
