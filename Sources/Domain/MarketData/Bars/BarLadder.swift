import ArenaCore

/// Every longer timeframe of one instrument, built from its closed 1m bars:
/// each 1m bar goes up the ladder (3m, 5m, 15m, 1h, 4h, 1d as configured) and
/// the clock closes the longer bars on time (``advance(to:)``).
public struct BarLadder: Sendable {
    public let venue: VenueID
    public let symbol: Symbol
    private var aggregators: [BarAggregator]

    /// A ladder producing `timeframes` (1m itself is the input, not built here).
    public init(venue: VenueID, symbol: Symbol, timeframes: [Timeframe], gapPolicy: GapPolicy = .flatBars) throws(BarAggregatorError) {
        self.venue = venue
        self.symbol = symbol
        var built: [BarAggregator] = []
        for tf in Set(timeframes).sorted() where tf != .m1 {
            built.append(try BarAggregator(venue: venue, symbol: symbol, timeframe: tf, inputTimeframe: .m1, gapPolicy: gapPolicy))
        }
        aggregators = built
    }

    /// The longer timeframes produced, shortest first.
    public var timeframes: [Timeframe] { aggregators.map(\.timeframe) }

    /// The longer bars still forming, shortest timeframe first (those that will be published).
    public var formingBars: [Bar] { aggregators.compactMap(\.formingBar) }

    /// Adds a closed 1m bar; appends the longer bars it closes to `out`, shortest timeframe first.
    /// A bar refused by any rung (duplicate, late, misaligned, too long a gap) is refused
    /// by all: every rung is checked before any changes, so the rungs do not disagree.
    public mutating func add(_ minute: Bar, into out: inout [Bar]) throws(BarAggregatorError) {
        for i in aggregators.indices { try aggregators[i].check(minute) }
        for i in aggregators.indices { out += try aggregators[i].add(minute) }
    }

    /// Moves the clock to `time`; appends the longer bars that closes to `out` (all rungs or none).
    public mutating func advance(to time: Timestamp, into out: inout [Bar]) throws(BarAggregatorError) {
        for i in aggregators.indices { try aggregators[i].checkFlatBars(through: time) }
        for i in aggregators.indices { out += try aggregators[i].advance(to: time) }
    }
}
