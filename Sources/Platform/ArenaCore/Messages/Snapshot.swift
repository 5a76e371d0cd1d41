/// The market as every model sees it at one decision tick (spec §4): one
/// entry per symbol of the universe, in symbol order. Its canonical bytes
/// (the binary codec's encoding of this value) are hashed with SHA-256, and
/// that hash is recorded with every decision made from it, so byte-identical
/// input to every model is checkable after the fact.
public struct MarketSnapshot: Sendable, Hashable, Codable {
    /// The decision tick: the bar close this snapshot is taken at.
    public var tick: Timestamp
    /// Seconds between decision ticks.
    public var tickIntervalSeconds: Int64
    /// The order of every series in the snapshot (always oldest first).
    public var seriesOrder: SeriesOrder
    /// One entry per symbol, sorted by symbol.
    public var symbols: [SymbolSnapshot]

    /// A snapshot at `tick`.
    public init(tick: Timestamp, tickIntervalSeconds: Int64, symbols: [SymbolSnapshot]) {
        self.tick = tick
        self.tickIntervalSeconds = tickIntervalSeconds
        self.seriesOrder = .oldestToNewest
        self.symbols = symbols
    }

    /// The entry for `symbol`.
    public func entry(for symbol: Symbol) -> SymbolSnapshot? { symbols.first { $0.symbol == symbol } }
}

/// The order of a time series, stated in the data so no model has to guess.
public enum SeriesOrder: String, WireEnum {
    /// Index 0 is the oldest element, the last index the newest.
    case oldestToNewest = "OLDEST_TO_NEWEST"
}

/// One symbol in a ``MarketSnapshot``.
public struct SymbolSnapshot: Sendable, Hashable, Codable {
    public var symbol: Symbol
    public var venue: VenueID
    public var market: MarketKind
    /// The last closed 1m bars (up to 60), oldest → newest.
    public var bars1m: [SnapshotBar]
    /// The best bid and ask and the last trade price at the tick.
    public var ticker: Ticker
    /// The bar length the indicators are computed on.
    public var indicatorTimeframe: Timeframe
    /// Indicator values by column name (`ema_21`, `bbands_20_2_upper`, …), in
    /// the configured order; nil while that indicator warms up.
    public var indicators: [IndicatorValue]
    /// Order-flow features; nil when the symbol has no trade feed.
    public var orderFlow: OrderFlowSnapshot?
    /// The regime on the indicator timeframe.
    public var regime: RegimeReading
    /// The last closed bars of the indicator timeframe, oldest → newest: as
    /// many as the roster's models ask for (breakout highs, momentum, volume averages).
    public var bars: [SnapshotBar]
    /// Settled funding rates of a perpetual, oldest → newest: as many as the
    /// roster asks for (empty on spot, or when none asks).
    public var fundingHistory: [FundingPoint]

    public init(
        symbol: Symbol, venue: VenueID, market: MarketKind, bars1m: [SnapshotBar], ticker: Ticker,
        indicatorTimeframe: Timeframe, indicators: [IndicatorValue], orderFlow: OrderFlowSnapshot?, regime: RegimeReading,
        bars: [SnapshotBar] = [], fundingHistory: [FundingPoint] = []
    ) {
        self.symbol = symbol
        self.venue = venue
        self.market = market
        self.bars1m = bars1m
        self.ticker = ticker
        self.indicatorTimeframe = indicatorTimeframe
        self.indicators = indicators
        self.orderFlow = orderFlow
        self.regime = regime
        self.bars = bars
        self.fundingHistory = fundingHistory
    }

    /// The value of the indicator column `name`, if present and warm.
    public func indicator(_ name: String) -> Double? { indicators.first { $0.name == name }?.value ?? nil }
}

/// One settled funding rate: the rate applied at `time`.
public struct FundingPoint: Sendable, Hashable, Codable {
    /// The settlement time.
    public var time: Timestamp
    /// The rate as a fraction (0.0001 = 1 bp).
    public var rate: FixedDecimal

    public init(time: Timestamp, rate: FixedDecimal) {
        self.time = time
        self.rate = rate
    }
}

/// An OHLCV bar without the identifiers its snapshot entry already carries.
public struct SnapshotBar: Sendable, Hashable, Codable {
    /// Start of the bar (inclusive).
    public var openTime: Timestamp
    public var open: FixedDecimal
    public var high: FixedDecimal
    public var low: FixedDecimal
    public var close: FixedDecimal
    /// Base-asset volume.
    public var volume: FixedDecimal

    public init(openTime: Timestamp, open: FixedDecimal, high: FixedDecimal, low: FixedDecimal, close: FixedDecimal, volume: FixedDecimal) {
        self.openTime = openTime
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }

    /// The OHLCV of `bar`.
    public init(_ bar: Bar) {
        self.init(openTime: bar.openTime, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume)
    }
}

/// The live quote of a symbol (spec §14: bid, ask, mid, spread in bp).
public struct Ticker: Sendable, Hashable, Codable {
    /// Best bid, when a book feed exists.
    public var bid: FixedDecimal?
    /// Best ask, when a book feed exists.
    public var ask: FixedDecimal?
    /// The last trade price, or the last 1m close without a trade feed.
    public var last: FixedDecimal
    /// When the newest of these values was observed.
    public var time: Timestamp

    public init(bid: FixedDecimal?, ask: FixedDecimal?, last: FixedDecimal, time: Timestamp) {
        self.bid = bid
        self.ask = ask
        self.last = last
        self.time = time
    }

    /// `(bid + ask) / 2`, or the last price without a book.
    public var mid: FixedDecimal {
        guard let bid, let ask else { return last }
        return (try? (bid + ask).divided(by: FixedDecimal(2))) ?? last
    }

    /// `(ask − bid) / mid × 10 000`, nil without a book.
    public var spreadBasisPoints: Double? {
        guard let bid, let ask, mid.isPositive else { return nil }
        return (ask - bid).doubleValue / mid.doubleValue * 10_000
    }
}

/// One indicator column's value.
public struct IndicatorValue: Sendable, Hashable, Codable {
    /// The column name (`rsi_14`).
    public var name: String
    /// The value; nil during warm-up.
    public var value: Double?

    public init(name: String, value: Double?) {
        self.name = name
        self.value = value
    }
}

/// The order-flow features of one symbol (spec §4) as models see them.
/// Every field is nil while its window warms up or when its input never
/// arrived; `warmGroups` names the groups that are warm.
public struct OrderFlowSnapshot: Sendable, Hashable, Codable {
    /// Warm feature groups: `flow30m`, `flow4h`, `flow24h`, `slope`, `acceleration`, `thresholds`, `whales`, `liquidations`.
    public var warmGroups: [String]
    /// Taker buy − taker sell base volume over 30 min, 4 h and 24 h.
    public var cvd30m: FixedDecimal?
    public var cvd4h: FixedDecimal?
    public var cvd24h: FixedDecimal?
    /// Slope of the 30 min CVD (base units per minute) and its acceleration (per minute²).
    public var cvd30mSlope: FixedDecimal?
    public var cvd30mAcceleration: FixedDecimal?
    /// VWAP over 30 min.
    public var vwap30m: FixedDecimal?
    /// P95 and P99 of trade quote notional (USD) over 24 h.
    public var p95Notional: FixedDecimal?
    public var p99Notional: FixedDecimal?
    /// Trades ≥ P99 in the last 15 min by taker side: count and notional.
    public var largeBuyCount: Int?
    public var largeBuyNotional: FixedDecimal?
    public var largeSellCount: Int?
    public var largeSellNotional: FixedDecimal?
    /// Whale (≥ $100k) notional over 15 min by taker side, and the buy share.
    public var whaleBuyNotional: FixedDecimal?
    public var whaleSellNotional: FixedDecimal?
    public var whaleBuyRatio: Double?
    /// Liquidated notional over 5 min: longs (SELL force orders) and shorts, and `(longs − shorts) / total`.
    public var liquidatedLongs5m: FixedDecimal?
    public var liquidatedShorts5m: FixedDecimal?
    public var liquidationImbalance: Double?
    /// The latest funding rate, open interest and its 5 min change (a fraction).
    public var fundingRate: FixedDecimal?
    public var openInterest: FixedDecimal?
    public var openInterestChange5m: FixedDecimal?
    /// The latest long/short account ratio and top-trader long share.
    public var longShortRatio: FixedDecimal?
    public var topTraderLongShare: FixedDecimal?
    /// Top-10-level book imbalance, `(bid − ask) / (bid + ask)` quantity.
    public var bookImbalance: Double?

    /// Nothing warm, nothing known.
    public init(warmGroups: [String] = []) { self.warmGroups = warmGroups }
}

/// A market snapshot sealed for the arena: its canonical bytes (the binary
/// codec's encoding, made once per tick) and their SHA-256, the hash recorded
/// with every decision made from it.
///
/// The messages that carry it (``FeatureSnapshot``, ``ScoringJob``) write the
/// canonical bytes as they are, and decoding keeps the bytes received, so a
/// receiver checks the hash against exactly what it got without re-encoding.
/// Sealing, checking and the wire form are ArenaWire's (`SealedSnapshot+…`).
public struct SealedSnapshot: Sendable, Hashable {
    /// The snapshot.
    public let snapshot: MarketSnapshot
    /// Lower-case hex SHA-256 of the canonical bytes, as sealed or as received.
    public let hash: String
    /// The bytes the hash is taken over: encoded once when sealed, or as received.
    public let canonicalBytes: [UInt8]

    /// The parts as they are, unchecked: how ArenaWire seals and decodes.
    package init(snapshot: MarketSnapshot, hash: String, canonicalBytes: [UInt8]) {
        self.snapshot = snapshot
        self.hash = hash
        self.canonicalBytes = canonicalBytes
    }
}

/// A snapshot with its hash, as published on `feat.snapshot`.
public struct FeatureSnapshot: Sendable, Hashable {
    /// The tick's snapshot, its canonical bytes and their hash.
    public var sealed: SealedSnapshot

    /// The message of `sealed`.
    public init(_ sealed: SealedSnapshot) { self.sealed = sealed }

    /// The snapshot.
    public var snapshot: MarketSnapshot { sealed.snapshot }
    /// Lower-case hex SHA-256 of `snapshot`'s canonical bytes.
    public var snapshotHash: String { sealed.hash }
}
