import ArenaCore
import Testing
@testable import MarketData

private let venue = VenueID(unchecked: "binance")
private let btc = Symbol(unchecked: "BTCUSDT")
private let t0 = Timestamp(milliseconds: 1_723_161_600_000)
private func d(_ s: String) -> FixedDecimal { try! FixedDecimal(parsing: s) }

/// A trade at `ms` after t0.
func sampleTrade(_ id: Int64, _ ms: Int64, _ price: String, _ qty: String, _ side: Side = .buy, symbol: Symbol = btc) -> Trade {
    let t = Timestamp(milliseconds: 1_723_161_600_000 + ms)
    return Trade(
        venue: venue, symbol: symbol, market: .spot, tradeID: id, price: try! FixedDecimal(parsing: price),
        quantity: try! FixedDecimal(parsing: qty), takerSide: side, eventTime: t, receiveTime: t
    )
}

@Suite struct TradeBarBuilderTests {
    @Test func buildsExactMinutesAndClosesQuietOnesFlat() throws {
        var b = TradeBarBuilder(venue: venue, symbol: btc, dropsLeadingPartial: false)
        #expect(try b.add(sampleTrade(1, 0, "61800.10", "0.5", .buy)).isEmpty)
        #expect(try b.add(sampleTrade(2, 20_000, "61810.00", "0.25", .sell)).isEmpty)
        #expect(try b.add(sampleTrade(3, 59_999, "61790.55", "1.000001", .buy)).isEmpty)
        // The next trade lands two minutes later: minute 0 closes, minute 1 closes flat.
        let closed = try b.add(sampleTrade(4, 150_000, "61795", "0.1", .sell))
        #expect(closed.count == 2)
        let m0 = closed[0]
        #expect((m0.openTime, m0.open, m0.high, m0.low, m0.close) == (t0, d("61800.10"), d("61810.00"), d("61790.55"), d("61790.55")))
        #expect(m0.volume == d("1.750001"))
        #expect(m0.quoteVolume == d("30900.05") + d("15452.5") + d("61790.6117905500"))
        #expect(m0.tradeCount == 3)
        #expect(m0.takerBuyVolume == d("1.500001"))
        #expect(m0.isClosed)
        let flat = closed[1]
        #expect(flat.openTime == t0.advanced(by: .seconds(60)))
        #expect([flat.open, flat.high, flat.low, flat.close] == Array(repeating: d("61790.55"), count: 4))
        #expect(flat.volume == .zero && flat.tradeCount == 0)
        // The clock closes minute 2 without another trade, and then quiet minute 3.
        #expect(try b.advance(to: t0.advanced(by: .seconds(179))).isEmpty)
        let byClock = try b.advance(to: t0.advanced(by: .seconds(240)))
        #expect(byClock.map(\.openTime) == [t0.advanced(by: .seconds(120)), t0.advanced(by: .seconds(180))])
        #expect(byClock[0].close == d("61795") && byClock[1].volume == .zero)
    }

    @Test func refusesATradeForAClosedMinuteAndChangesNothing() throws {
        var b = TradeBarBuilder(venue: venue, symbol: btc, dropsLeadingPartial: false)
        _ = try b.add(sampleTrade(1, 10_000, "100", "1"))
        _ = try b.advance(to: t0.advanced(by: .seconds(60)))
        #expect(throws: BarAggregatorError.late(openTime: t0, closedThrough: t0.advanced(by: .seconds(60)))) {
            try b.add(sampleTrade(2, 30_000, "101", "1"))
        }
        #expect(b.formingBar == nil)
        #expect(throws: BarAggregatorError.wrongInstrument(venue: venue, symbol: Symbol(unchecked: "ETHUSDT"))) {
            try b.add(sampleTrade(3, 70_000, "101", "1", symbol: Symbol(unchecked: "ETHUSDT")))
        }
    }

    @Test func dropsTheMinuteTheStreamStartedIn() throws {
        var b = TradeBarBuilder(venue: venue, symbol: btc)
        _ = try b.add(sampleTrade(1, 30_000, "100", "1"))
        let closed = try b.add(sampleTrade(2, 61_000, "101", "1"))
        #expect(closed.isEmpty)
        #expect(try b.advance(to: t0.advanced(by: .seconds(120))).map(\.open) == [d("101")])
    }
}
