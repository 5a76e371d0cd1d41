import ArenaCore

/// Why the feature engine refused an input or a snapshot request.
///
/// A refused input changes nothing: every check runs before any state is
/// touched, so the caller can log, count or alert and carry on with the next
/// event. Nothing is silently dropped, because a bar that is quietly skipped
/// would make every later snapshot disagree with the market without a trace.
public enum SnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The engine was not configured with this symbol.
    case unknownSymbol(Symbol)
    /// A symbol's state got an event for another symbol (a routing bug).
    case wrongSymbol(expected: Symbol, got: Symbol)
    /// The event comes from another venue than the one configured for the symbol.
    case wrongVenue(symbol: Symbol, expected: VenueID, got: VenueID)
    /// A bar of a timeframe that is neither 1m nor the indicator timeframe.
    case unexpectedTimeframe(symbol: Symbol, got: Timeframe, accepted: [Timeframe])
    /// A bar still forming: indicators and the 1m series only take closed bars.
    case unclosedBar(symbol: Symbol, timeframe: Timeframe, openTime: Timestamp)
    /// A bar whose open time is not a multiple of its timeframe since the epoch.
    case misalignedBar(symbol: Symbol, timeframe: Timeframe, openTime: Timestamp)
    /// A bar that does not open after the previous bar of its timeframe (a duplicate or a step back).
    case outOfOrderBar(symbol: Symbol, timeframe: Timeframe, openTime: Timestamp, previous: Timestamp)
    /// A best bid/ask older than the one held.
    case staleBookTop(symbol: Symbol, time: Timestamp, held: Timestamp)
    /// The symbol's order-flow book refused the event (see ``OrderFlowError``).
    case orderFlow(symbol: Symbol, OrderFlowError)
    /// A snapshot was asked for at a time that is not a decision tick of the schedule.
    case misalignedTick(Timestamp, intervalSeconds: Int64)
    /// A snapshot was asked for before every symbol was warm.
    case notWarm(NotWarm)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .unknownSymbol(let s): "no feature state for symbol \(s) (not in the configured universe)"
        case .wrongSymbol(let e, let g): "the feature state of \(e) got an event for \(g)"
        case .wrongVenue(let s, let e, let g): "\(s) is configured on venue \(e), got an event from \(g)"
        case .unexpectedTimeframe(let s, let g, let a):
            "\(s): a \(g.rawValue) bar, but only \(a.map(\.rawValue).joined(separator: " and ")) bars are taken"
        case .unclosedBar(let s, let tf, let t): "\(s): the \(tf.rawValue) bar opening at \(t) is not closed"
        case .misalignedBar(let s, let tf, let t): "\(s): the \(tf.rawValue) bar opening at \(t) is not aligned to its timeframe"
        case .outOfOrderBar(let s, let tf, let t, let p):
            "\(s): the \(tf.rawValue) bar opening at \(t) does not follow the previous one (opened at \(p))"
        case .staleBookTop(let s, let t, let h): "\(s): best bid/ask at \(t) is older than the one held (\(h))"
        case .orderFlow(let s, let e): "\(s): \(e)"
        case .misalignedTick(let t, let i): "\(t) is not a decision tick (every \(i) s since the epoch)"
        case .notWarm(let n): n.description
        }
    }
}

/// Why a feature engine could not be built from its configuration.
public enum FeatureConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The indicator list does not parse.
    case indicators(IndicatorSpecError)
    /// The indicator list lacks what the regime classifier reads; `missing`
    /// names the indicators (`adx`, `bbands`, `atrpct`) in that order.
    case missingRegimeIndicators(list: String, missing: [String])
    /// Regime window lengths out of range.
    case invalidRegimeSettings(String)
    /// The decision interval is not a valid schedule.
    case schedule(DecisionScheduleError)
    /// No symbols.
    case emptyUniverse
    /// A symbol appears twice.
    case duplicateSymbol(Symbol)
    /// Snapshot history lengths out of range (bars ≥ 1, funding ≥ 0).
    case history(bars: Int, funding: Int)
    /// The 1m bars needed before a snapshot are outside 1…60.
    case snapshotBars1m(Int)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .indicators(let e): "indicators: \(e)"
        case .missingRegimeIndicators(let list, let missing):
            "the indicator list '\(list)' lacks \(missing.joined(separator: ", ")), which the regime classifier reads "
                + "(for example adx:14, bbands:20:2, atrpct:14:100)"
        case .invalidRegimeSettings(let reason): "regime settings: \(reason)"
        case .schedule(let e): "decision schedule: \(e)"
        case .emptyUniverse: "the feature engine needs at least one symbol"
        case .duplicateSymbol(let s): "symbol \(s) is configured twice"
        case .history(let bars, let funding): "snapshot history of \(bars) bars and \(funding) funding rates (bars ≥ 1, funding ≥ 0)"
        case .snapshotBars1m(let n): "\(n) 1m bars in a snapshot (must be within 1…60)"
        }
    }
}

/// How far one symbol is from being able to appear in a snapshot.
public struct SymbolWarmth: Sendable, Hashable, CustomStringConvertible {
    /// The symbol.
    public var symbol: Symbol
    /// Closed 1m bars held (at most ``bars1mNeeded``).
    public var bars1m: Int
    /// How many 1m bars a snapshot carries (``SymbolFeatureState/barCount``).
    public var bars1mNeeded: Int
    /// Closed bars of the indicator timeframe fed so far (how far the warm-up got).
    public var indicatorBars: Int
    /// Indicator columns without a value yet, in column order.
    public var warmingColumns: [String]
    /// Whether the regime classifier has produced a reading.
    public var hasRegime: Bool
    /// Indicator-timeframe bars a snapshot carries (the roster's largest lookback).
    public var indicatorBarsNeeded: Int

    /// The symbol's state: every piece needed for a snapshot is there.
    public init(
        symbol: Symbol, bars1m: Int, bars1mNeeded: Int, indicatorBars: Int, warmingColumns: [String], hasRegime: Bool,
        indicatorBarsNeeded: Int = 1
    ) {
        self.indicatorBarsNeeded = indicatorBarsNeeded
        self.symbol = symbol
        self.bars1m = bars1m
        self.bars1mNeeded = bars1mNeeded
        self.indicatorBars = indicatorBars
        self.warmingColumns = warmingColumns
        self.hasRegime = hasRegime
    }

    /// True when a snapshot can be built.
    public var isWarm: Bool { bars1m >= bars1mNeeded && indicatorBars >= indicatorBarsNeeded && warmingColumns.isEmpty && hasRegime }

    /// What is still missing, for logs: `BTCUSDT: 12/60 1m bars, rsi_14 warming, no regime yet`.
    public var description: String {
        var parts: [String] = []
        if bars1m < bars1mNeeded { parts.append("\(bars1m)/\(bars1mNeeded) 1m bars") }
        if indicatorBars < indicatorBarsNeeded { parts.append("\(indicatorBars)/\(indicatorBarsNeeded) indicator bars") }
        if !warmingColumns.isEmpty {
            parts.append("\(warmingColumns.joined(separator: ", ")) warming")
        }
        if !hasRegime { parts.append("no regime yet") }
        if parts.isEmpty { return "\(symbol): warm" }
        return "\(symbol): " + parts.joined(separator: ", ") + " (\(indicatorBars) indicator bars so far)"
    }
}

/// A snapshot was requested before every symbol was warm; lists each cold one.
public struct NotWarm: Error, Sendable, Hashable, CustomStringConvertible {
    /// The symbols that are not warm, sorted by symbol.
    public var cold: [SymbolWarmth]

    /// The cold symbols.
    public init(cold: [SymbolWarmth]) { self.cold = cold }

    /// The cold symbols' names.
    public var symbols: [Symbol] { cold.map(\.symbol) }

    /// `not warm: BTCUSDT: 12/60 1m bars, …; ETHUSDT: …`.
    public var description: String { "not warm: " + cold.map(\.description).joined(separator: "; ") }
}
