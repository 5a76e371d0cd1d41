import ArenaCore
import Features
import Foundation
import MarketData

/// Indicator throughput: one full indicator set updated per closed 1m bar, on
/// real BTC/USDT 1m klines (`data/samples`) repeated in memory to the benchmark's
/// size, against a plain running-sum SMA over the same closes measured in the same run.
enum FeaturesBench {
    /// The example list plus every other indicator: 13 items, 20 columns.
    static let fullSet = "ema:21,rsi:14,atr:14,bbands:20:2,macd:12:26:9,adx:14,stoch:14:3:3,obv,"
        + "sma:20,wma:20,vwap:20,rvol:30:525600,atrpct:14:100"
    static let sample = "data/samples/BTC_USDT-1m-20230401-20230403.json"

    static func run(quick: Bool) throws -> [BenchResult] {
        let target = quick ? 100_000 : 1_500_000
        let rounds = quick ? 1 : 3
        let one = try KlineFile.bars(atPath: sample, venue: VenueID(unchecked: "binance"), symbol: Symbol(unchecked: "BTCUSDT"))
        guard !one.isEmpty else { throw BenchError.failed("\(sample) has no bars") }
        var bars: [Bar] = []
        bars.reserveCapacity(target)
        while bars.count < target { bars += one.prefix(target - bars.count) }
        let closes = bars.map { $0.close.nearestDouble }
        let specs = try IndicatorSpec.parseList(fullSet)
        var full = 0.0, plain = 0.0, naive = 0.0
        for _ in 0..<rounds {
            plain = max(plain, rate(bars.count) { plainSMA(closes, period: 20) })
            naive = max(naive, rate(bars.count) { naiveBollinger(closes, period: 20) })
            full = max(full, rate(bars.count) { fullSetChecksum(bars, specs: specs) })
        }
        let columns = specs.reduce(0) { $0 + $1.columns.count }
        let name = "indicator set (\(specs.count) indicators, \(columns) columns) per 1m bar, exact decimals in, one core"
        return [
            BenchResult(name: name, value: full, unit: "bars/s",
                        baseline: "one plain running-sum SMA(20) over the closes as [Double]", baselineValue: plain, ratio: full / plain),
            BenchResult(name: name, value: full, unit: "bars/s",
                        baseline: "one naive Bollinger(20): mean and deviation recomputed from the window each bar", baselineValue: naive,
                        ratio: full / naive),
        ]
    }

    /// Feeds every bar to a fresh set; returns a sum of the outputs so the work cannot be elided.
    static func fullSetChecksum(_ bars: [Bar], specs: [IndicatorSpec]) -> Double {
        var set = IndicatorSet(specs: specs)
        var checksum = 0.0
        for bar in bars {
            set.update(bar)
            checksum += set.row[set.row.count - 1]
        }
        return checksum
    }

    /// The baseline: the simplest O(1) indicator, on Doubles that need no conversion.
    static func plainSMA(_ closes: [Double], period: Int) -> Double {
        var sum = 0.0, checksum = 0.0
        for i in closes.indices {
            sum += closes[i]
            if i >= period { sum -= closes[i - period] }
            if i >= period - 1 { checksum += sum / Double(period) }
        }
        return checksum
    }

    /// The second baseline: one indicator the way a rescan computes it, two passes over the window per bar.
    static func naiveBollinger(_ closes: [Double], period: Int) -> Double {
        var checksum = 0.0
        for end in period...closes.count {
            let window = closes[(end - period)..<end]
            var sum = 0.0
            for x in window { sum += x }
            let mean = sum / Double(period)
            var squares = 0.0
            for x in window { squares += (x - mean) * (x - mean) }
            checksum += mean + 2 * (squares / Double(period)).squareRoot()
        }
        return checksum
    }

    /// Bars per second of one run of `body` over `count` bars.
    static func rate(_ count: Int, _ body: () -> Double) -> Double {
        let start = MonotonicClock.nanoseconds()
        // Handing the result to an opaque function before reading the clock again
        // keeps the optimiser from eliding the work or moving it past the clock.
        keep(body())
        return Double(count) / (Double(MonotonicClock.nanoseconds() - start) / 1e9)
    }

    nonisolated(unsafe) static var sink = 0.0
    @inline(never) static func keep(_ value: Double) { sink += value }
}
