import ArenaCore

/// Everything a ``MarketKernel`` remembers about one instrument.
struct InstrumentState: Sendable {
    var tradeIDs = TradeIDTracker()
    /// The id of a trade whose gap was reported ahead of it (``MarketKernel/reportGap(before:)``),
    /// so that processing it does not report the gap again.
    var gapReportedBefore: Int64?
    /// Builds 1m bars from trades (``BarSource/trades``).
    var minuteBuilder: TradeBarBuilder?
    /// Open time of the last accepted 1m kline (``BarSource/klines``).
    var lastKlineOpen: Timestamp?
    var ladder: BarLadder
    var jumps: PriceJumpDetector
    var coverage: [Timeframe: CoverageTracker]
    var lastBookTop: BookTop?
    var lastFunding: FundingRate?
    /// The last accepted positioning statistics (dedupe by their time).
    var lastPositioning: Positioning?
    var lastTrade: Trade?
    /// The order book, once a diff or snapshot arrived (its market decides the sync procedure).
    var depth: DepthSynchronizer?
    /// A snapshot was asked for and has not arrived yet.
    var snapshotRequested = false
    /// Counted findings not yet reported, by stream.
    var pendingDuplicates: [String: Int] = [:]
    var pendingLate: [String: Int] = [:]
    /// Trades taken after their minute's bar was published, not yet reported.
    var afterBarClose = LateTradeTally()

    init(key: InstrumentKey, configuration: KernelConfiguration) throws(BarAggregatorError) {
        ladder = try BarLadder(venue: key.venue, symbol: key.symbol, timeframes: configuration.timeframes)
        if configuration.barSource == .trades {
            minuteBuilder = TradeBarBuilder(venue: key.venue, symbol: key.symbol, dropsLeadingPartial: true)
        }
        jumps = PriceJumpDetector(
            sigmas: configuration.jumpSigmas, window: configuration.jumpWindow, minimumSamples: configuration.jumpMinimumSamples
        )
        var coverage: [Timeframe: CoverageTracker] = [.m1: CoverageTracker(symbol: key.symbol, timeframe: .m1)]
        for tf in ladder.timeframes { coverage[tf] = CoverageTracker(symbol: key.symbol, timeframe: tf) }
        self.coverage = coverage
    }
}

/// Trades that came after their 1m bar was published: how many, and the minutes they span.
struct LateTradeTally: Sendable {
    private(set) var trades = 0
    private(set) var first: Timestamp?
    private(set) var last: Timestamp?

    mutating func add(_ time: Timestamp) {
        trades += 1
        if first.map({ time < $0 }) ?? true { first = time }
        if last.map({ time > $0 }) ?? true { last = time }
    }

    /// The minutes the tallied trades fall in (end exclusive), if any.
    var minutes: TimeRange? {
        guard let first, let last else { return nil }
        let from = Timeframe.m1.openTime(containing: first)
        return TimeRange(from: from, to: Timeframe.m1.openTime(containing: last).advanced(by: .seconds(60)))
    }
}
