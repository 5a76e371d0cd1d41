import ArenaCore

/// One instrument of the universe: a symbol on a venue.
public struct InstrumentKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var venue: VenueID
    public var symbol: Symbol

    public init(venue: VenueID, symbol: Symbol) {
        self.venue = venue
        self.symbol = symbol
    }

    public var description: String { "\(venue):\(symbol)" }

    public static func < (a: InstrumentKey, b: InstrumentKey) -> Bool {
        (a.venue.value, a.symbol.value) < (b.venue.value, b.symbol.value)
    }
}

/// How a ``MarketKernel`` checks and shapes the data.
public struct KernelConfiguration: Sendable, Hashable {
    /// Bar lengths produced (1m is always produced).
    public var timeframes: [Timeframe]
    public var barSource: BarSource
    /// Silence after which a stream is stale (spec §3: 30 s).
    public var staleAfter: Duration
    /// Price-jump threshold in standard deviations of recent 1m returns.
    public var jumpSigmas: Double
    /// How many recent 1m returns the jump threshold looks at.
    public var jumpWindow: Int
    /// Returns needed before jumps are judged.
    public var jumpMinimumSamples: Int
    /// How often counted findings (duplicates, late events) are reported.
    public var reportInterval: Duration
    /// Levels per side in published ``ArenaCore/BookDepth``.
    public var depthLevels: Int

    public init(
        timeframes: [Timeframe] = Timeframe.allCases, barSource: BarSource = .trades, staleAfter: Duration = .seconds(30),
        jumpSigmas: Double = 8, jumpWindow: Int = 120, jumpMinimumSamples: Int = 30, reportInterval: Duration = .seconds(60),
        depthLevels: Int = 20
    ) {
        self.depthLevels = depthLevels
        self.timeframes = timeframes
        self.barSource = barSource
        self.staleAfter = staleAfter
        self.jumpSigmas = jumpSigmas
        self.jumpWindow = jumpWindow
        self.jumpMinimumSamples = jumpMinimumSamples
        self.reportInterval = reportInterval
    }
}

/// What a ``MarketKernel`` hands on: checked messages to publish and persist
/// (bars it built among them), book snapshots it needs, and findings to alert on.
public enum KernelOutput: Sendable, Hashable {
    /// A message that passed the checks, or a bar or book the kernel built.
    case market(MarketMessage)
    /// The order book of an instrument needs a (new) snapshot: not published;
    /// a live feed fetches one (Binance REST `depth`) and feeds it back.
    case needsSnapshot(InstrumentKey, MarketKind)
    case finding(DataFinding)
}

/// Running totals of what the kernel accepted and refused, for status and metrics.
public struct KernelCounters: Sendable, Hashable {
    public var trades: Int64 = 0
    public var bars: Int64 = 0
    public var bookTops: Int64 = 0
    public var funding: Int64 = 0
    public var liquidations: Int64 = 0
    /// Positioning statistics accepted (one per symbol and period).
    public var positioning: Int64 = 0
    public var depthUpdates: Int64 = 0
    /// Synchronised books published (one per applied diff or snapshot).
    public var bookDepths: Int64 = 0
    public var bookResyncs: Int64 = 0
    public var duplicates: Int64 = 0
    public var outOfOrder: Int64 = 0
    public var gapTrades: Int64 = 0
    /// Trades taken after their minute's bar was published (the bar stays short of them).
    public var tradesAfterBarClose: Int64 = 0
    public var missingBars: Int64 = 0
    public var unknownInstrument: Int64 = 0
    /// Frames that could not be decoded.
    public var malformed: Int64 = 0
    /// Events the kernel does not use (forming klines, klines when bars come from trades, books it did not build).
    public var passedOver: Int64 = 0

    public init() {}

    /// As status counters.
    public var dictionary: [String: Int64] {
        [
            "trades": trades, "bars": bars, "book_tops": bookTops, "funding": funding, "liquidations": liquidations,
            "positioning": positioning, "depth_updates": depthUpdates, "book_depths": bookDepths, "book_resyncs": bookResyncs,
            "duplicates": duplicates, "out_of_order": outOfOrder, "gap_trades": gapTrades, "missing_bars": missingBars,
            "trades_after_bar_close": tradesAfterBarClose,
            "unknown_instrument": unknownInstrument, "malformed": malformed, "passed_over": passedOver,
        ]
    }
}
