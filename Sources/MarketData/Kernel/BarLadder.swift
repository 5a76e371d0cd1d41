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

    /// Adds a closed 1m bar; returns the longer bars it closes, shortest timeframe first.
    /// A refused bar (duplicate, late, misaligned) leaves every rung unchanged.
    public mutating func add(_ minute: Bar) throws(BarAggregatorError) -> [Bar] {
        // Validate against every rung first, so a refusal cannot leave the rungs disagreeing.
        var next = aggregators
        var out: [Bar] = []
        for i in next.indices { out += try next[i].add(minute) }
        aggregators = next
        return out
    }

    /// Moves the clock to `time`; returns the longer bars that closes.
    public mutating func advance(to time: Timestamp) throws(BarAggregatorError) -> [Bar] {
        var next = aggregators
        var out: [Bar] = []
        for i in next.indices { out += try next[i].advance(to: time) }
        aggregators = next
        return out
    }
}
