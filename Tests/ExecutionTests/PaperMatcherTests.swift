import ArenaCore
import ArenaTesting
import Execution
import Testing

/// The paper venue's fill rule for each order type and time in force, one
/// order against one bar, trade or book, with the prices worked out by hand
/// (slippage 10 bp adverse; maker at the limit; gaps fill at the open).
@Suite(.cpuBound) struct PaperMatcherTests {
    static let t0 = Timestamp(milliseconds: 1_700_000_000_000)
    static let pricing = PaperPricing()
    static func d(_ s: String) -> FixedDecimal { try! FixedDecimal(parsing: s) }

    static func order(
        _ side: Side, _ type: OrderType, quantity: String = "1", limit: String? = nil, trigger: String? = nil, tif: TimeInForce = .gtc
    ) -> PaperOrder {
        let spec = OrderSpec(
            clientOrderID: .derived(from: "matcher", leg: "x"), modelID: ModelID(unchecked: "m"), source: "matcher",
            venue: ExecutionVenues.paper, symbol: Symbol(unchecked: "BTCUSDT"), market: .spot, side: side, type: type,
            quantity: d(quantity), limitPrice: limit.map(d), triggerPrice: trigger.map(d), timeInForce: tif, reduceOnly: false,
            purpose: .entry, createdAt: t0
        )
        return PaperOrder(state: OrderState(spec: spec), activeFrom: t0, placement: 0)
    }

    /// The 1m bar opening at t0 (the first an order made at t0 may fill on).
    static func bar(_ open: String, _ high: String, _ low: String, _ close: String, minute: Int64 = 0) -> MarketInput {
        .bar(Bar(
            venue: VenueID(unchecked: "binance"), symbol: Symbol(unchecked: "BTCUSDT"), timeframe: .m1,
            openTime: t0.advanced(by: .seconds(60 * minute)), open: d(open), high: d(high), low: d(low), close: d(close), volume: 1,
            quoteVolume: nil, tradeCount: nil, takerBuyVolume: nil, isClosed: true
        ))
    }

    static func book(asks: [(String, String)], bids: [(String, String)] = []) -> BookDepth {
        BookDepth(
            venue: VenueID(unchecked: "binance"), symbol: Symbol(unchecked: "BTCUSDT"),
            bids: bids.map { PriceLevel(price: d($0.0), quantity: d($0.1)) }, asks: asks.map { PriceLevel(price: d($0.0), quantity: d($0.1)) },
            updateID: 1, eventTime: t0.advanced(by: .milliseconds(5))
        )
    }

    static func match(_ order: inout PaperOrder, _ input: MarketInput, book: BookDepth? = nil) throws -> PaperMatch {
        try PaperMatcher.match(&order, input: input, book: book, pricing: pricing)
    }

    @Test func aMarketOrderFillsAtTheNextOpenWithSlippage() throws {
        var buy = Self.order(.buy, .market), sell = Self.order(.sell, .market)
        #expect(try Self.match(&buy, Self.bar("100", "105", "95", "101")) == .fill(quantity: 1, price: Self.d("100.1"), liquidity: .taker, cancelRest: false))
        #expect(try Self.match(&sell, Self.bar("100", "105", "95", "101")) == .fill(quantity: 1, price: Self.d("99.9"), liquidity: .taker, cancelRest: false))
    }

    @Test func aMarketOrderWalksTheBookWhenThereIsOne() throws {
        var buy = Self.order(.buy, .market, quantity: "3")
        let book = Self.book(asks: [("100", "1"), ("101", "2"), ("102", "5")])
        // (1 × 100 + 2 × 101) / 3, no slippage on top of the walk.
        let expected = try Self.d("302").divided(by: 3)
        #expect(try Self.match(&buy, .depth(book), book: book) == .fill(quantity: 3, price: expected, liquidity: .taker, cancelRest: false))
    }

    @Test func iocTakesWhatTheBookHoldsAndFokAllOrNothing() throws {
        let book = Self.book(asks: [("100", "1"), ("101", "1")])
        var ioc = Self.order(.buy, .market, quantity: "5", tif: .ioc), fok = Self.order(.buy, .market, quantity: "5", tif: .fok)
        #expect(try Self.match(&ioc, .depth(book), book: book) == .fill(quantity: 2, price: Self.d("100.5"), liquidity: .taker, cancelRest: true))
        guard case .expire(let reason) = try Self.match(&fok, .depth(book), book: book) else { Issue.record("a FOK larger than the book expires"); return }
        #expect(reason.hasPrefix("fok_not_filled"))
        var small = Self.order(.buy, .market, quantity: "2", tif: .fok)
        #expect(try Self.match(&small, .depth(book), book: book) == .fill(quantity: 2, price: Self.d("100.5"), liquidity: .taker, cancelRest: false))
    }

    @Test func aRestingLimitFillsOnlyWhenTheMarketTradesThroughIt() throws {
        var buy = Self.order(.buy, .limit, limit: "99")
        // Not marketable on arrival (opens at 100 > 99), and a low of exactly 99 only touches it.
        #expect(try Self.match(&buy, Self.bar("100", "101", "99", "100")) == PaperMatch.none)
        // Through: a low below the limit fills at the limit, as maker.
        #expect(try Self.match(&buy, Self.bar("100", "101", "98.5", "99", minute: 1)) == .fill(quantity: 1, price: 99, liquidity: .maker, cancelRest: false))
        // A bar that opens beyond the limit fills at its open, the better price.
        var gap = Self.order(.buy, .limit, limit: "99")
        _ = try Self.match(&gap, Self.bar("100", "101", "99.5", "100"))
        #expect(try Self.match(&gap, Self.bar("97", "98", "96", "97", minute: 1)) == .fill(quantity: 1, price: 97, liquidity: .maker, cancelRest: false))
    }

    @Test func aMarketableLimitTakesAtTheArrivalPrice() throws {
        var buy = Self.order(.buy, .limit, limit: "101")
        #expect(try Self.match(&buy, Self.bar("100", "102", "99", "101")) == .fill(quantity: 1, price: 100, liquidity: .taker, cancelRest: false))
        var ioc = Self.order(.buy, .limit, limit: "99", tif: .ioc)
        guard case .expire = try Self.match(&ioc, Self.bar("100", "101", "99.5", "100")) else { Issue.record("an IOC limit not reached on arrival expires"); return }
    }

    @Test func aStopTriggersAgainstThePositionAndAGapFillsAtTheOpen() throws {
        var sell = Self.order(.sell, .stopMarket, trigger: "95")
        #expect(try Self.match(&sell, Self.bar("100", "101", "96", "97")) == PaperMatch.none)
        // Reached: min(trigger, open) = 95, minus 10 bp.
        #expect(try Self.match(&sell, Self.bar("97", "98", "94", "95", minute: 1)) == .fill(quantity: 1, price: Self.d("94.905"), liquidity: .taker, cancelRest: false))
        var gapped = Self.order(.sell, .stopMarket, trigger: "95")
        // Opens at 90, under the trigger: fills at the open, minus 10 bp.
        #expect(try Self.match(&gapped, Self.bar("90", "92", "89", "91")) == .fill(quantity: 1, price: Self.d("89.91"), liquidity: .taker, cancelRest: false))
        var buyStop = Self.order(.buy, .stopMarket, trigger: "105")
        #expect(try Self.match(&buyStop, Self.bar("100", "106", "99", "105")) == .fill(quantity: 1, price: Self.d("105.105"), liquidity: .taker, cancelRest: false))
    }

    @Test func aTakeProfitTriggersInThePositionsFavour() throws {
        var sell = Self.order(.sell, .takeProfit, trigger: "110")
        #expect(try Self.match(&sell, Self.bar("100", "109", "95", "101")) == PaperMatch.none)
        #expect(try Self.match(&sell, Self.bar("105", "111", "104", "110", minute: 1)) == .fill(quantity: 1, price: Self.d("109.89"), liquidity: .taker, cancelRest: false))
        var gapUp = Self.order(.sell, .takeProfit, trigger: "110")
        #expect(try Self.match(&gapUp, Self.bar("112", "113", "111", "112")) == .fill(quantity: 1, price: Self.d("111.888"), liquidity: .taker, cancelRest: false))
    }

    @Test func aStopLimitBecomesALimitOnceTriggered() throws {
        var sell = Self.order(.sell, .stopLimit, limit: "94", trigger: "95")
        #expect(try Self.match(&sell, Self.bar("97", "98", "94.5", "95")) == .triggered)
        // From the next data on it is a sell limit at 94: a high above 94 … the open 94.5 is already better: taker on arrival.
        #expect(try Self.match(&sell, Self.bar("94.5", "95", "93", "94", minute: 1)) == .fill(quantity: 1, price: Self.d("94.5"), liquidity: .taker, cancelRest: false))
    }

    @Test func nothingFillsOnTheBarThatClosedAtTheOrdersTime() throws {
        var buy = Self.order(.buy, .market)
        #expect(try Self.match(&buy, Self.bar("100", "105", "95", "101", minute: -1)) == PaperMatch.none)
    }
}

/// A market order sized at its fill (`quoteBudget`): the quantity the budget pays for at the
/// fill price with the taker fee on top, fixed when it fills.
@Suite(.cpuBound) struct BudgetedOrderTests {
    static let t0 = PaperMatcherTests.t0
    static func d(_ s: String) -> FixedDecimal { PaperMatcherTests.d(s) }

    static func budgeted(_ budget: String, estimate: String = "1") -> PaperOrder {
        var order = PaperMatcherTests.order(.buy, .market, quantity: estimate)
        order.state.spec.quoteBudget = d(budget)
        return order
    }

    /// 10 000 at an open of 25 000 with 5 bp: 10 000 / (25 000 × 1.0005) = 0.399800099950… BTC.
    @Test func theQuantityIsWhatTheBudgetBuysAtTheFillPriceFeesIncluded() throws {
        let pricing = PaperPricing(slippageBps: 0, takerFeeBps: 5, makerFeeBps: 5)
        var order = Self.budgeted("10000")
        let match = try PaperMatcher.match(&order, input: PaperMatcherTests.bar("25000", "25100", "24900", "25050"), book: nil, pricing: pricing)
        let quantity = Self.d("0.399800099950")
        #expect(match == .fill(quantity: quantity, price: 25_000, liquidity: .taker, cancelRest: false))
        #expect(order.state.spec.quantity == quantity)
        let cost = try quantity.multiplied(by: 25_000)
        let fee = try pricing.fee(quantity: quantity, price: 25_000, liquidity: .taker)
        #expect(try cost.adding(fee) <= 10_000)
        // One more unit of the last place would overspend.
        let more = try quantity.adding(FixedDecimal(raw: 1))
        #expect(try more.multiplied(by: 25_000).adding(try pricing.fee(quantity: more, price: 25_000, liquidity: .taker)) > 10_000)
    }

    @Test func slippageIsPaidOutOfTheBudgetToo() throws {
        var order = Self.budgeted("1001")
        // 10 bp up from 100: 100.1; 1001 / (100.1 × 1.0005) = 9.995002498750…
        let match = try PaperMatcher.match(&order, input: PaperMatcherTests.bar("100", "101", "99", "100"), book: nil, pricing: PaperPricing())
        #expect(match == .fill(quantity: Self.d("9.995002498750"), price: Self.d("100.1"), liquidity: .taker, cancelRest: false))
    }

    @Test func aBudgetThatBuysNothingExpires() throws {
        var order = Self.budgeted("0.000000000001")
        let match = try PaperMatcher.match(&order, input: PaperMatcherTests.bar("100", "101", "99", "100"), book: nil, pricing: PaperPricing())
        guard case .expire(let reason) = match else { Issue.record("expected an expiry, got \(match)"); return }
        #expect(reason.hasPrefix("budget_too_small"))
    }

    /// Through the kernel: the fill books the sized quantity, and a TWAP's slices share the budget.
    @Test func theKernelBooksTheSizedQuantityAndTWAPSlicesShareTheBudget() throws {
        var kernel = ExecutionKernel(configuration: ExecutionConfiguration(takerFeeBps: 5, slippageBps: 0), models: [Fx.alpha])
        var spec = Fx.spec("budget", quantity: "0.4")
        spec.quoteBudget = 9_000
        _ = kernel.handle(Fx.place(OrderPlan(order: spec, twap: TWAPPlan(slices: 3, intervalSeconds: 60))))
        var fills: [Fill] = []
        for minute in 0..<4 { fills += Fx.fills(kernel.handle(.bar(Fx.bar(Int64(minute), "30000", "30000", "30000", "30000"))).records) }
        #expect(fills.count == 3)
        // 3 000 each: 3000 / (30 000 × 1.0005) = 0.099950024987…
        // About 3 000 each: 3000 / (30 000 × 1.0005) = 0.0999500249875…; together never more than the budget.
        var spent = FixedDecimal.zero
        for fill in fills {
            #expect((try fill.quantity.subtracting(Fx.d("0.099950024987"))).magnitude <= Fx.d("0.000000000001"))
            spent = try spent.adding(try fill.quantity.multiplied(by: fill.price)).adding(fill.fee)
        }
        #expect(spent <= 9_000 && spent > Fx.d("8999.99"))
        let account = try #require(kernel.account(of: Fx.alpha))
        #expect(account.cash >= 1_000)
    }
}
