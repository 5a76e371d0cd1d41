import ArenaCore
import Execution
import Testing

/// The kernel at a live venue (``VenueMode/external``): orders become instructions, and only the
/// venue's reports change orders and ledgers, each trade booked once.
struct LiveVenueKernelTests {
    static func kernel() -> ExecutionKernel {
        ExecutionKernel(configuration: ExecutionConfiguration(venueMode: .external), models: [Fx.alpha, Fx.beta])
    }

    static func instructions(_ records: [ExecutionRecord]) -> [VenueInstruction] {
        records.compactMap { if case .instruction(let i) = $0 { i } else { nil } }
    }

    static func id(_ text: String) -> ClientOrderID { ClientOrderID(unchecked: text) }

    static func trade(_ order: String, _ tradeID: String, _ quantity: String, _ price: String, fee: String = "0.1", at minute: Int64 = 1) -> VenueReport {
        .fill(id(order), tradeID: tradeID, quantity: Fx.d(quantity), price: Fx.d(price), fee: Fx.d(fee), liquidity: .taker, at: Fx.t(minute))
    }

    @Test func aPlacementIsAnInstructionAndOnlyTheVenueFillsIt() {
        var k = Self.kernel()
        let placed = k.handle(Fx.place(OrderPlan(order: Fx.spec("e1", quantity: "2")))).records
        #expect(Fx.events(placed).map(\.status) == [.new])
        #expect(Self.instructions(placed).map(\.kind) == [.place] && Self.instructions(placed).first?.order.clientOrderID == Self.id("e1"))
        // The market trades through: the paper venue would have filled it; a live venue's order waits for the venue.
        let market = k.handle(.bar(Fx.bar(0, "100", "101", "99", "100"))).records
        #expect(Fx.fills(market).isEmpty && k.orders[Self.id("e1")]?.status == .new)

        _ = k.handle(VenueReport(kind: .accepted, clientOrderID: Self.id("e1"), venueOrderID: "881", time: Fx.t(1)))
        #expect(k.orders[Self.id("e1")]?.status == .accepted)
        let first = k.handle(Self.trade("e1", "t1", "0.5", "100.5")).records
        #expect(Fx.fills(first).map(\.fee) == [Fx.d("0.1")], "the venue's fee, not the paper venue's")
        #expect(k.orders[Self.id("e1")]?.status == .partiallyFilled)
        let again = k.handle(Self.trade("e1", "t1", "0.5", "100.5")).records
        #expect(again.count == 1 && k.orders[Self.id("e1")]?.filledQuantity == Fx.d("0.5"), "a trade reported twice is booked once")
        _ = k.handle(Self.trade("e1", "t2", "1.5", "101"))
        #expect(k.orders[Self.id("e1")]?.status == .filled)
        let ledger = k.ledger(of: Fx.alpha)
        #expect(ledger?.quantity(of: Fx.btc) == 2)
        // 10,000 − 0.5 × 100.5 − 1.5 × 101 − 2 × 0.1 fees = 10,000 − 50.25 − 151.5 − 0.2
        #expect(ledger?.cash == Fx.d("9798.05"))
    }

    @Test func aTradeBeforeThePlacementsAnswerAcceptsTheOrderFirst() {
        var k = Self.kernel()
        _ = k.handle(Fx.place(OrderPlan(order: Fx.spec("e1"))))
        let records = k.handle(Self.trade("e1", "9", "1", "100")).records
        #expect(Fx.events(records).map(\.status) == [.accepted, .filled])
        let late = k.handle(VenueReport(kind: .accepted, clientOrderID: Self.id("e1"), time: Fx.t(2))).records
        #expect(Fx.events(late).isEmpty, "an acceptance after the fill changes nothing")
    }

    @Test func anUnknownOutcomeIsSettledByTheVenuesWord() {
        var k = Self.kernel()
        _ = k.handle(Fx.place(OrderPlan(order: Fx.spec("e1"))))
        _ = k.handle(Fx.place(OrderPlan(order: Fx.spec("e2"))))
        _ = k.handle(VenueReport(kind: .unknown, clientOrderID: Self.id("e1"), reason: "timed out", time: Fx.t(1)))
        _ = k.handle(VenueReport(kind: .unknown, clientOrderID: Self.id("e2"), reason: "HTTP 503", time: Fx.t(1)))
        #expect(k.orders[Self.id("e1")]?.status == .unknown && k.orders[Self.id("e2")]?.status == .unknown)
        // The query finds e1 filled, and e2 unknown to the venue after the grace period.
        _ = k.handle(Self.trade("e1", "77", "1", "100"))
        let lost = k.handle(VenueReport(kind: .lost, clientOrderID: Self.id("e2"), time: Fx.t(2))).records
        #expect(k.orders[Self.id("e1")]?.status == .filled)
        #expect(Fx.events(lost).map(\.status) == [.rejected] && Fx.events(lost).first?.reason?.hasPrefix("lost:") == true)
        #expect(Self.instructions(lost).isEmpty, "a lost order is never placed again")
        #expect(k.ledger(of: Fx.alpha)?.quantity(of: Fx.btc) == 1)
    }

    @Test func aCancelIsAskedOnceAndTheOrderEndsOnTheVenuesAnswer() {
        var k = Self.kernel()
        _ = k.handle(Fx.place(OrderPlan(order: Fx.spec("l1", type: .limit, limit: "90"))))
        _ = k.handle(VenueReport(kind: .accepted, clientOrderID: Self.id("l1"), time: Fx.t(1)))
        let cancel = { (command: String) in
            OrderCommand(commandID: command, kind: .cancel, modelID: Fx.alpha, clientOrderID: Self.id("l1"), reason: "cancelled: on request", time: Fx.t(2))
        }
        let asked = k.handle(cancel("c1")).records
        #expect(Self.instructions(asked).map(\.kind) == [.cancel] && k.orders[Self.id("l1")]?.status == .accepted)
        #expect(Self.instructions(k.handle(cancel("c2")).records).isEmpty, "asked once")
        let done = k.handle(VenueReport(kind: .cancelled, clientOrderID: Self.id("l1"), time: Fx.t(3))).records
        #expect(Fx.events(done).map(\.status) == [.cancelled])
    }

    @Test func aRejectedEntryDropsItsBracket() {
        var k = Self.kernel()
        let bracket = Bracket(entryReference: 100, stopLoss: 95, takeProfit1: 110, takeProfit1Fraction: 1, takeProfit2: nil, breakEvenAfterTakeProfit1: false, timeStopSeconds: nil)
        _ = k.handle(Fx.place(OrderPlan(order: Fx.spec("e1"), bracket: bracket)))
        let records = k.handle(VenueReport(kind: .rejected, clientOrderID: Self.id("e1"), reason: "-2010: Account has insufficient balance", time: Fx.t(1))).records
        #expect(Fx.events(records).first?.reason == "venue_rejected: -2010: Account has insufficient balance")
        #expect(Self.instructions(records).isEmpty && k.openOrders(of: Fx.alpha).isEmpty)
    }

    /// The entry fills at the venue; its stop and target are held here; a bar through the stop sends
    /// it as a market order; its fill cancels the target here (OCO), without asking the venue.
    @Test func aBracketsLegsAreHeldUntilTheirTriggerThenSentAtMarket() throws {
        var k = Self.kernel()
        let bracket = Bracket(entryReference: 100, stopLoss: 95, takeProfit1: 110, takeProfit1Fraction: 1, takeProfit2: nil, breakEvenAfterTakeProfit1: false, timeStopSeconds: nil)
        _ = k.handle(Fx.place(OrderPlan(order: Fx.spec("e1"), bracket: bracket)))
        let filled = k.handle(Self.trade("e1", "1", "1", "100")).records
        #expect(Self.instructions(filled).isEmpty, "the legs wait here for their trigger")
        let legs = Fx.events(filled).filter { $0.order.parent == Self.id("e1") }
        #expect(legs.map(\.status) == [.accepted, .accepted] && Set(legs.map(\.order.type)) == [.stopMarket, .takeProfit])
        let stop = try #require(legs.first { $0.order.type == .stopMarket }?.order.clientOrderID)
        let target = try #require(legs.first { $0.order.type == .takeProfit }?.order.clientOrderID)
        #expect(Self.instructions(k.handle(.bar(Fx.bar(2, "100", "101", "96", "97"))).records).isEmpty, "the stop is not reached")
        let triggered = Self.instructions(k.handle(.bar(Fx.bar(3, "97", "98", "94", "95"))).records)
        #expect(triggered.map { [$0.kind.rawValue, $0.order.clientOrderID.value, $0.order.type.rawValue] } == [["PLACE", stop.value, "MARKET"]])
        #expect(triggered.first?.order.reduceOnly == true && triggered.first?.order.triggerPrice == nil)
        #expect(Self.instructions(k.handle(.bar(Fx.bar(4, "95", "96", "93", "94"))).records).isEmpty, "sent once")
        let stopped = k.handle(.fill(stop, tradeID: "2", quantity: 1, price: Fx.d("94.5"), fee: Fx.d("0.05"), liquidity: .taker, at: Fx.t(5))).records
        #expect(Self.instructions(stopped).isEmpty)
        #expect(k.orders[stop]?.status == .filled && k.orders[target]?.status == .cancelled)
        #expect(k.ledger(of: Fx.alpha)?.quantity(of: Fx.btc) == 0)
    }

    @Test func aTradeTheLedgerCannotTakeIsRecordedNotBooked() {
        var k = Self.kernel()
        _ = k.handle(Fx.place(OrderPlan(order: Fx.spec("e1", quantity: "1"))))
        let over = k.handle(Self.trade("e1", "1", "3", "100")).records
        #expect(Fx.fills(over).isEmpty && Fx.events(over).last?.reason?.hasPrefix("venue_fill_not_booked:") == true)
        #expect(k.ledger(of: Fx.alpha)?.quantity(of: Fx.btc) == 0)
        #expect(k.handle(VenueReport(kind: .accepted, clientOrderID: Self.id("nobody"), time: Fx.t(1))).records.count == 1)
        #expect(k.isUnknownOrder(VenueReport(kind: .accepted, clientOrderID: Self.id("nobody"), time: Fx.t(1))))
    }

    /// The journal of a live session rebuilds an equal kernel: venue reports are inputs, instructions effects.
    @Test func replayingTheJournalRebuildsTheKernel() throws {
        var k = Self.kernel()
        var journal: [ExecutionRecord] = []
        let bracket = Bracket(entryReference: 100, stopLoss: 95, takeProfit1: 110, takeProfit1Fraction: Fx.d("0.5"), takeProfit2: 120, breakEvenAfterTakeProfit1: true, timeStopSeconds: 3_600)
        journal += k.handle(Fx.place(OrderPlan(order: Fx.spec("e1", quantity: "2"), bracket: bracket))).records
        journal += k.handle(.bar(Fx.bar(0, "100", "101", "99", "100"))).records
        journal += k.handle(Self.trade("e1", "1", "2", "100")).records
        journal += k.handle(.bar(Fx.bar(1, "100", "111", "99", "110"))).records
        let sent = Self.instructions(journal).filter { $0.order.purpose == .takeProfit1 }
        #expect(sent.map(\.order.type) == [.market])
        journal += k.handle(.fill(try #require(sent.first?.order.clientOrderID), tradeID: "5", quantity: 1, price: 110, fee: 0, liquidity: .taker, at: Fx.t(2))).records
        #expect(Fx.events(journal).contains { $0.status == .cancelled && $0.reason?.hasPrefix("break_even") == true })
        journal += k.handle(.bar(Fx.bar(90, "110", "112", "108", "111"))).records  // past the time stop: a market exit is sent
        #expect(Self.instructions(journal).contains { $0.order.purpose == .timeStop && $0.order.type == .market })
        var rebuilt = Self.kernel()
        try rebuilt.replay(journal)
        #expect(rebuilt == k && rebuilt.replayBacklog.isEmpty)
    }
}
