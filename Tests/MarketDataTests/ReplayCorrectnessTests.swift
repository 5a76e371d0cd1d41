import ArenaCore
import ArenaTesting
import Foundation
import MarketData
import Testing

/// Bars built from real Binance 1m klines equal the bars Binance itself published.
///
/// The freqtrade files hold Binance's own 5m, 15m and 1h klines next to the 1m
/// ones, and gapless-crypto-data holds an independent 1h download. Every value
/// is compared exactly, volume included: the files carry volumes with at most
/// five decimals (BTC) or four (ETH), well inside ``FixedDecimal``'s twelve, and
/// Binance's own sums are exact, so there is no rounding to allow for.
///
/// The aggregators use ``GapPolicy/skip``: across the 2023-03-24 12:39 → 14:00
/// trading halt the source files have no bars, and neither does the replay.
@Suite(.requires(SharedData.requirement), .cpuBound)
struct ReplayCorrectnessTests {
    static let dir = "binance_spot_freqtrade_json"

    @Test(arguments: ["BTC", "ETH"], [Timeframe.m5, .m15, .h1])
    func freqtradeBarsEqualTheSourcesOwn(base: String, timeframe: Timeframe) throws {
        let symbol = base + "USDT"
        let minutes = try SharedData.bars("\(Self.dir)/\(base)_USDT-1m.json", symbol: symbol)
        let published = try SharedData.bars("\(Self.dir)/\(base)_USDT-\(timeframe.rawValue).json", symbol: symbol)
        #expect(minutes.count == 66_087)
        #expect(published.allSatisfy { $0.timeframe == timeframe })

        let built = try aggregate(minutes, to: timeframe)
        // The published file covers a sub-range (15m and 1h start on 2023-04-01);
        // inside that range the two series must be the same bars, none extra, none missing.
        let first = try #require(published.first).openTime, last = try #require(published.last).openTime
        let overlap = built.filter { $0.openTime >= first && $0.openTime <= last }
        #expect(overlap.count == published.count)
        for (mine, theirs) in zip(overlap, published) where mine != theirs {
            Issue.record("\(symbol) \(timeframe.rawValue) at \(theirs.openTime): built \(BarCSV.line(mine)), published \(BarCSV.line(theirs))")
        }
    }

    @Test func the5mFileSkipsTheHaltAndSoDoesTheReplay() throws {
        let minutes = try SharedData.bars("\(Self.dir)/BTC_USDT-1m.json", symbol: "BTCUSDT")
        let built = try aggregate(minutes, to: .m5)
        let haltStart = Timestamp(milliseconds: 1_679_661_600_000)  // 2023-03-24 12:40
        let haltEnd = Timestamp(milliseconds: 1_679_666_400_000)  // 2023-03-24 14:00
        #expect(!built.contains { $0.openTime >= haltStart && $0.openTime < haltEnd })
        #expect(built.contains { $0.openTime == haltEnd })
        // The whole file: 13,217 bars, exactly the published count; the last,
        // unfinished 21:00 bar (two minutes of data) is not closed and not emitted.
        #expect(built.count == 13_217)
    }

    @Test func hourBarsEqualTheIndependentGaplessFile() throws {
        let minutes = try SharedData.bars("\(Self.dir)/BTC_USDT-1m.json", symbol: "BTCUSDT")
        let gapless = try SharedData.bars(
            "binance_spot_gapless_crypto_data/binance_spot_BTCUSDT-1h_20170817-20240101.csv",
            symbol: "BTCUSDT", timeframe: .h1
        )
        let built = try aggregate(minutes, to: .h1)
        // The 1m file starts at 22:15, so the 22:00 hour is not built (its open
        // and volume are unknown); the last hour has not closed. That leaves 1,101
        // hours, the overlap SOURCES.md reports.
        #expect(built.count == 1_101)
        let reference = Dictionary(gapless.map { ($0.openTime, $0) }, uniquingKeysWith: { a, _ in a })
        for bar in built {
            guard let theirs = reference[bar.openTime] else {
                Issue.record("gapless file has no hour at \(bar.openTime)")
                continue
            }
            let same = (bar.open, bar.high, bar.low, bar.close, bar.volume)
                == (theirs.open, theirs.high, theirs.low, theirs.close, theirs.volume)
            if !same { Issue.record("hour \(bar.openTime): built \(BarCSV.line(bar)), gapless \(BarCSV.line(theirs))") }
        }
        // And no hour the gapless file has inside the span is missing from the replay.
        let span = try #require(built.first).openTime...(try #require(built.last).openTime)
        #expect(gapless.filter { span.contains($0.openTime) }.count == built.count)
    }

    @Test func gaplessHoursAggregateToItsOwnDays() throws {
        let dir = "binance_spot_gapless_crypto_data"
        let hours = try SharedData.bars("\(dir)/binance_spot_BTCUSDT-1h_20240101-20240102_v2.10.0.csv", symbol: "BTCUSDT")
        let days = try SharedData.bars("\(dir)/binance_spot_BTCUSDT-1d_20240101-20240102_v2.10.0.csv", symbol: "BTCUSDT")
        let built = try aggregate(hours, to: .d1, from: .h1)
        #expect(built.map(BarCSV.line) == days.map(BarCSV.line))
    }
}

/// The live rule on the same real data: the halt becomes flat bars instead of a hole.
@Suite(.requires(SharedData.requirement), .cpuBound)
struct ReplayFlatGapTests {
    @Test func theHaltBecomesFlatZeroVolumeBarsAtTheLastPrice() throws {
        let minutes = try SharedData.bars("binance_spot_freqtrade_json/BTC_USDT-1m.json", symbol: "BTCUSDT")
        let skipped = try aggregate(minutes, to: .m5, gaps: .skip)
        let flat = try aggregate(minutes, to: .m5, gaps: .flatBars)
        let haltStart = Timestamp(milliseconds: 1_679_661_600_000)  // 2023-03-24 12:40
        let haltEnd = Timestamp(milliseconds: 1_679_666_400_000)  // 2023-03-24 14:00
        let lastBefore = try #require(minutes.last { $0.openTime < haltStart })
        let filled = flat.filter { $0.openTime >= haltStart && $0.openTime < haltEnd }
        #expect(filled.count == 16)  // 12:40 … 13:55
        #expect(filled.allSatisfy {
            $0.volume == 0 && $0.open == lastBefore.close && $0.high == lastBefore.close && $0.low == lastBefore.close
        })
        // Outside the halt the two policies agree bar for bar.
        #expect(flat.filter { !($0.openTime >= haltStart && $0.openTime < haltEnd) } == skipped)
    }
}
