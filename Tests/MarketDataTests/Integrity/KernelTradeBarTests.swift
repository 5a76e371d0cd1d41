import ArenaCore
import ArenaTesting
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

/// The builder's leading-partial rule, which the kernel relies on for live streams.
@Suite(.cpuBound) struct LeadingPartialBarTests {
    @Test func dropsTheMinuteTheStreamStartedIn() throws {
        var b = TradeBarBuilder(venue: venue, symbol: btc, dropsLeadingPartial: true)
        _ = try b.add(sampleTrade(1, 30_000, "100", "1"))
        let closed = try b.add(sampleTrade(2, 61_000, "101", "1"))
        #expect(closed.isEmpty)
        #expect(try b.advance(to: t0.advanced(by: .seconds(120))).map(\.open) == [d("101")])
    }

    @Test func keepsItByDefault() throws {
        var b = TradeBarBuilder(venue: venue, symbol: btc)
        _ = try b.add(sampleTrade(1, 30_000, "100", "1"))
        #expect(try b.add(sampleTrade(2, 61_000, "101", "1")).map(\.open) == [d("100")])
    }
}
