import ArenaCore

/// What the feature engine is built from: the universe, the indicators and
/// their timeframe, the regime settings and the decision interval.
public struct FeatureEngineConfiguration: Sendable, Hashable {
    /// One symbol of the universe and where it trades.
    public struct Instrument: Sendable, Hashable {
        /// The symbol, as the gateway publishes it.
        public var symbol: Symbol
        /// The venue its events come from; events from another venue are refused.
        public var venue: VenueID
        /// Spot or perpetual, carried into the snapshot.
        public var market: MarketKind

        /// `symbol` on `venue`'s `market`.
        public init(symbol: Symbol, venue: VenueID, market: MarketKind) {
            self.symbol = symbol
            self.venue = venue
            self.market = market
        }
    }

    /// The universe (any order; snapshots list symbols sorted).
    public var instruments: [Instrument]
    /// The indicator list, shared by every symbol; must contain `adx`, `bbands` and `atrpct`.
    public var indicators: String
    /// The bar length indicators and regimes are computed on (e.g. 5m).
    public var indicatorTimeframe: Timeframe
    /// Seconds between decision ticks (see ``DecisionSchedule``).
    public var tickIntervalSeconds: Int64
    /// Regime thresholds and windows.
    public var regime: RegimeSettings
    /// When the trade feed starts, if before each symbol's first event (a
    /// warm-up history request made from that time); nil: each order-flow
    /// book observes from its own first event.
    public var orderFlowObservedFrom: Timestamp?
    /// Indicator-timeframe bars each snapshot entry carries (≥ 1).
    public var barHistory: Int
    /// Settled funding rates each snapshot entry carries (≥ 0).
    public var fundingHistory: Int
    /// The closed 1m bars each snapshot entry carries, and a symbol needs before it appears (1…60).
    public var snapshotBars1m: Int

    /// A configuration; nothing is checked until ``FeatureEngine/init(configuration:)``.
    public init(
        instruments: [Instrument], indicators: String, indicatorTimeframe: Timeframe = .m5, tickIntervalSeconds: Int64 = 300,
        regime: RegimeSettings = RegimeSettings(), orderFlowObservedFrom: Timestamp? = nil, barHistory: Int = 1, fundingHistory: Int = 0,
        snapshotBars1m: Int = SymbolFeatureState.barCount
    ) {
        self.snapshotBars1m = snapshotBars1m
        self.barHistory = barHistory
        self.fundingHistory = fundingHistory
        self.instruments = instruments
        self.indicators = indicators
        self.indicatorTimeframe = indicatorTimeframe
        self.tickIntervalSeconds = tickIntervalSeconds
        self.regime = regime
        self.orderFlowObservedFrom = orderFlowObservedFrom
    }
}

/// The feature state of every symbol of the universe, and the market snapshot
/// built from it at each decision tick (spec §4).
///
/// Pure: events and ticks come from the caller, in the order the caller
/// chooses (a live feed or a replay), so the same inputs always give the same
/// snapshots and the same hashes.
public struct FeatureEngine: Sendable {
    /// The configuration it was built from.
    public let configuration: FeatureEngineConfiguration
    /// The decision ticks.
    public let schedule: DecisionSchedule
    /// Every symbol, sorted: the order of snapshot entries.
    public let symbols: [Symbol]
    private var states: [Symbol: SymbolFeatureState]

    /// Validates `configuration` and builds one state per symbol.
    public init(configuration: FeatureEngineConfiguration) throws(FeatureConfigurationError) {
        guard !configuration.instruments.isEmpty else { throw .emptyUniverse }
        do { schedule = try DecisionSchedule(intervalSeconds: configuration.tickIntervalSeconds) } catch { throw .schedule(error) }
        var states: [Symbol: SymbolFeatureState] = [:]
        for i in configuration.instruments {
            guard states[i.symbol] == nil else { throw .duplicateSymbol(i.symbol) }
            states[i.symbol] = try SymbolFeatureState(
                symbol: i.symbol, venue: i.venue, market: i.market, indicators: configuration.indicators,
                indicatorTimeframe: configuration.indicatorTimeframe, regime: configuration.regime,
                orderFlowObservedFrom: configuration.orderFlowObservedFrom, barHistory: configuration.barHistory,
                fundingHistory: configuration.fundingHistory, snapshotBars1m: configuration.snapshotBars1m
            )
        }
        self.configuration = configuration
        self.states = states
        symbols = states.keys.sorted()
    }

    /// Routes `message` (one the gateway publishes) to its symbol's state: bars
    /// (1m or of the indicator timeframe) to the indicators, trades,
    /// liquidations, funding, depth and positioning to order flow, trades and book tops to
    /// the ticker. An unknown symbol or a refused message throws and changes nothing.
    public mutating func apply(_ message: MarketMessage) throws(SnapshotError) {
        let symbol = message.symbol
        guard states[symbol] != nil else { throw .unknownSymbol(symbol) }
        // Mutating in place through the dictionary's subscript avoids copying the state (its order-flow windows are large).
        switch message {
        case .bar(let b): try states[symbol]!.add(b)
        case .trade(let t): try states[symbol]!.add(t)
        case .liquidation(let l): try states[symbol]!.add(l)
        case .funding(let f): try states[symbol]!.update(f)
        case .depth(let d): try states[symbol]!.update(d)
        case .bookTop(let b): try states[symbol]!.update(b)
        case .positioning(let p): try states[symbol]!.update(p)
        }
    }

    /// The state of `symbol`, if configured.
    public func state(for symbol: Symbol) -> SymbolFeatureState? { states[symbol] }

    /// Every symbol's warmth, sorted by symbol.
    public var warmth: [SymbolWarmth] { symbols.map { states[$0]!.warmth } }

    /// Whether a snapshot can be built now.
    public var isWarm: Bool { states.values.allSatisfy(\.warmth.isWarm) }

    /// The market at decision tick `tick`, symbols sorted by symbol.
    ///
    /// Throws ``SnapshotError/notWarm(_:)`` listing every cold symbol (and
    /// then changes nothing), or ``SnapshotError/misalignedTick(_:intervalSeconds:)``
    /// when `tick` is not on the schedule. Building the snapshot moves each
    /// order-flow book's clock to the tick (see ``SymbolFeatureState/orderFlowSnapshot(at:)``).
    public mutating func snapshot(at tick: Timestamp) throws(SnapshotError) -> MarketSnapshot {
        guard schedule.isTick(tick) else { throw .misalignedTick(tick, intervalSeconds: schedule.intervalSeconds) }
        let cold = warmth.filter { !$0.isWarm }
        guard cold.isEmpty else { throw .notWarm(NotWarm(cold: cold)) }
        var entries: [SymbolSnapshot] = []
        entries.reserveCapacity(symbols.count)
        for symbol in symbols { entries.append(try states[symbol]!.snapshot(at: tick)) }
        return MarketSnapshot(tick: tick, tickIntervalSeconds: schedule.intervalSeconds, symbols: entries)
    }
}
