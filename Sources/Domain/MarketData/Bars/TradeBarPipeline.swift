import ArenaCore

/// Why a ``TradeBarPipeline`` refused an input.
public enum BarPipelineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The trade bar builder refused the trade.
    case trade(TradeBarError)
    /// An aggregator refused a bar (a corrupt far-future time, an overflow).
    case aggregation(BarAggregatorError)

    public var description: String {
        switch self {
        case .trade(let e): e.description
        case .aggregation(let e): e.description
        }
    }
}

/// Trades in, closed bars of several timeframes out: a 1m ``TradeBarBuilder``
/// feeding a ``BarLadder`` (one ``BarAggregator`` per longer timeframe), all
/// closing on the clock of the trades (or of ``advance(to:)``).
///
/// Per trade inside the current minute this is one builder update; the
/// aggregators only run when a minute boundary passes.
public struct TradeBarPipeline: Sendable {
    /// The timeframes produced, shortest first (always including 1m).
    public let timeframes: [Timeframe]
    private var builder: TradeBarBuilder
    private var ladder: BarLadder
    /// Whether 1m bars themselves are emitted.
    private let emitsMinutes: Bool
    /// The end of the minute the last trade fell in; a trade at or past it closes bars.
    private var boundary = Timestamp(nanoseconds: .min)

    /// A pipeline for one instrument producing `timeframes` (1m is built either way, and emitted if listed).
    public init(venue: VenueID, symbol: Symbol, timeframes: [Timeframe], gapPolicy: GapPolicy = .flatBars) throws(BarAggregatorError) {
        let sorted = Array(Set(timeframes)).sorted()
        self.timeframes = sorted
        emitsMinutes = sorted.contains(.m1)
        builder = TradeBarBuilder(venue: venue, symbol: symbol, timeframe: .m1, gapPolicy: gapPolicy)
        ladder = try BarLadder(venue: venue, symbol: symbol, timeframes: sorted, gapPolicy: gapPolicy)
    }

    /// Adds a trade; appends the bars it closes to `out` (oldest first within each timeframe).
    @inline(__always)
    public mutating func add(_ trade: Trade, into out: inout [Bar]) throws(BarPipelineError) {
        let closed: [Bar]
        do { closed = try builder.add(trade) } catch { throw .trade(error) }
        if trade.eventTime < boundary { return }
        try pass(closed, clock: trade.eventTime, into: &out)
        boundary = Timestamp(nanoseconds: Timeframe.m1.openTime(containing: trade.eventTime).nanoseconds + Timeframe.m1.nanoseconds)
    }

    /// Moves the clock to `time`; appends the bars that closes to `out`.
    public mutating func advance(to time: Timestamp, into out: inout [Bar]) throws(BarPipelineError) {
        let closed: [Bar]
        do { closed = try builder.advance(to: time) } catch { throw .trade(error) }
        try pass(closed, clock: time, into: &out)
    }

    /// Ends the data: the minute of the last trade closes at its end (its bars are
    /// appended to `out` like any others), and the longer bars still forming are
    /// appended as partial bars (``ArenaCore/Bar/isClosed`` false), the way candle
    /// files end with the period the data stops in.
    public mutating func finish(into out: inout [Bar]) throws(BarPipelineError) {
        if let minute = builder.formingBar { try advance(to: minute.closeTime, into: &out) }
        out += ladder.formingBars
    }

    /// Hands closed 1m bars up the ladder, then moves its clock to `clock`.
    private mutating func pass(_ minutes: [Bar], clock: Timestamp, into out: inout [Bar]) throws(BarPipelineError) {
        if emitsMinutes { out += minutes }
        do {
            for bar in minutes { try ladder.add(bar, into: &out) }
            try ladder.advance(to: clock, into: &out)
        } catch { throw .aggregation(error) }
    }
}
