import ArenaCore

/// A change applied to an ``OrderState``.
public enum OrderTransition: Sendable, Hashable {
    /// A status change without a fill (`ACCEPTED`, `CANCELLED`, `REJECTED`, `EXPIRED`, `UNKNOWN`).
    case status(OrderStatus, at: Timestamp)
    /// A fill: the status becomes `PARTIALLY_FILLED` or `FILLED` by the quantity left.
    case fill(quantity: FixedDecimal, price: FixedDecimal, at: Timestamp)
}

/// One order as the OMS keeps it: its spec and where it is in its life.
public struct OrderState: Sendable, Hashable, Codable {
    public var spec: OrderSpec
    public private(set) var status: OrderStatus
    /// Filled so far (≤ the spec's quantity).
    public private(set) var filledQuantity: FixedDecimal
    /// Σ quantity × price of the fills, each product rounded half-even: the average's exact numerator.
    public private(set) var filledNotional: FixedDecimal
    public private(set) var fillCount: Int
    /// The market time of the last change.
    public private(set) var updatedAt: Timestamp

    /// A `NEW` order.
    public init(spec: OrderSpec) {
        self.spec = spec
        status = .new
        filledQuantity = .zero
        filledNotional = .zero
        fillCount = 0
        updatedAt = spec.createdAt
    }

    /// The average fill price (half-even to 12 places), nil before the first fill.
    public var averagePrice: FixedDecimal? {
        guard filledQuantity.isPositive else { return nil }
        return try? filledNotional.divided(by: filledQuantity)
    }

    /// What is left to fill.
    public var remainingQuantity: FixedDecimal { spec.quantity - filledQuantity }

    /// Whether the order can still fill or be cancelled.
    public var isWorking: Bool { !status.isTerminal }

    /// Applies `transition`, refusing illegal transitions and over-fills with a typed error (the state is then unchanged).
    public mutating func apply(_ transition: OrderTransition) throws(OrderTransitionError) {
        switch transition {
        case .status(let to, let time):
            if to == .partiallyFilled || to == .filled { throw .fillStatusWithoutFill(to) }
            try OrderLifecycle.check(from: status, to: to)
            status = to
            updatedAt = time
        case .fill(let quantity, let price, let time):
            commit(try filling(quantity: quantity, price: price, at: time))
        }
    }

    /// The state after a fill, computed without changing anything: checked like ``apply(_:)`` so
    /// a caller can commit it once its other effects (the ledger's) succeeded, without a copy to undo.
    func filling(quantity: FixedDecimal, price: FixedDecimal, at time: Timestamp) throws(OrderTransitionError) -> Filling {
        guard quantity.isPositive, price.isPositive else { throw .invalidFill(quantity: quantity, price: price) }
        let filled: FixedDecimal, notional: FixedDecimal
        do {
            filled = try filledQuantity.adding(quantity)
            notional = try filledNotional.adding(try quantity.multiplied(by: price))
        } catch { throw .arithmetic }
        let to: OrderStatus = filled >= spec.quantity ? .filled : .partiallyFilled
        try OrderLifecycle.check(from: status, to: to)
        guard filled <= spec.quantity else { throw .overfill(quantity: spec.quantity, filled: filledQuantity, fill: quantity) }
        return Filling(status: to, filledQuantity: filled, filledNotional: notional, time: time)
    }

    /// Applies a fill checked by ``filling(quantity:price:at:)``.
    mutating func commit(_ fill: Filling) {
        status = fill.status
        filledQuantity = fill.filledQuantity
        filledNotional = fill.filledNotional
        fillCount += 1
        updatedAt = fill.time
    }

    /// What a checked fill makes of an order's state.
    struct Filling {
        let status: OrderStatus
        let filledQuantity: FixedDecimal
        let filledNotional: FixedDecimal
        let time: Timestamp
    }
}
