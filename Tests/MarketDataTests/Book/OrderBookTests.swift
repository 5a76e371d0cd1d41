import ArenaCore
import ArenaTesting
import MarketData
import Testing

private func level(_ price: String, _ quantity: String) -> PriceLevel {
    PriceLevel(price: FixedDecimal(price)!, quantity: FixedDecimal(quantity)!)
}

@Suite(.cpuBound) struct OrderBookTests {
    @Test func levelsSortBestFirstAndZeroRemoves() {
        var book = OrderBook(bids: [level("100", "1"), level("101.5", "2"), level("99", "0")], asks: [level("103", "1"), level("102", "4")])
        #expect(book.bids == [level("101.5", "2"), level("100", "1")])  // the zero-quantity level never enters
        #expect(book.asks == [level("102", "4"), level("103", "1")])
        book.apply(bids: [level("101.5", "0"), level("100", "3"), level("98", "0")], asks: [level("101.9", "1")])
        #expect(book.bestBid == level("100", "3") && book.bestAsk == level("101.9", "1"))
        #expect(book.bids.count == 1 && !book.isCrossed)
        book.apply(bids: [level("102", "1")], asks: [])
        #expect(book.isCrossed)
        #expect(book.top(1).asks == [level("101.9", "1")] && book.top(5).asks.count == 3)
    }

    /// Random diffs against a plain dictionary: the book is always the dictionary, sorted.
    @Test func matchesADictionaryModel() {
        var rng = SplitMix64(seed: 42)
        var book = OrderBook()
        var bids: [FixedDecimal: FixedDecimal] = [:], asks: [FixedDecimal: FixedDecimal] = [:]
        for _ in 0..<2_000 {
            func random() -> PriceLevel {
                let price = FixedDecimal(Int(rng.next() % 200) + 1) * FixedDecimal("0.5")!
                let quantity = rng.next() % 3 == 0 ? FixedDecimal.zero : FixedDecimal(Int(rng.next() % 1000) + 1)
                return PriceLevel(price: price, quantity: quantity)
            }
            let b = (0..<Int(rng.next() % 5)).map { _ in random() }, a = (0..<Int(rng.next() % 5)).map { _ in random() }
            book.apply(bids: b, asks: a)
            for l in b { bids[l.price] = l.quantity.isZero ? nil : l.quantity }
            for l in a { asks[l.price] = l.quantity.isZero ? nil : l.quantity }
            #expect(book.bids == bids.sorted { $0.key > $1.key }.map { PriceLevel(price: $0.key, quantity: $0.value) })
            #expect(book.asks == asks.sorted { $0.key < $1.key }.map { PriceLevel(price: $0.key, quantity: $0.value) })
        }
    }
}
