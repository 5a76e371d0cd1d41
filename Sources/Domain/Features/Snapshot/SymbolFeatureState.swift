import ArenaCore

/// Everything the feature engine keeps about one symbol between decision
/// ticks: the last 60 closed 1m bars, the indicators and regime on the
/// indicator timeframe, the order-flow book and the live quote.
///
/// Inputs are the gateway's published messages. Each is checked before any
/// state changes and refused with a ``SnapshotError`` when it does not fit
/// (another symbol or venue, a timeframe not taken, an unclosed, misaligned
/// or out-of-order bar, an order-flow refusal), so a refused event leaves the
/// state exactly as it was.
///
/// 1m bars and indicator-timeframe bars are separate streams with their own
/// ordering; when the indicator timeframe is 1m, one bar feeds both.
public struct SymbolFeatureState: Sendable {
    /// How many 1m bars a snapshot carries (spec §14: the last 60).
    public static let barCount = 60

    /// The symbol; events of another one are refused.
    public let symbol: Symbol
    /// The venue; events from another one are refused.
    public let venue: VenueID
    /// Spot or perpetual, carried into the snapshot.
    public let market: MarketKind
    /// The bar length the indicators and the regime are computed on.
    public let indicatorTimeframe: Timeframe
    /// The indicator list as configured (`ema:21,rsi:14,adx:14,bbands:20:2,atrpct:14:100`).
    public let indicatorList: String

    /// The last closed 1m bars, oldest first.
    var bars1m = RingBuffer<Bar>(capacity: SymbolFeatureState.barCount)
    /// Open time of the newest 1m and indicator-timeframe bars taken.
    var last1mOpen: Timestamp?
    var lastIndicatorOpen: Timestamp?
    /// Indicator-timeframe bars fed so far (reported in ``SymbolWarmth``).
    var indicatorBarCount = 0
    /// The last closed indicator-timeframe bars a snapshot carries, oldest first.
    var indicatorBars: RingBuffer<Bar>
    /// How many of them a snapshot needs (the roster's largest lookback).
    public let barHistory: Int
    /// The closed 1m bars a snapshot entry carries, and needed before the symbol appears (1…``barCount``).
    public let snapshotBars1m: Int
    /// Settled funding rates a snapshot carries.
    var funding: FundingSettlements

    /// The indicators on the indicator timeframe, and where the regime's inputs are among them.
    public private(set) var indicators: IndicatorSet
    let regimeColumns: RegimeColumns
    var classifier: RegimeClassifier
    /// The latest regime reading; nil while the classifier warms up.
    public private(set) var regime: RegimeReading?

    /// The order-flow book. Created without an observation start unless one
    /// was given, so it warms up from its first real event and the first
    /// frame never shows a slope made from time it did not observe.
    public internal(set) var orderFlow: OrderFlowBook
    /// The newest trade (price and event time): the ticker's last price.
    var lastTrade: Stamped<FixedDecimal>?
    /// The newest best bid/ask.
    var bookTop: BookTop?

    /// A state for one symbol.
    ///
    /// - Parameters:
    ///   - indicators: the indicator list; it must contain `adx`, `bbands` and
    ///     `atrpct` items, which the regime classifier reads.
    ///   - orderFlowObservedFrom: when the trades fed to this state start, if
    ///     that is before the first trade (a warm-up history request that began
    ///     then). Leave nil otherwise: quiet time before the first event would
    ///     be counted as observed and warm windows would be wrong.
    public init(
        symbol: Symbol, venue: VenueID, market: MarketKind, indicators list: String, indicatorTimeframe: Timeframe,
        regime settings: RegimeSettings = RegimeSettings(), orderFlowObservedFrom: Timestamp? = nil,
        barHistory: Int = 1, fundingHistory: Int = 0, snapshotBars1m: Int = SymbolFeatureState.barCount
    ) throws(FeatureConfigurationError) {
        guard barHistory >= 1, fundingHistory >= 0 else { throw .history(bars: barHistory, funding: fundingHistory) }
        guard (1...Self.barCount).contains(snapshotBars1m) else { throw .snapshotBars1m(snapshotBars1m) }
        self.snapshotBars1m = snapshotBars1m
        bars1m = RingBuffer(capacity: snapshotBars1m)
        let specs: [IndicatorSpec]
        do { specs = try IndicatorSpec.parseList(list) } catch { throw .indicators(error) }
        self.symbol = symbol
        self.venue = venue
        self.market = market
        self.indicatorTimeframe = indicatorTimeframe
        indicatorList = list
        indicators = IndicatorSet(specs: specs)
        regimeColumns = try RegimeColumns(specs: specs, list: list)
        classifier = try settings.makeClassifier()
        orderFlow = OrderFlowBook(symbol: symbol, observingFrom: orderFlowObservedFrom)
        self.barHistory = barHistory
        indicatorBars = RingBuffer(capacity: barHistory)
        funding = FundingSettlements(capacity: fundingHistory)
    }

    /// Whether the symbol has ever had a trade; without one the snapshot has no order flow.
    public var hasSeenTrade: Bool { lastTrade != nil }

    /// The last closed 1m bars held (up to 60), oldest first.
    public var recentBars: [Bar] { bars1m.elements }

    // MARK: Bars

    /// Takes a closed bar: a 1m bar joins the 60-bar series; an indicator-timeframe
    /// bar updates the indicators and then the regime.
    public mutating func add(_ bar: Bar) throws(SnapshotError) {
        try checkSource(symbol: bar.symbol, venue: bar.venue)
        let takes1m = bar.timeframe == .m1, takesIndicators = bar.timeframe == indicatorTimeframe
        guard takes1m || takesIndicators else {
            throw .unexpectedTimeframe(symbol: symbol, got: bar.timeframe, accepted: Array(Set([.m1, indicatorTimeframe])).sorted())
        }
        guard bar.isClosed else { throw .unclosedBar(symbol: symbol, timeframe: bar.timeframe, openTime: bar.openTime) }
        guard bar.timeframe.openTime(containing: bar.openTime) == bar.openTime else {
            throw .misalignedBar(symbol: symbol, timeframe: bar.timeframe, openTime: bar.openTime)
        }
        // Both streams are checked before either changes, so a 1m bar refused by one is refused by both.
        for previous in [takes1m ? last1mOpen : nil, takesIndicators ? lastIndicatorOpen : nil] {
            if let previous, bar.openTime <= previous {
                throw .outOfOrderBar(symbol: symbol, timeframe: bar.timeframe, openTime: bar.openTime, previous: previous)
            }
        }
        if takes1m {
            bars1m.push(bar)
            last1mOpen = bar.openTime
        }
        if takesIndicators {
            indicators.update(bar)
            let i = regimeColumns.inputs(indicators)
            // A nil reading (an input went missing) replaces the old one: a stale regime would mislead.
            regime = classifier.update(bar, adx: i.adx, bollingerWidth: i.bollingerWidth, atrPercentile: i.atrPercentile)
            lastIndicatorOpen = bar.openTime
            indicatorBarCount += 1
            indicatorBars.push(bar)
        }
    }

    // MARK: Trades, quotes and order-flow inputs

    /// Takes a trade: order flow, and the ticker's last price.
    public mutating func add(_ trade: Trade) throws(SnapshotError) {
        try checkSource(symbol: trade.symbol, venue: trade.venue)
        do { try orderFlow.add(trade) } catch { throw .orderFlow(symbol: symbol, error) }
        // The book takes a trade slightly older within its current second; the ticker keeps the newest.
        if lastTrade.map({ trade.eventTime >= $0.time }) ?? true {
            lastTrade = Stamped(trade.price, at: trade.eventTime)
        }
    }

    /// Takes a forced liquidation (order flow only).
    public mutating func add(_ liquidation: Liquidation) throws(SnapshotError) {
        try checkSource(symbol: liquidation.symbol, venue: liquidation.venue)
        do { try orderFlow.add(liquidation) } catch { throw .orderFlow(symbol: symbol, error) }
    }

    /// Takes a funding rate update (order flow only).
    public mutating func update(_ funding: FundingRate) throws(SnapshotError) {
        try checkSource(symbol: funding.symbol, venue: funding.venue)
        do { try orderFlow.update(funding) } catch { throw .orderFlow(symbol: symbol, error) }
        self.funding.update(funding)
    }

    /// Takes the top levels of the book (order flow: book imbalance).
    public mutating func update(_ depth: BookDepth) throws(SnapshotError) {
        try checkSource(symbol: depth.symbol, venue: depth.venue)
        do { try orderFlow.update(depth) } catch { throw .orderFlow(symbol: symbol, error) }
    }

    /// Takes a venue's positioning statistics (order flow: open interest and
    /// its 5 min change, long/short ratio, top-trader long share).
    public mutating func update(_ positioning: Positioning) throws(SnapshotError) {
        try checkSource(symbol: positioning.symbol, venue: positioning.venue)
        do { try orderFlow.update(positioning) } catch { throw .orderFlow(symbol: symbol, error) }
    }

    /// Takes a best bid/ask (the ticker's bid and ask); an older one than held is refused.
    public mutating func update(_ top: BookTop) throws(SnapshotError) {
        try checkSource(symbol: top.symbol, venue: top.venue)
        if let held = bookTop, top.eventTime < held.eventTime {
            throw .staleBookTop(symbol: symbol, time: top.eventTime, held: held.eventTime)
        }
        bookTop = top
    }

    /// Refuses events of another symbol or venue.
    private func checkSource(symbol other: Symbol, venue otherVenue: VenueID) throws(SnapshotError) {
        guard other == symbol else { throw .wrongSymbol(expected: symbol, got: other) }
        guard otherVenue == venue else { throw .wrongVenue(symbol: symbol, expected: venue, got: otherVenue) }
    }
}
