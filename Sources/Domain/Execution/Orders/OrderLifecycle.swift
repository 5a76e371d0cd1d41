import ArenaCore

/// The order life cycle of spec §7 as a transition table.
///
/// - `NEW` → `ACCEPTED` | `REJECTED` | `UNKNOWN` | `CANCELLED`
/// - `ACCEPTED` → `PARTIALLY_FILLED` | `FILLED` | `CANCELLED` | `EXPIRED` | `UNKNOWN`
/// - `PARTIALLY_FILLED` → `PARTIALLY_FILLED` | `FILLED` | `CANCELLED` | `EXPIRED` | `UNKNOWN`
/// - `UNKNOWN` → `ACCEPTED` | `PARTIALLY_FILLED` | `FILLED` | `CANCELLED` | `REJECTED` | `EXPIRED`
///   (resolved by querying the client order id, never by sending again)
/// - `FILLED`, `CANCELLED`, `REJECTED`, `EXPIRED`: terminal, nothing follows.
public enum OrderLifecycle {
    /// Whether `from` → `to` is a legal transition.
    public static func isLegal(from: OrderStatus, to: OrderStatus) -> Bool {
        switch from {
        case .new: to == .accepted || to == .rejected || to == .unknown || to == .cancelled
        case .accepted: to == .partiallyFilled || to == .filled || to == .cancelled || to == .expired || to == .unknown
        case .partiallyFilled: to == .partiallyFilled || to == .filled || to == .cancelled || to == .expired || to == .unknown
        case .unknown: to == .accepted || to == .partiallyFilled || to == .filled || to == .cancelled || to == .rejected || to == .expired
        case .filled, .cancelled, .rejected, .expired: false
        }
    }

    /// Throws ``OrderTransitionError/illegal(from:to:)`` unless `from` → `to` is legal.
    public static func check(from: OrderStatus, to: OrderStatus) throws(OrderTransitionError) {
        guard isLegal(from: from, to: to) else { throw .illegal(from: from, to: to) }
    }
}

/// Why an order state change was refused.
public enum OrderTransitionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The table of ``OrderLifecycle`` does not allow `from` → `to`.
    case illegal(from: OrderStatus, to: OrderStatus)
    /// A fill would take the filled quantity above the order's quantity.
    case overfill(quantity: FixedDecimal, filled: FixedDecimal, fill: FixedDecimal)
    /// A fill of zero or negative quantity, or at a price ≤ 0.
    case invalidFill(quantity: FixedDecimal, price: FixedDecimal)
    /// `PARTIALLY_FILLED` and `FILLED` come only with a fill (``OrderTransition/fill(quantity:price:at:)``).
    case fillStatusWithoutFill(OrderStatus)
    /// The arithmetic overflowed.
    case arithmetic

    public var description: String {
        switch self {
        case .illegal(let from, let to): "illegal order transition \(from.rawValue) → \(to.rawValue)"
        case .overfill(let q, let f, let x): "over-fill: \(f) filled of \(q), a fill of \(x) would exceed it"
        case .invalidFill(let q, let p): "invalid fill: quantity \(q) at price \(p)"
        case .fillStatusWithoutFill(let s): "\(s.rawValue) needs a fill"
        case .arithmetic: "decimal overflow applying the transition"
        }
    }
}
