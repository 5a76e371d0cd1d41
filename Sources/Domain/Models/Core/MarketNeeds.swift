import ArenaCore
import Features

/// The order-flow inputs a model reads.
public enum OrderFlowInput: String, Sendable, Hashable, CaseIterable, Comparable {
    /// CVD over 30 min and 4 h, its slope and acceleration, large trades: need a trade feed.
    case cvd, largeTrades
    /// Forced liquidations over 5 min: need a perpetual's liquidation feed.
    case liquidations
    /// Funding rate: a perpetual.
    case fundingRate
    /// Open interest, long/short account ratio, top-trader long share: polled
    /// from the venue; a replay may lack them (the model then scores them as missing).
    case openInterest, longShortRatio, topTraderShare

    /// Whether the model can run without it (it then says so in the decision).
    public var isOptional: Bool {
        switch self {
        case .cvd, .largeTrades, .fundingRate: false
        case .liquidations, .openInterest, .longShortRatio, .topTraderShare: true
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// What a model reads from the snapshot. The feature engine computes the
/// union of the roster's needs; a need the market cannot meet is refused at
/// start (``MarketNeeds/check(against:)``), never discovered as a HOLD later.
public struct MarketNeeds: Sendable, Hashable {
    /// Indicator items in the `arena indicators` syntax (`ema:9`, `bbands:20:2`).
    public var indicators: [String]
    /// The timeframe those indicators must be on (nil: whichever the engine uses).
    public var timeframe: Timeframe?
    /// Closed indicator-timeframe bars the model looks back over (≥ 1).
    public var bars: Int
    /// Order-flow inputs.
    public var orderFlow: Set<OrderFlowInput>
    /// Settled funding rates the model looks back over (0: none).
    public var fundingHistory: Int
    /// Whether the model only uses the funding history where there is one:
    /// on spot it gets an empty history (and says so in its decisions)
    /// instead of being refused. False: a spot market is refused.
    public var fundingHistoryIsOptional: Bool

    /// Needs; by default nothing beyond the last bar.
    public init(
        indicators: [String] = [], timeframe: Timeframe? = nil, bars: Int = 1, orderFlow: Set<OrderFlowInput> = [], fundingHistory: Int = 0,
        fundingHistoryIsOptional: Bool = false
    ) {
        self.indicators = indicators
        self.timeframe = timeframe
        self.bars = bars
        self.orderFlow = orderFlow
        self.fundingHistory = fundingHistory
        self.fundingHistoryIsOptional = fundingHistoryIsOptional
    }

    /// Both needs together (indicators in first-seen order, without repeats);
    /// the funding history is optional only if every side that reads one says so.
    public func union(_ other: MarketNeeds) -> MarketNeeds {
        var items = indicators
        for item in other.indicators where !items.contains(item) { items.append(item) }
        let optional = fundingHistory == 0 ? other.fundingHistoryIsOptional
            : other.fundingHistory == 0 ? fundingHistoryIsOptional : fundingHistoryIsOptional && other.fundingHistoryIsOptional
        return MarketNeeds(
            indicators: items, timeframe: timeframe ?? other.timeframe, bars: max(bars, other.bars),
            orderFlow: orderFlow.union(other.orderFlow), fundingHistory: max(fundingHistory, other.fundingHistory),
            fundingHistoryIsOptional: optional
        )
    }

    /// The indicator columns these needs produce.
    public func columns() throws(ModelConfigError) -> [String] {
        var columns: [String] = []
        for item in indicators {
            do { columns += try IndicatorSpec.parse(item).columns } catch {
                throw .unmetNeed(key: "indicators", reason: "'\(item)' is not an indicator: \(error)")
            }
        }
        return columns
    }

    /// Refuses what `market` cannot provide, naming it.
    public func check(against market: MarketCapabilities) throws(ModelConfigError) {
        if let timeframe, timeframe != market.indicatorTimeframe {
            throw .unmetNeed(
                key: "features.indicator_timeframe",
                reason: "the model reads indicators on \(timeframe.rawValue), the feature engine computes them on \(market.indicatorTimeframe.rawValue)"
            )
        }
        _ = try columns()
        for input in orderFlow.sorted() where !input.isOptional {
            switch input {
            case .cvd, .largeTrades:
                guard market.hasTrades else {
                    throw .unmetNeed(key: "market", reason: "the model reads order flow (\(input.rawValue)) and the market configuration has no trade feed")
                }
            case .fundingRate:
                guard market.kind == .perpetual else {
                    throw .unmetNeed(key: "market.kind", reason: "the model reads funding rates, which only a perpetual market has (market.kind is \(market.kind.rawValue))")
                }
            default: break
            }
        }
        if fundingHistory > 0, !fundingHistoryIsOptional, market.kind != .perpetual {
            throw .unmetNeed(key: "market.kind", reason: "the model reads funding history, which only a perpetual market has (market.kind is \(market.kind.rawValue))")
        }
    }
}

/// What the market configuration provides to snapshots.
public struct MarketCapabilities: Sendable, Hashable {
    public var kind: MarketKind
    public var indicatorTimeframe: Timeframe
    /// Whether trades reach the feature engine (a live feed, or trade files in the replay).
    public var hasTrades: Bool

    public init(kind: MarketKind, indicatorTimeframe: Timeframe, hasTrades: Bool) {
        self.kind = kind
        self.indicatorTimeframe = indicatorTimeframe
        self.hasTrades = hasTrades
    }
}
