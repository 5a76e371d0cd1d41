import ArenaCore
import ArenaTesting
import Execution
import PropertyBased
import Testing

/// The per-model ledger: spot and isolated-margin perpetual arithmetic, funding, liquidation
/// prices, and the identities over generated fill sequences.
@Suite(.cpuBound) struct LedgerTests {
    static func fill(
        _ n: Int, symbol: Symbol = Fx.btc, market: MarketKind = .spot, side: Side, quantity: FixedDecimal, price: FixedDecimal,
        fee: FixedDecimal = .zero, purpose: OrderPurpose = .entry, at time: Timestamp = Fx.t(1)
    ) -> Fill {
        Fill(
            fillID: "f#\(n)", clientOrderID: ClientOrderID(unchecked: "f\(n)"), modelID: Fx.alpha, symbol: symbol, market: market,
            side: side, quantity: quantity, price: price, fee: fee, liquidity: .taker, purpose: purpose, time: time
        )
    }

    static func ledger() -> ModelLedger { ModelLedger(modelID: Fx.alpha, startingCapital: 10_000) }

    @Test func spotBuysAndSellsMoveCashAndRealise() throws {
        var l = Self.ledger()
        try l.apply(Self.fill(1, side: .buy, quantity: 2, price: 100, fee: Fx.d("0.1")))
        #expect(l.cash == Fx.d("9799.9"))
        #expect(l.positions[Fx.btc]?.averagePrice == 100)
        try l.apply(Self.fill(2, side: .sell, quantity: 1, price: 110, fee: Fx.d("0.055")))
        #expect(l.cash == Fx.d("9909.845"))
        #expect(l.realizedPnL == 10 && l.fees == Fx.d("0.155"))
        #expect(throws: LedgerError.spotShort(symbol: Fx.btc, held: 1, selling: 2)) {
            try l.apply(Self.fill(3, side: .sell, quantity: 2, price: 110))
        }
        try l.mark(Fx.btc, price: 120, at: Fx.t(2))
        #expect(try l.nav() == Fx.d("10029.845"))
        #expect(try l.unrealizedPnL() == 20)
    }

    /// A mark at the price already held changes nothing on the same day, and still rolls the day's reference on a new one.
    @Test func aMarkAtTheSamePriceChangesNothingButTheDay() throws {
        var l = Self.ledger()
        try l.apply(Self.fill(1, side: .buy, quantity: 2, price: 100, fee: 1))
        try l.mark(Fx.btc, price: 120, at: Fx.t(2))
        let marked = l
        try l.mark(Fx.btc, price: 120, at: Fx.t(3))
        #expect(l == marked)
        try l.mark(Fx.btc, price: 120, at: Fx.t(2 + 86_400))
        #expect(l.dayStartNAV == (try marked.nav()) && l.dayStartNAV != marked.dayStartNAV)
    }

    @Test func perpetualMarginPnLFlipAndLiquidationPrice() throws {
        var l = Self.ledger()
        try l.apply(Self.fill(1, market: .perpetual, side: .buy, quantity: 2, price: 1000), leverage: 5)
        #expect(l.cash == 9_600 && l.marginUsed == 400)
        // long 5×, mmr 0.004: 1000 × (1 − 0.2 + 0.004) = 804
        #expect(l.positions[Fx.btc]?.liquidationPrice(maintenanceMarginRate: l.maintenanceMarginRate) == 804)
        try l.apply(Self.fill(2, market: .perpetual, side: .sell, quantity: 1, price: 900), leverage: 5)
        #expect(l.realizedPnL == -100 && l.cash == 9_700 && l.marginUsed == 200)
        // sell 3 more: closes the remaining 1 (−100) and opens a 2 short at 900 with 3× (margin 600)
        try l.apply(Self.fill(3, market: .perpetual, side: .sell, quantity: 3, price: 900), leverage: 3)
        let short = try #require(l.positions[Fx.btc])
        #expect(short.quantity == -2 && short.averagePrice == 900 && short.leverage == 3 && short.margin == 600)
        #expect(l.realizedPnL == -200 && l.cash == 9_200)
        // short 3×: 900 × (1 + 1/3 − 0.004) = 1196.4 (1/3 to 12 places)
        #expect(short.liquidationPrice(maintenanceMarginRate: l.maintenanceMarginRate) == Fx.d("1196.3999999997"))
        let payment = try #require(try l.fundingPayment(symbol: Fx.btc, rate: Fx.d("0.0001"), markPrice: 1000, at: Fx.t(3)))
        #expect(payment.amount == Fx.d("0.2"), "a short receives a positive rate: −(−2) × 1000 × 0.0001")
        try l.apply(payment)
        #expect(l.funding == Fx.d("0.2") && l.cash == Fx.d("9200.2"))
    }

    @Test func liquidationLosesTheMargin() throws {
        var l = Self.ledger()
        try l.apply(Self.fill(1, market: .perpetual, side: .buy, quantity: 1, price: 1000), leverage: 10)
        try l.apply(Self.fill(2, market: .perpetual, side: .sell, quantity: 1, price: 904, purpose: .liquidation), leverage: 10)
        #expect(l.realizedPnL == -100 && l.cash == 9_900 && l.positions.isEmpty)
    }

    // MARK: Properties

    /// One generated step: a spot or perp fill, a funding settlement, or a mark.
    struct Step: Sendable, CustomStringConvertible {
        var op: Int, tenths: Int, price: Int, leverage: Int, rate: Int
        var description: String { "op\(op) q\(tenths)/10 p\(price) L\(leverage) r\(rate)" }
    }

    static let steps = zip(
        Gen<Int>.value(in: 0...5), Gen<Int>.value(in: 1...30), Gen<Int>.value(in: 50...200), Gen<Int>.value(in: 1...5),
        Gen<Int>.value(in: -100...100)
    ).map { Step(op: $0, tenths: $1, price: $2, leverage: $3, rate: $4) }.array(of: 1...60)

    /// Runs `steps` on a fresh ledger, checking the identities after each; returns the ledger and what was applied.
    static func run(_ steps: [Step]) throws -> (ModelLedger, [LedgerEntry]) {
        var l = ledger()
        var entries: [LedgerEntry] = []
        for (i, s) in steps.enumerated() {
            let price = FixedDecimal(s.price) + Fx.d("0.37")
            var quantity = FixedDecimal(s.tenths) * Fx.d("0.1")
            let time = Fx.t(Int64(i) * 97)
            let fee = try (quantity * price).multiplied(by: Fx.d("0.0005"))
            switch s.op {
            case 0, 1:
                if s.op == 1 { quantity = min(quantity, l.quantity(of: Fx.btc)) }
                guard quantity.isPositive else { continue }
                let f = fill(i, side: s.op == 0 ? .buy : .sell, quantity: quantity, price: price, fee: fee, at: time)
                try l.apply(f)
                entries.append(.fill(f, leverage: 1))
            case 2, 3:
                let f = fill(i, symbol: Fx.eth, market: .perpetual, side: s.op == 2 ? .buy : .sell, quantity: quantity, price: price,
                             fee: fee, at: time)
                try l.apply(f, leverage: FixedDecimal(s.leverage))
                entries.append(.fill(f, leverage: FixedDecimal(s.leverage)))
            case 4:
                guard let p = try l.fundingPayment(symbol: Fx.eth, rate: FixedDecimal(s.rate) * Fx.d("0.00001"), markPrice: price, at: time)
                else { continue }
                try l.apply(p)
                entries.append(.funding(p))
            default:
                try l.mark(Fx.btc, price: price, at: time)
                try l.mark(Fx.eth, price: price + 1, at: time)
            }
            try checkIdentities(l)
        }
        return (l, entries)
    }

    /// (a) conservation and (c) NAV, exactly.
    static func checkIdentities(_ l: ModelLedger) throws {
        let locked = l.positions.values.reduce(FixedDecimal.zero) { $0 + $1.lockedCapital }
        #expect(l.cash + locked - l.realizedPnL + l.fees - l.funding == l.startingCapital, "conservation")
        #expect(try l.nav() == l.startingCapital + l.realizedPnL + (try l.unrealizedPnL()) - l.fees + l.funding, "NAV")
        #expect(try l.nav() <= l.peakNAV)
    }

    /// What a ledger is the fold of.
    enum LedgerEntry { case fill(Fill, leverage: FixedDecimal), funding(FundingPayment) }

    @Test func conservationAndNAVIdentitiesHoldExactly() async {
        await propertyCheck(count: 300, input: Self.steps) { steps in _ = try Self.run(steps) }
    }

    @Test func theLedgerIsTheFoldOfItsFills() async {
        await propertyCheck(count: 200, input: Self.steps) { steps in
            let (ledger, entries) = try Self.run(steps)
            var rebuilt = Self.ledger()
            for entry in entries {
                switch entry {
                case .fill(let f, let leverage): try rebuilt.apply(f, leverage: leverage)
                case .funding(let p): try rebuilt.apply(p)
                }
            }
            #expect(rebuilt.holdings == ledger.holdings)
        }
    }

    @Test func aRefusedFillChangesNothing() throws {
        var l = Self.ledger()
        try l.apply(Self.fill(1, side: .buy, quantity: 1, price: 100))
        let before = l
        #expect(throws: LedgerError.self) { try l.apply(Self.fill(2, side: .buy, quantity: FixedDecimal.max, price: 100)) }
        #expect(throws: LedgerError.self) { try l.apply(Self.fill(3, market: .perpetual, side: .buy, quantity: 1, price: 100)) }
        #expect(l == before)
    }
}
