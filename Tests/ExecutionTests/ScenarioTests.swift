import ArenaCore
import ArenaTesting
import Execution
import Testing

/// Scenarios on real price paths: brackets, funding on the real series, a liquidation, no look-ahead.
@Suite(.cpuBound) struct ScenarioTests {
    /// The pricing the kernel uses by default, for expected prices.
    static let pricing = PaperPricing()

    /// Enters long 0.1 BTC at market after bar `i` with `bracket`, then feeds the rest of the path.
    static func runBracket(_ bars: [Bar], entryAfter i: Int, bracket: Bracket) -> (ExecutionKernel, [ExecutionRecord]) {
        var k = ExecutionKernel(models: [Fx.alpha])
        var records: [ExecutionRecord] = []
        for bar in bars[...i] { records += k.handle(.bar(bar)).records }
        let plan = OrderPlan(order: Fx.spec("entry", quantity: "0.1", at: bars[i].closeTime), bracket: bracket)
        records += k.handle(Fx.place(plan)).records
        for bar in bars[(i + 1)...] { records += k.handle(.bar(bar)).records }
        return (k, records)
    }

    static func bracket(_ reference: FixedDecimal, stop: String, tp1: String, tp2: String) throws -> Bracket {
        Bracket(
            entryReference: reference, stopLoss: try reference.multiplied(by: Fx.d(stop)), takeProfit1: try reference.multiplied(by: Fx.d(tp1)),
            takeProfit1Fraction: Fx.d("0.5"), takeProfit2: try reference.multiplied(by: Fx.d(tp2)), breakEvenAfterTakeProfit1: true,
            timeStopSeconds: nil
        )
    }

    /// The first bar from `start` whose range reaches `level` (below: low ≤ level; above: high ≥ level).
    static func firstReach(_ bars: [Bar], from start: Int, level: FixedDecimal, below: Bool) -> Int? {
        (start..<bars.count).first { below ? bars[$0].low <= level : bars[$0].high >= level }
    }

    @Test func bracketReachesTP1MovesToBreakEvenThenExits() throws {
        let bars = try Fx.btcSpotMinutes()
        // The first entry (every 30 minutes) whose path reaches TP1 (+0.4 %) before the stop (−1 %).
        for i in stride(from: 60, to: bars.count - 200, by: 30) {
            let b = try Self.bracket(bars[i].close, stop: "0.99", tp1: "1.004", tp2: "1.02")
            guard let hitTP1 = Self.firstReach(bars, from: i + 2, level: b.takeProfit1, below: false),
                  (Self.firstReach(bars, from: i + 1, level: b.stopLoss, below: true) ?? .max) > hitTP1 else { continue }
            let (k, records) = Self.runBracket(bars, entryAfter: i, bracket: b)
            let fills = Fx.fills(records)
            let entry = try #require(fills.first)
            #expect(entry.price == (try Self.pricing.slipped(bars[i + 1].open, side: .buy)))
            let tp1 = try #require(fills.first { $0.purpose == .takeProfit1 })
            #expect(tp1.quantity == Fx.d("0.05") && tp1.time == bars[hitTP1].closeTime)
            #expect(tp1.price == (try Self.pricing.slipped(max(b.takeProfit1, bars[hitTP1].open), side: .sell)))
            let events = Fx.events(records)
            #expect(events.contains { $0.status == .cancelled && $0.order.purpose == .stopLoss && $0.reason?.hasPrefix("break_even") == true })
            let beStop = try #require(events.first { $0.order.clientOrderID == ClientOrderID.derived(from: "entry", leg: "sl-be") })
            #expect(beStop.order.triggerPrice == entry.price && beStop.order.quantity == Fx.d("0.05"))
            let exit = try #require(fills.last)
            #expect(exit.purpose == .stopLoss || exit.purpose == .takeProfit2)
            if exit.purpose == .stopLoss {
                let at = try #require(Self.firstReach(bars, from: hitTP1 + 1, level: entry.price, below: true))
                #expect(exit.time == bars[at].closeTime)
                #expect(exit.price == (try Self.pricing.slipped(min(entry.price, bars[at].open), side: .sell)))
            }
            #expect(k.ledger(of: Fx.alpha)?.positions.isEmpty == true)
            #expect(k.openOrders(of: Fx.alpha).isEmpty, "the other leg is cancelled once the position is closed")
            return
        }
        Issue.record("no window reached TP1 before the stop")
    }

    @Test func bracketStoppedOutCancelsTheTargets() throws {
        let bars = try Fx.btcSpotMinutes()
        for i in stride(from: 60, to: bars.count - 200, by: 30) {
            let b = try Self.bracket(bars[i].close, stop: "0.996", tp1: "1.01", tp2: "1.02")
            guard let hitSL = Self.firstReach(bars, from: i + 2, level: b.stopLoss, below: true),
                  (Self.firstReach(bars, from: i + 1, level: b.takeProfit1, below: false) ?? .max) > hitSL,
                  bars[i + 1].low > b.stopLoss else { continue }
            let (k, records) = Self.runBracket(bars, entryAfter: i, bracket: b)
            let fills = Fx.fills(records)
            #expect(fills.map(\.purpose) == [.entry, .stopLoss])
            let stop = try #require(fills.last)
            #expect(stop.quantity == Fx.d("0.1") && stop.time == bars[hitSL].closeTime)
            #expect(stop.price == (try Self.pricing.slipped(min(b.stopLoss, bars[hitSL].open), side: .sell)))
            let cancelled = Fx.events(records).filter { $0.status == .cancelled }.map(\.order.purpose)
            #expect(Set(cancelled) == [.takeProfit1, .takeProfit2])
            let ledger = try #require(k.ledger(of: Fx.alpha))
            #expect(ledger.realizedPnL == (try stop.quantity.multiplied(by: stop.price)) - (try fills[0].quantity.multiplied(by: fills[0].price)))
            return
        }
        Issue.record("no window hit the stop first")
    }

    @Test(arguments: [Fx.btc, Fx.eth])
    func perpetualFundingOnTheRealSeries(symbol: Symbol) throws {
        let rates = try Fx.fundingRates(symbol)
        let columns = try Fx.fundingColumns(symbol)
        let first = try #require(rates.first?.eventTime), last = try #require(rates.last?.eventTime)
        var k = ExecutionKernel(models: [Fx.alpha])
        let start = Timestamp(nanoseconds: first.nanoseconds - 2 * Fx.minute)
        var records = k.handle(.trade(Fx.trade(start, "1000", symbol: symbol))).records
        records += k.handle(Fx.place(OrderPlan(order: Fx.spec("long", symbol: symbol, market: .perpetual, quantity: "0.3", leverage: "2", at: start)))).records
        records += k.handle(.trade(Fx.trade(Timestamp(nanoseconds: start.nanoseconds + Fx.minute), "1234.5", symbol: symbol, id: 2))).records
        for rate in rates { records += k.handle(.funding(rate)).records }
        records += k.handle(.trade(Fx.trade(Timestamp(nanoseconds: last.nanoseconds + Fx.minute), "1300", symbol: symbol, id: 3))).records
        // Independently: every settlement of the CSV, −0.3 × 1234.5 × rate, each rounded like the ledger.
        let notional = Fx.d("0.3") * Fx.d("1234.5")
        let expected = columns.reduce(FixedDecimal.zero) { $0 - notional * $1.1 }
        let payments = Fx.payments(records)
        #expect(payments.count == columns.count)
        // The file's stamps are the real settlement times, a few ms after 00/08/16 UTC: each pays at its boundary.
        #expect(payments.map(\.time.milliseconds) == columns.map { $0.0 / 28_800_000 * 28_800_000 })
        #expect(payments.reduce(FixedDecimal.zero) { $0 + $1.amount } == expected)
        #expect(k.ledger(of: Fx.alpha)?.funding == expected)
        #expect(!expected.isZero)
    }

    @Test func leveragedLongIsLiquidatedOnARealDrop() throws {
        let bars = try Fx.ethPerpMinutes()
        // The entry (every 10 minutes) followed by the deepest drop below its open.
        var best = (index: 0, drop: 0.0)
        for i in stride(from: 0, to: bars.count - 2, by: 10) {
            let low = bars[(i + 1)...].map(\.low).min() ?? bars[i + 1].open
            let drop = 1 - low.doubleValue / bars[i + 1].open.doubleValue
            if drop > best.drop { best = (i, drop) }
        }
        let i = best.index
        let leverage = Int((1 / (0.8 * best.drop + 0.004)).rounded(.up))
        #expect(best.drop > 0.01 && leverage >= 2, "the sample holds a real drop of \(best.drop)")
        var k = ExecutionKernel(models: [Fx.alpha])
        var records: [ExecutionRecord] = []
        for bar in bars[...i] { records += k.handle(.bar(bar)).records }
        records += k.handle(Fx.place(OrderPlan(order: Fx.spec("lev", symbol: Fx.eth, market: .perpetual, quantity: "2",
                                                                leverage: "\(leverage)", at: bars[i].closeTime)))).records
        for bar in bars[(i + 1)...] { records += k.handle(.bar(bar)).records }
        let fills = Fx.fills(records)
        let entry = try #require(fills.first)
        let liquidation = try #require(fills.first { $0.purpose == .liquidation })
        let L = FixedDecimal(leverage)
        let expectedPrice = try #require(try LedgerPosition.liquidationPrice(entry: entry.price, leverage: L, long: true, mmr: Fx.d("0.004")))
        let factor = Fx.d("1") - (try Fx.d("1").divided(by: L)) + Fx.d("0.004")
        #expect(liquidation.price == entry.price * factor && liquidation.price == expectedPrice)
        let at = try #require(Self.firstReach(bars, from: i + 1, level: expectedPrice, below: true))
        #expect(liquidation.time == bars[at].closeTime && liquidation.quantity == 2 && liquidation.fee == 0)
        let margin = try (entry.quantity * entry.price).divided(by: L)
        let ledger = try #require(k.ledger(of: Fx.alpha))
        #expect(ledger.realizedPnL == -margin, "the loss is the margin")
        #expect(ledger.cash == 10_000 - margin - entry.fee && ledger.positions.isEmpty)
    }

    @Test func noLookAhead() throws {
        let bars = try Fx.btcSpotMinutes()
        let t = 500
        /// Bars with every price (high, low, open, close) moved by `delta` at the indices `changed` says.
        func run(_ changed: (Int) -> Bool) throws -> Fill? {
            var k = ExecutionKernel(models: [Fx.alpha])
            var fills: [Fill] = []
            for (n, bar) in bars.enumerated() {
                var b = bar
                if changed(n) {
                    let delta = FixedDecimal(n % 2 == 0 ? 1_000 : -1_000)
                    (b.open, b.high, b.low, b.close) = (b.open + delta, b.high + delta, b.low + delta, b.close + delta)
                }
                fills += Fx.fills(k.handle(.bar(b)).records)
                if n == t {
                    _ = k.handle(Fx.place(OrderPlan(order: Fx.spec("na", quantity: "0.5", at: bars[t].closeTime))))
                }
            }
            return fills.first
        }
        let reference = try #require(try run { _ in false })
        #expect(reference.time == bars[t + 1].closeTime)
        #expect(reference.price == (try Self.pricing.slipped(bars[t + 1].open, side: .buy)))
        #expect(try run { $0 > t + 1 } == reference, "prices after the fill bar do not matter")
        #expect(try run { $0 <= t } == reference, "the bar that closed at t (and earlier ones) do not matter")
        #expect(try run { $0 == t + 1 } != reference, "the fill bar does")
    }
}
