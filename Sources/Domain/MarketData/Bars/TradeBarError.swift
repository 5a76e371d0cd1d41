import ArenaCore

/// Why a trade was refused by a ``TradeBarBuilder``. The builder's state is unchanged after any of these.
public enum TradeBarError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The trade is for another venue or symbol.
    case wrongInstrument(venue: VenueID, symbol: Symbol)
    /// The trade's price or quantity is not above zero.
    case invalidTrade(tradeID: Int64, reason: String)
    /// The trade is earlier than the previous trade.
    case outOfOrder(tradeID: Int64, time: Timestamp, previous: Timestamp)
    /// The trade falls in a bar that the clock has already closed.
    case late(tradeID: Int64, time: Timestamp, closedThrough: Timestamp)
    /// Filling a quiet interval with flat bars would need more than the allowed number.
    case gapTooLong(from: Timestamp, to: Timestamp, bars: Int64)
    /// A volume sum does not fit in ``FixedDecimal``.
    case overflow(openTime: Timestamp)

    public var description: String {
        switch self {
        case .wrongInstrument(let v, let s): "trade for \(v) \(s) given to another instrument's bar builder"
        case .invalidTrade(let id, let why): "trade \(id): \(why)"
        case .outOfOrder(let id, let t, let p): "trade \(id) at \(t) is earlier than the previous trade at \(p)"
        case .late(let id, let t, let c): "trade \(id) at \(t) is late: bars are closed through \(c)"
        case .gapTooLong(let f, let t, let n): "quiet interval \(f) → \(t) would need \(n) flat bars"
        case .overflow(let t): "volume overflow in the bar at \(t)"
        }
    }
}
