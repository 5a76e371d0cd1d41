import ArenaCore
import ArenaTesting
import Testing
@testable import Features

/// The book against the brute force on real trades, at many checkpoints
/// between trades and on the clock alone (gaps between captures).
@Suite(.requires(RealTrades.requirement), .cpuBound)
struct OrderFlowRealDataTests {
    /// Feeds `trades` and compares with the brute force every `every` trades and at `extra` clock-only
    /// times after the last trade; returns how many checkpoints had warm thresholds.
    @discardableResult
    static func replay(_ trades: [Trade], origin: Timestamp?, every: Int, symbol: Symbol) throws -> (checks: Int, thresholds: Int) {
        var book = OrderFlowBook(symbol: symbol, observingFrom: origin)
        var reference = OrderFlowReference(origin: origin ?? trades[0].eventTime)
        var checks = 0, thresholds = 0
        for (i, trade) in trades.enumerated() {
            // Clock-only checkpoints inside gaps of a minute or more: windows must expire without trades.
            if let last = reference.trades.last?.trade, trade.eventTime.nanoseconds - last.eventTime.nanoseconds > 60_000_000_000 {
                for offset: Int64 in [59, 301, 901, 1799, 1800, 14_400, 86_400] {
                    let t = Timestamp(nanoseconds: last.eventTime.nanoseconds + offset * 1_000_000_000)
                    guard t < trade.eventTime else { break }
                    if reference.check(try book.features(at: t)) { thresholds += 1 }
                    checks += 1
                }
            }
            if let clock = book.clock, OrderFlowReference.second(trade.eventTime) < OrderFlowReference.second(clock) {
                // A recorded stream may step back a second; the book refuses it, so the reference leaves it out too.
                #expect(throws: OrderFlowError.outOfOrder(eventTime: trade.eventTime, clock: clock)) { try book.add(trade) }
                continue
            }
            try book.add(trade)
            reference.add(trade)
            if i % every == every - 1 || i == trades.count - 1 {
                if reference.check(book.features) { thresholds += 1 }
                checks += 1
            }
        }
        return (checks, thresholds)
    }

    /// USDⓈ-M BTCUSDT captures of 2024-07-18, 07-19 and 08-08 in a row (≈ 32k trades, gaps of hours to weeks),
    /// observed from 24 h before the first, so every group is warm and the 24 h windows are non-trivial.
    @Test func usdmBTCCapturesMatchTheBruteForce() throws {
        var trades: [Trade] = []
        for day in ["20240718", "20240719", "20240808"] { trades += try RealTrades.capture("usdm_btcusdt_\(day)") }
        #expect(trades.count > 30_000)
        let origin = trades[0].eventTime.advanced(by: .seconds(-86_400))
        let result = try Self.replay(trades, origin: origin, every: 400, symbol: trades[0].symbol)
        #expect(result.checks > 80 && result.thresholds > 80)
    }

    /// Spot ETHUSDT (a different venue, market and price scale), observed from the first trade: nothing
    /// is warm for the first 30 minutes, and the brute force agrees on what is nil.
    @Test func spotETHCapturesFromColdMatchTheBruteForce() throws {
        let trades = try RealTrades.capture("spot_ethusdt_20240808") + RealTrades.capture("spot_ethusdt_20240809")
        let result = try Self.replay(trades, origin: nil, every: 500, symbol: trades[0].symbol)
        #expect(result.checks > 20 && result.thresholds == 0)
    }

    /// The recorded BTCUSDT aggTrade stream spans 29 h: from a cold start the 24 h groups warm up
    /// within the file, and the thresholds are then compared on real, naturally spaced flow.
    @Test func aggTradeStreamWarmsUpOverADay() throws {
        let trades = try RealTrades.aggTradeStream()
        #expect(trades.count > 11_000)
        let result = try Self.replay(trades, origin: nil, every: 150, symbol: trades[0].symbol)
        #expect(result.thresholds > 5)
        var book = OrderFlowBook(symbol: trades[0].symbol)
        for t in trades { try? book.add(t) }
        #expect(book.features.warm.flow24h && book.features.warm.thresholds && book.features.p99Notional != nil)
    }

    /// bitFlyer BTC_JPY: 190k executions over one day (notional in JPY), observed from 24 h before.
    @Test func bitflyerDayMatchesTheBruteForce() throws {
        let trades = try RealTrades.bitflyer()
        #expect(trades.count > 180_000)
        let origin = trades[0].eventTime.advanced(by: .seconds(-86_400))
        let result = try Self.replay(trades, origin: origin, every: 6_000, symbol: trades[0].symbol)
        #expect(result.thresholds >= 30)
    }
}
