import ArenaCore

/// Why a bar was refused by a ``BarAggregator``. The aggregator's state is unchanged after any of these.
public enum BarAggregatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The target timeframe is not a whole multiple of the input timeframe.
    case incompatibleTimeframes(input: Timeframe, target: Timeframe)
    /// The input bar is for another venue or symbol.
    case wrongInstrument(venue: VenueID, symbol: Symbol)
    /// The input bar has another timeframe than the aggregator consumes.
    case wrongTimeframe(Timeframe)
    /// The input bar's open time is not on its timeframe's grid.
    case misaligned(openTime: Timestamp)
    /// The input bar is still forming; only closed bars are aggregated.
    case notClosed(openTime: Timestamp)
    /// The input bar does not come after the previous one (a duplicate when equal).
    case outOfOrder(openTime: Timestamp, previous: Timestamp)
    /// The input bar belongs to a bar that the clock has already closed.
    case late(openTime: Timestamp, closedThrough: Timestamp)
    /// Filling a quiet interval with flat bars would need more than the allowed number.
    case gapTooLong(from: Timestamp, to: Timestamp, bars: Int64)
    /// A volume sum does not fit in ``FixedDecimal``.
    case overflow(openTime: Timestamp)

    public var description: String {
        switch self {
        case .incompatibleTimeframes(let i, let t): "cannot build \(t.rawValue) bars from \(i.rawValue) bars"
        case .wrongInstrument(let v, let s): "bar for \(v) \(s) given to another instrument's aggregator"
        case .wrongTimeframe(let tf): "bar of timeframe \(tf.rawValue) given to an aggregator of another input timeframe"
        case .misaligned(let t): "bar open time \(t) is not aligned to its timeframe"
        case .notClosed(let t): "bar at \(t) is not closed"
        case .outOfOrder(let t, let p):
            t == p ? "duplicate bar at \(t)" : "bar at \(t) arrived after the bar at \(p)"
        case .late(let t, let c): "bar at \(t) is late: bars are closed through \(c)"
        case .gapTooLong(let f, let t, let n): "quiet interval \(f) → \(t) would need \(n) flat bars"
        case .overflow(let t): "volume overflow in the bar at \(t)"
        }
    }
}
