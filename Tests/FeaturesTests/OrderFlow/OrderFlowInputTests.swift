import ArenaCore
import ArenaTesting
import Testing
@testable import Features

/// Bad and out-of-order input get typed errors and change nothing; the latest-value inputs.
@Suite(.cpuBound) struct OrderFlowInputTests {
    typealias G = OrderFlowGeneratedTests

    @Test func refusedEventsChangeNothing() throws {
        var book = OrderFlowBook(symbol: G.symbol, observingFrom: G.at(-4_000))
        try book.add(G.trade(10, .buy, qty: 1, ms: 500))
        let before = book.features
        let early = G.trade(9, .sell, qty: 1, ms: 999)
        #expect(throws: OrderFlowError.outOfOrder(eventTime: early.eventTime, clock: G.at(10).advanced(by: .milliseconds(500)))) {
            try book.add(early)
        }
        #expect(throws: OrderFlowError.invalidValue(field: "quantity", value: 0)) { try book.add(G.trade(11, .buy, qty: 0)) }
        #expect(throws: OrderFlowError.invalidValue(field: "quantity", value: -1)) { try book.add(G.trade(11, .buy, qty: -1)) }
        #expect(throws: OrderFlowError.invalidValue(field: "price", value: 0)) { try book.add(G.trade(11, .buy, qty: 1, price: 0)) }
        let huge = FixedDecimal(1_000_000_000_000)
        #expect(throws: OrderFlowError.invalidValue(field: "notional", value: huge * 10_000)) { try book.add(G.trade(11, .buy, qty: huge, price: 10_000)) }
        var other = G.trade(11, .buy, qty: 1)
        other.symbol = Symbol(unchecked: "ETHUSDT")
        #expect(throws: OrderFlowError.wrongSymbol(expected: G.symbol, got: other.symbol)) { try book.add(other) }
        #expect(throws: OrderFlowError.self) { try book.advance(to: G.at(9)) }
        #expect(book.features == before && book.clock == G.at(10).advanced(by: .milliseconds(500)))
        // Earlier within the clock's second is counted in that second; the clock does not go back.
        try book.add(G.trade(10, .sell, qty: 3, ms: 100))
        #expect(book.features.cvd30m == -2 && book.clock == G.at(10).advanced(by: .milliseconds(500)))
    }

    /// OI change = (L − R) / R with R the newest sample ≥ 5 min older than L.
    @Test func openInterestChangeOverFiveMinutes() throws {
        var book = OrderFlowBook(symbol: G.symbol)
        try book.update(openInterest: 1_000, at: G.at(0))
        try book.update(openInterest: 1_010, at: G.at(60))
        try book.update(openInterest: 1_020, at: G.at(299))
        #expect(book.features.openInterestChange5m == nil)  // nothing 5 min older yet
        try book.update(openInterest: 1_030, at: G.at(300))
        #expect(book.features.openInterestChange5m == FixedDecimal(raw: 30_000_000_000))  // (1030 − 1000) / 1000 = 0.03
        try book.update(openInterest: 1_050, at: G.at(420))  // R = the sample at 60 s
        #expect(book.features.openInterestChange5m == (try FixedDecimal(40).divided(by: 1_010)))
        #expect(book.features.openInterest == Stamped(1_050, at: G.at(420)))
        #expect(throws: OrderFlowError.staleInput(field: "open interest", time: G.at(400), held: G.at(420))) {
            try book.update(openInterest: 1, at: G.at(400))
        }
        #expect(throws: OrderFlowError.self) { try book.update(openInterest: -1, at: G.at(500)) }
        // Many samples: memory stays about 5 minutes' worth and the answer stays right.
        for s in Int64(421)..<5_000 { try book.update(openInterest: FixedDecimal(Int(s)), at: G.at(s)) }
        #expect(book.features.openInterestChange5m == (try FixedDecimal(300).divided(by: 4_699)))
    }

    /// Book imbalance over the top 10 levels only; funding, long/short ratio and top-trader share kept with their times.
    @Test func latestInputsWithTheirTimes() throws {
        var book = OrderFlowBook(symbol: G.symbol)
        #expect(book.features.fundingRate == nil && book.features.bookImbalance == nil && book.features.longShortRatio == nil)
        let level = { (q: Int) in PriceLevel(price: 100, quantity: FixedDecimal(q)) }
        // Bids 10 × 3 = 30 in the top 10 (the 11th, 1000, is ignored), asks 10 × 1 = 10: (30 − 10) / 40.
        let depth = BookDepth(venue: G.venue, symbol: G.symbol, bids: Array(repeating: level(3), count: 10) + [level(1_000)],
                              asks: Array(repeating: level(1), count: 12), updateID: 1, eventTime: G.at(5))
        try book.update(depth)
        #expect(book.features.bookImbalance == Stamped(0.5, at: G.at(5)))
        try book.update(FundingRate(venue: G.venue, symbol: G.symbol, rate: FixedDecimal(raw: 100_000_000), eventTime: G.at(6)))
        try book.update(longShortRatio: FixedDecimal(raw: 1_500_000_000_000), at: G.at(7))
        try book.update(topTraderLongShare: FixedDecimal(raw: 550_000_000_000), at: G.at(8))
        let f = book.features
        #expect(f.fundingRate == Stamped(FixedDecimal(raw: 100_000_000), at: G.at(6)))
        #expect(f.longShortRatio?.value == FixedDecimal(raw: 1_500_000_000_000) && f.topTraderLongShare?.time == G.at(8))
        #expect(throws: OrderFlowError.self) { try book.update(topTraderLongShare: 2, at: G.at(9)) }
        #expect(throws: OrderFlowError.self) { try book.update(longShortRatio: 0, at: G.at(9)) }
        #expect(throws: OrderFlowError.staleInput(field: "long/short ratio", time: G.at(1), held: G.at(7))) {
            try book.update(longShortRatio: 1, at: G.at(1))
        }
        let empty = BookDepth(venue: G.venue, symbol: G.symbol, bids: [], asks: [], updateID: 2, eventTime: G.at(10))
        try book.update(empty)
        #expect(book.features.bookImbalance == nil)
    }
}
