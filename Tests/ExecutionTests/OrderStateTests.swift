import ArenaCore
import ArenaTesting
import Execution
import Testing

/// The order life cycle: every one of the 8 × 8 status pairs, over-fills, averages.
@Suite(.cpuBound) struct OrderStateTests {
    /// The legal pairs of spec §7, written out independently of ``OrderLifecycle``.
    static let legal: Set<String> = [
        "NEW>ACCEPTED", "NEW>REJECTED", "NEW>UNKNOWN", "NEW>CANCELLED",
        "ACCEPTED>PARTIALLY_FILLED", "ACCEPTED>FILLED", "ACCEPTED>CANCELLED", "ACCEPTED>EXPIRED", "ACCEPTED>UNKNOWN",
        "PARTIALLY_FILLED>PARTIALLY_FILLED", "PARTIALLY_FILLED>FILLED", "PARTIALLY_FILLED>CANCELLED", "PARTIALLY_FILLED>EXPIRED",
        "PARTIALLY_FILLED>UNKNOWN",
        "UNKNOWN>ACCEPTED", "UNKNOWN>PARTIALLY_FILLED", "UNKNOWN>FILLED", "UNKNOWN>CANCELLED", "UNKNOWN>REJECTED", "UNKNOWN>EXPIRED",
    ]

    /// An order of quantity 10 brought to `status` through legal steps.
    static func order(in status: OrderStatus) throws -> OrderState {
        var o = OrderState(spec: Fx.spec("o1", quantity: "10"))
        let t = Fx.t(1)
        switch status {
        case .new: break
        case .accepted, .cancelled, .rejected, .unknown:
            try o.apply(.status(status, at: t))
        case .partiallyFilled, .filled, .expired:
            try o.apply(.status(.accepted, at: t))
            switch status {
            case .partiallyFilled: try o.apply(.fill(quantity: 4, price: 100, at: t))
            case .filled: try o.apply(.fill(quantity: 10, price: 100, at: t))
            default: try o.apply(.status(.expired, at: t))
            }
        }
        #expect(o.status == status)
        return o
    }

    /// The transition to `to`: a fill for the fill statuses (1 of the 6 left after a partial fill, or all that is left).
    static func transition(to: OrderStatus, from o: OrderState) -> OrderTransition {
        switch to {
        case .partiallyFilled: .fill(quantity: 1, price: 101, at: Fx.t(2))
        case .filled: .fill(quantity: max(o.remainingQuantity, 1), price: 101, at: Fx.t(2))
        default: .status(to, at: Fx.t(2))
        }
    }

    @Test func allSixtyFourPairs() throws {
        var legalCount = 0
        for from in OrderStatus.allCases {
            for to in OrderStatus.allCases {
                let expected = Self.legal.contains("\(from.rawValue)>\(to.rawValue)")
                #expect(OrderLifecycle.isLegal(from: from, to: to) == expected, "\(from) → \(to)")
                var o = try Self.order(in: from)
                let before = o
                do {
                    try o.apply(Self.transition(to: to, from: o))
                    #expect(expected, "\(from) → \(to) was applied but is illegal")
                    #expect(o.status == to)
                    legalCount += 1
                } catch {
                    #expect(!expected, "\(from) → \(to) was refused: \(error)")
                    // From FILLED a fill can only be an over-fill: it is refused as FILLED → FILLED.
                    #expect(error == .illegal(from: from, to: from == .filled && to == .partiallyFilled ? .filled : to))
                    #expect(o == before, "a refused transition changes nothing")
                }
            }
        }
        #expect(legalCount == Self.legal.count)
        #expect(OrderTransitionError.illegal(from: .filled, to: .accepted).description == "illegal order transition FILLED → ACCEPTED")
    }

    @Test func overFillIsAnErrorAndAveragesAreExact() throws {
        var o = try Self.order(in: .accepted)
        try o.apply(.fill(quantity: 4, price: Fx.d("100.5"), at: Fx.t(2)))
        try o.apply(.fill(quantity: 2, price: Fx.d("103.5"), at: Fx.t(3)))
        #expect(o.averagePrice == Fx.d("101.5"))
        #expect(o.fillCount == 2 && o.filledQuantity == 6 && o.status == .partiallyFilled)
        #expect(throws: OrderTransitionError.overfill(quantity: 10, filled: 6, fill: 5)) { try o.apply(.fill(quantity: 5, price: 1, at: Fx.t(4))) }
        #expect(throws: OrderTransitionError.invalidFill(quantity: 0, price: 1)) { try o.apply(.fill(quantity: 0, price: 1, at: Fx.t(4))) }
        #expect(throws: OrderTransitionError.fillStatusWithoutFill(.filled)) { try o.apply(.status(.filled, at: Fx.t(4))) }
        try o.apply(.fill(quantity: 4, price: 100, at: Fx.t(5)))
        #expect(o.status == .filled && o.updatedAt == Fx.t(5) && !o.isWorking)
    }
}
