import ArenaCore
import ArenaTesting
import Risk
import Testing

/// Intents and trading states: HOLD, exits through halts, REDUCING, flips.
@Suite(.cpuBound) struct IntentTests {
    typealias F = Fixture
    static let long = F.account(positions: [F.position(quantity: "0.04")])

    @Test func aHoldAsksForNoOrder() {
        var engine = F.engine()
        let result = engine.judge(F.decision(action: .hold, intent: .none, symbol: nil))
        #expect(result.verdict.outcome == .noOrder && result.verdict.plans.isEmpty && result.commands.isEmpty)
    }

    @Test func aHaltedModelsCloseOrderPassesItsOpenDoesNot() {
        var engine = F.engine()
        _ = engine.control(F.control("halt-1", .setState, model: F.alpha, state: .halted), now: F.start)
        let open = engine.judge(F.decision())
        #expect(open.verdict.outcome == .rejected && open.verdict.reasons == ["halted"] && open.verdict.state == .halted)

        let close = engine.judge(F.decision(at: F.at(60), action: .sell, intent: .close), account: Self.long)
        #expect(close.verdict.outcome == .approved)
        let order = close.verdict.plans.first?.order
        #expect(order?.side == .sell && order?.quantity == F.d("0.04") && order?.reduceOnly == true && order?.purpose == .exit)
        #expect(order?.clientOrderID == .derived(from: close.verdict.decisionID, leg: "exit"))
    }

    @Test func reducingBlocksOpenAndPassesReduce() {
        var engine = F.engine()
        _ = engine.control(F.control("reduce-1", .setState, model: F.alpha, state: .reducing), now: F.start)
        #expect(engine.judge(F.decision(), account: Self.long).verdict.reasons == ["reducing"])
        let reduce = engine.judge(F.decision(at: F.at(60), action: .sell, intent: .reduce, size: "0.5"), account: Self.long)
        #expect(reduce.verdict.outcome == .approved)
        #expect(reduce.verdict.plans.map(\.order.quantity) == [F.d("0.02")])
    }

    @Test func theArenasStateAppliesToEveryModel() {
        var engine = F.engine()
        _ = engine.control(F.control("arena-1", .setState, model: nil, state: .reducing), now: F.start)
        #expect(engine.judge(F.decision(F.beta), account: F.account(F.beta)).verdict.reasons == ["reducing"])
        #expect(engine.effectiveState(of: F.beta) == .reducing)
    }

    @Test func exitsWithoutAPositionAreRejected() {
        var engine = F.engine()
        #expect(engine.judge(F.decision(action: .sell, intent: .close)).verdict.reasons == ["no_position"])
    }

    @Test func aFlipClosesThenOpens() {
        var engine = F.engine()
        let longPerp = F.account(positions: [F.position(quantity: "0.04", market: .perpetual)])
        let flip = F.decision(action: .sell, intent: .flip, takeProfit: "48000", stopLoss: "51000")
        let result = engine.judge(flip, account: longPerp, snapshot: F.snapshot(market: .perpetual, at: F.start))
        #expect(result.verdict.outcome == .approved)
        let orders = result.verdict.plans.map(\.order)
        #expect(orders.map(\.side) == [.sell, .sell])
        #expect(orders.map(\.purpose) == [.exit, .entry])
        #expect(orders.map(\.quantity) == [F.d("0.04"), F.d("0.02")])
        #expect(orders.map(\.clientOrderID) == [.derived(from: flip.decisionID, leg: "close"), .derived(from: flip.decisionID, leg: "entry")])
        #expect(result.commands.map(\.commandID) == orders.map(\.clientOrderID.value))
    }

    @Test func aFlipWhoseEntryIsRejectedStillCloses() {
        var engine = F.engine()
        let long = F.account(positions: [F.position(quantity: "0.04")])
        // On spot the short leg is refused; the close goes out.
        let result = engine.judge(F.decision(action: .sell, intent: .flip, takeProfit: "48000", stopLoss: "51000"), account: long)
        #expect(result.verdict.outcome == .resized && result.verdict.reasons == ["spot_long_only"])
        #expect(result.verdict.plans.map(\.order.purpose) == [.exit])
    }
}
