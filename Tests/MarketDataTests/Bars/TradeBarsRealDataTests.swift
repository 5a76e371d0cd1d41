import ArenaCore
import ArenaTesting
import Foundation
import MarketData
import Testing

/// Bars built from real trades equal the candles freqtrade built from the same trades.
///
/// csv/XRP_ETH-trades.csv holds 12,477 Binance XRP/ETH aggTrades; XRP_ETH-1m.csv
/// and XRP_ETH-5m.csv are freqtrade's candles of exactly those trades. freqtrade
/// leaves minutes without trades out (2,469 rows over 3,560 minutes; no row has
/// zero volume), so the builder runs with ``GapPolicy/skip`` for the exact
/// comparison, and its flat-bar mode is checked to fill exactly the missing
/// minutes. freqtrade's last candle is the period the data ends in, so the
/// pipeline is finished (``TradeBarPipeline/finish(into:)``) at the end.
@Suite(.requires(SharedData.requirement), .cpuBound)
struct TradeBarsRealDataTests {
    static let xrp = try! Symbol("XRPETH")

    static func trades() throws -> [Trade] {
        try ReplayRealFileTests.tradeFile(SharedData.csv.appendingPathComponent("XRP_ETH-trades.csv"))
    }

    static func candles(_ timeframe: Timeframe) throws -> [Bar] {
        try KlineFile.bars(
            atPath: SharedData.csv.appendingPathComponent("XRP_ETH-\(timeframe.rawValue).csv").path,
            venue: SharedData.binance, symbol: xrp, timeframe: timeframe
        )
    }

    static func built(_ timeframe: Timeframe, gaps: GapPolicy) throws -> [Bar] {
        var pipeline = try TradeBarPipeline(venue: SharedData.binance, symbol: xrp, timeframes: [timeframe], gapPolicy: gaps)
        var out: [Bar] = []
        for t in try trades() { try pipeline.add(t, into: &out) }
        try pipeline.finish(into: &out)
        return out
    }

    static func ohlcv(_ b: Bar) -> String { "\(b.openTime.milliseconds),\(b.open),\(b.high),\(b.low),\(b.close),\(b.volume)" }

    @Test(arguments: [(Timeframe.m1, 2_469), (.m5, 706)])
    func barsEqualFreqtradesCandles(timeframe: Timeframe, rows: Int) throws {
        let theirs = try Self.candles(timeframe)
        let mine = try Self.built(timeframe, gaps: .skip)
        #expect(theirs.count == rows && mine.count == rows)
        for (a, b) in zip(mine, theirs) where Self.ohlcv(a) != Self.ohlcv(b) {
            Issue.record("\(timeframe.rawValue) at \(b.openTime): built \(Self.ohlcv(a)), freqtrade \(Self.ohlcv(b))")
        }
        // Every trade is in exactly one bar.
        #expect(mine.reduce(0) { $0 + ($1.tradeCount ?? 0) } == 12_477)
    }

    @Test func flatBarsFillExactlyTheMinutesFreqtradeLeavesOut() throws {
        let theirs = try Self.candles(.m1)
        let flat = try Self.built(.m1, gaps: .flatBars)
        // 2019-10-11 00:00 → 2019-10-13 11:19: 3,560 minutes, one bar each.
        #expect(flat.count == 3_560)
        #expect(zip(flat, flat.dropFirst()).allSatisfy { $1.openTime.nanoseconds - $0.openTime.nanoseconds == 60_000_000_000 })
        let traded = flat.filter { $0.tradeCount! > 0 }
        #expect(traded.map(Self.ohlcv) == theirs.map(Self.ohlcv))
        // Each quiet minute (there are some) repeats the close before it.
        #expect(traded.count < flat.count)
        for (previous, bar) in zip(flat, flat.dropFirst()) where bar.tradeCount == 0 {
            #expect(bar.open == previous.close && bar.high == previous.close && bar.low == previous.close && bar.volume == 0)
        }
    }
}
