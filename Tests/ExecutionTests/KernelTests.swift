import ArenaCore
import ArenaTesting
import Execution
import PropertyBased
import Testing

/// The OMS kernel: commands, idempotency, validation, fills, brackets, TWAP, flatten, replay.
@Suite(.cpuBound) struct KernelTests {
    static func kernel() -> ExecutionKernel { ExecutionKernel(models: [Fx.alpha, Fx.beta]) }

    @Test func marketOrderFillsOnTheNextBarOpenWithSlippageAndFee() throws {
        var k = Self.kernel()
        _ = k.handle(.bar(Fx.bar(0, "100", "101", "99", "100")))
        let step = k.handle(Fx.place(OrderPlan(order: Fx.spec("m1", quantity: "2", at: Fx.t(1)))))
        #expect(step.ack?.accepted == true && step.ack?.firstReceipt == true)
        #expect(Fx.events(step.records).map(\.status) == [.accepted])
        let next = k.handle(.bar(Fx.bar(1, "200", "201", "199", "200")))
        let fill = try #require(Fx.fills(next.records).first)
        #expect(fill.price == Fx.d("200.2") && fill.quantity == 2 && fill.liquidity == .taker)
        #expect(fill.fee == Fx.d("0.20020"), "5 bp of 400.4")
        let account = try #require(k.account(of: Fx.alpha))
        #expect(account.cash == Fx.d("10000") - Fx.d("400.4") - Fx.d("0.2002"))
        #expect(account.nav == account.cash + 400, "marked at the close")
        #expect(Fx.events(next.records).map(\.sequence) == [2])
    }

    @Test func repeatedCommandsAndClientIDsAreIdempotent() {
        var k = Self.kernel()
        let plan = OrderPlan(order: Fx.spec("dup", at: Fx.t(0)))
        let first = k.handle(Fx.place(plan))
        let again = k.handle(Fx.place(plan))
        #expect(again.records.isEmpty)
        #expect(again.ack == OrderCommandAck(commandID: "dup", firstReceipt: false, accepted: true, reason: nil))
        #expect(first.ack?.accepted == true)
        let other = OrderCommand(commandID: "other", kind: .place, modelID: Fx.alpha, plan: plan, time: Fx.t(0))
        let refused = k.handle(other)
        #expect(refused.ack?.accepted == false)
        #expect(refused.ack?.reason?.hasPrefix("duplicate_client_order_id") == true)
        #expect(Fx.events(refused.records).isEmpty, "no second order")
        #expect(k.openOrders(of: Fx.alpha).count == 1 && k.knowsCommand("other"))
    }

    @Test(arguments: [
        (Fx.spec("v1", quantity: "0"), "invalid_quantity"),
        (Fx.spec("v2", type: .limit), "missing_limit_price"),
        (Fx.spec("v3", type: .stopMarket), "missing_trigger_price"),
        (Fx.spec("v4", side: .sell), "spot_short"),
        (Fx.spec("v5", side: .sell, reduceOnly: true, purpose: .exit), "reduce_only_no_position"),
        (Fx.spec("v6", market: .perpetual, leverage: "0"), "invalid_leverage"),
    ])
    func validationRefusesWithAStableCodeAndARejectedEvent(spec: OrderSpec, code: String) {
        var k = Self.kernel()
        let step = k.handle(Fx.place(OrderPlan(order: spec)))
        #expect(step.ack?.accepted == false)
        #expect(step.ack?.reason?.hasPrefix(code + ":") == true, "\(step.ack?.reason ?? "nil")")
        #expect(Fx.events(step.records).map(\.status) == [.rejected])
        #expect(Fx.events(step.records).first?.reason == step.ack?.reason)
    }

    @Test func unknownModelIsRefusedWithoutAnOrder() {
        var k = Self.kernel()
        let step = k.handle(Fx.place(OrderPlan(order: Fx.spec("u1", model: ModelID(unchecked: "ghost")))))
        #expect(step.ack?.reason?.hasPrefix("unknown_model:") == true)
        #expect(Fx.events(step.records).isEmpty)
    }

    @Test func limitOrdersFillOnlyThroughTheLimitAsMaker() throws {
        var k = Self.kernel()
        _ = k.handle(.bar(Fx.bar(0, "100", "100", "100", "100")))
        _ = k.handle(Fx.place(OrderPlan(order: Fx.spec("l1", type: .limit, limit: "95", at: Fx.t(1)))))
        let touch = k.handle(.bar(Fx.bar(1, "100", "100", "95", "97")))
        #expect(Fx.fills(touch.records).isEmpty, "a touch is not a trade-through")
        let through = k.handle(.bar(Fx.bar(2, "97", "98", "94.9", "96")))
        let fill = try #require(Fx.fills(through.records).first)
        #expect(fill.price == 95 && fill.liquidity == .maker && fill.fee == Fx.d("0.019"))
    }

    @Test func twapSplitsExactlyAndPlacesSlicesOnMarketTime() throws {
        var k = Self.kernel()
        _ = k.handle(.bar(Fx.bar(0, "100", "100", "100", "100")))
        let step = k.handle(Fx.place(OrderPlan(order: Fx.spec("tw", quantity: "1", at: Fx.t(1)), twap: TWAPPlan(slices: 3, intervalSeconds: 120))))
        #expect(Fx.events(step.records).map(\.order.clientOrderID) == [ClientOrderID.derived(from: "tw", leg: "t1")])
        var fills: [Fill] = []
        for m in Int64(1)...6 { fills += Fx.fills(k.handle(.bar(Fx.bar(m, "100", "100", "100", "100"))).records) }
        #expect(fills.map(\.quantity) == [Fx.d("0.333333333333"), Fx.d("0.333333333333"), Fx.d("0.333333333334")])
        #expect(fills.map(\.time) == [Fx.t(2), Fx.t(4), Fx.t(6)], "slices at t1, t3, t5 fill on the next bars")
        #expect(fills.reduce(FixedDecimal.zero) { $0 + $1.quantity } == 1)
    }

    @Test func flattenCancelsAndClosesEverything() throws {
        var k = Self.kernel()
        _ = k.handle(.bar(Fx.bar(0, "100", "100", "100", "100")))
        _ = k.handle(Fx.place(OrderPlan(order: Fx.spec("e1", market: .perpetual, side: .sell, leverage: "2", at: Fx.t(1)))))
        _ = k.handle(.bar(Fx.bar(1, "100", "100", "100", "100")))
        _ = k.handle(Fx.place(OrderPlan(order: Fx.spec("w1", symbol: Fx.eth, type: .limit, limit: "50", at: Fx.t(2)))))
        let flat = k.handle(OrderCommand(commandID: "flat-1", kind: .flatten, modelID: nil, reason: "kill_switch: test", time: Fx.t(2)))
        #expect(flat.ack?.accepted == true)
        #expect(Fx.events(flat.records).map(\.status) == [.cancelled, .accepted])
        let close = k.handle(.bar(Fx.bar(2, "90", "90", "90", "90")))
        let fill = try #require(Fx.fills(close.records).first)
        #expect(fill.purpose == .flatten && fill.side == .buy && fill.quantity == 1)
        #expect(k.ledger(of: Fx.alpha)?.positions.isEmpty == true && k.openOrders(of: Fx.alpha).isEmpty)
    }

    @Test func reduceOnlyIsCappedAtThePosition() throws {
        var k = Self.kernel()
        _ = k.handle(.bar(Fx.bar(0, "100", "100", "100", "100")))
        let early = k.handle(Fx.place(OrderPlan(order: Fx.spec("x0", side: .sell, reduceOnly: true, purpose: .exit, at: Fx.t(1)))))
        #expect(early.ack?.reason?.hasPrefix("reduce_only_no_position:") == true)
        _ = k.handle(Fx.place(OrderPlan(order: Fx.spec("b1", quantity: "1", at: Fx.t(1)))))
        _ = k.handle(.bar(Fx.bar(1, "100", "100", "100", "100")))
        _ = k.handle(Fx.place(OrderPlan(order: Fx.spec("x2", side: .sell, quantity: "5", reduceOnly: true, purpose: .exit, at: Fx.t(2)))))
        let step = k.handle(.bar(Fx.bar(2, "100", "100", "100", "100")))
        #expect(Fx.fills(step.records).map(\.quantity) == [1], "x2 sells only the 1 held")
        #expect(k.orders[ClientOrderID(unchecked: "x2")]?.status == .cancelled)
        #expect(k.ledger(of: Fx.alpha)?.positions.isEmpty == true)
    }

    // MARK: Replay

    /// One generated action of a random session.
    struct Action: Sendable, CustomStringConvertible {
        var kind: Int, a: Int, b: Int
        var description: String { "k\(kind) a\(a) b\(b)" }
    }

    static let session = zip(Gen<Int>.value(in: 0...9), Gen<Int>.value(in: 0...40), Gen<Int>.value(in: 0...40))
        .map { Action(kind: $0, a: $1, b: $2) }.array(of: 5...60)

    /// Drives `k` with the actions; bars move on a path set by the actions, orders of every kind.
    static func drive(_ k: inout ExecutionKernel, _ actions: [Action], from start: Int64) -> [ExecutionRecord] {
        var records: [ExecutionRecord] = []
        var minute = start
        for (i, x) in actions.enumerated() {
            let base = FixedDecimal(80 + x.a)
            let id = "s\(start)-\(i)"
            let model = x.b % 2 == 0 ? Fx.alpha : Fx.beta
            let side: Side = x.b % 3 == 0 ? .sell : .buy
            let time = Fx.t(minute)
            switch x.kind {
            case 0...3:
                let bar = Fx.bar(minute, "\(base)", "\(base + FixedDecimal(x.b % 7))", "\(base - FixedDecimal(x.b % 5))", "\(base + 1)")
                records += k.handle(.bar(bar)).records
                minute += 1
            case 4:
                let bracket = Bracket(entryReference: base, stopLoss: base - 3, takeProfit1: base + 2, takeProfit1Fraction: Fx.d("0.5"),
                                      takeProfit2: base + 4, breakEvenAfterTakeProfit1: true, timeStopSeconds: Int64(x.b) * 60 + 60)
                records += k.handle(Fx.place(OrderPlan(order: Fx.spec(id, model: model, market: .perpetual, side: side,
                    quantity: "0.\(x.a + 1)", leverage: "\(1 + x.b % 4)", at: time), bracket: bracket))).records
            case 5:
                records += k.handle(Fx.place(OrderPlan(order: Fx.spec(id, model: model, symbol: Fx.btc, side: .buy, type: .limit,
                    quantity: "1", limit: "\(base)", at: time)))).records
            case 6:
                records += k.handle(Fx.place(OrderPlan(order: Fx.spec(id, model: model, side: .sell, quantity: "0.5", reduceOnly: true,
                    purpose: .exit, at: time)))).records
            case 7:
                records += k.handle(.funding(FundingRate(venue: Fx.paper, symbol: Fx.btc, rate: Fx.d("0.0001") * FixedDecimal(x.a - 20),
                                                         eventTime: time))).records
                minute += 8 * 60 + Int64(x.a)
            case 8:
                records += k.handle(Fx.place(OrderPlan(order: Fx.spec(id, model: model, quantity: "1", at: time),
                                                       twap: TWAPPlan(slices: 1 + x.a % 4, intervalSeconds: 60)))).records
            default:
                records += k.handle(OrderCommand(commandID: id, kind: .flatten, modelID: model, time: time)).records
            }
        }
        records += k.accountsAtTick(Fx.t(minute)).records
        return records
    }

    @Test func aReplayedKernelEqualsTheOriginalAndContinuesIdentically() async {
        await propertyCheck(count: 60, input: zip(Self.session, Self.session)) { first, second in
            var original = Self.kernel()
            let records = Self.drive(&original, first, from: 0)
            var restored = Self.kernel()
            try restored.replay(records)
            #expect(restored == original)
            #expect(restored.replayBacklog.isEmpty)
            var a = original, b = restored
            #expect(Self.drive(&a, second, from: 100_000) == Self.drive(&b, second, from: 100_000))
            #expect(a == b)
        }
    }

    @Test func replayRefusesADivergentJournal() throws {
        var k = Self.kernel()
        var records = k.handle(.bar(Fx.bar(0, "100", "100", "100", "100"))).records
        records += k.handle(Fx.place(OrderPlan(order: Fx.spec("r1", at: Fx.t(1))))).records
        records += k.handle(.bar(Fx.bar(1, "100", "100", "100", "100"))).records
        guard let index = records.firstIndex(where: { if case .fill = $0 { true } else { false } }),
              case .fill(var f) = records[index] else { Issue.record("no fill"); return }
        f.price = 1
        records[index] = .fill(f)
        var fresh = Self.kernel()
        #expect(throws: ExecutionError.self) { try fresh.replay(records) }
    }

    @Test func kernelLedgersAreTheFoldOfTheirFills() async {
        await propertyCheck(count: 40, input: Self.session) { actions in
            var k = Self.kernel()
            let records = Self.drive(&k, actions, from: 0)
            var leverage: [ClientOrderID: FixedDecimal] = [:]
            for e in Fx.events(records) { leverage[e.order.clientOrderID] = e.order.leverage }
            for model in k.models {
                var ledger = ModelLedger(modelID: model, startingCapital: 10_000)
                for r in records {
                    if case .fill(let f) = r, f.modelID == model { try ledger.apply(f, leverage: leverage[f.clientOrderID] ?? 1) }
                    if case .funding(let p) = r, p.modelID == model { try ledger.apply(p) }
                }
                #expect(ledger.holdings == k.ledger(of: model)?.holdings)
            }
        }
    }
}
