import ArenaCore

/// Why an order-flow book refused an input. A refused input changes nothing.
public enum OrderFlowError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The event is for another symbol than the book's.
    case wrongSymbol(expected: Symbol, got: Symbol)
    /// The event's time falls in a second before the book's clock. Windows are
    /// ring buffers of closed buckets, so a past bucket cannot take it; callers
    /// merge their streams by event time (the replay merger does) before feeding.
    case outOfOrder(eventTime: Timestamp, clock: Timestamp)
    /// A price, quantity or value outside what the book accepts (zero or
    /// negative, or so large that window sums could overflow).
    case invalidValue(field: String, value: FixedDecimal)
    /// An input series update older than the value it would replace.
    case staleInput(field: String, time: Timestamp, held: Timestamp)

    public var description: String {
        switch self {
        case .wrongSymbol(let e, let g): "order flow for \(e) got an event for \(g)"
        case .outOfOrder(let t, let c): "event at \(t) is before the order-flow clock's current second (\(c))"
        case .invalidValue(let f, let v): "\(f) \(v) is out of range"
        case .staleInput(let f, let t, let h): "\(f) at \(t) is older than the value held (\(h))"
        }
    }
}
