import ArenaCore
import Foundation

/// Plain reference computations over the 5m bars of raw 1m klines, written
/// from the textbook definitions and independent of the feature engine's
/// indicator code: each value is recomputed from the first bar of the data
/// up to the bar asked for.
struct Reference {
    /// One 5m bar made from the 1m klines whose open time falls in it.
    struct Bar5 {
        var openTime: Int64, open: Double, high: Double, low: Double, close: Double, volume: Double
        var closeTime: Timestamp { Timestamp(milliseconds: openTime + 300_000) }
    }

    let bars: [Bar5]

    /// Groups `minutes` into 5m buckets by open time.
    init(_ minutes: [Bar]) {
        var out: [Bar5] = []
        for m in minutes {
            let bucket = m.openTime.milliseconds - m.openTime.milliseconds % 300_000
            let (o, h, l, c, v) = (m.open.doubleValue, m.high.doubleValue, m.low.doubleValue, m.close.doubleValue, m.volume.doubleValue)
            if let last = out.last, last.openTime == bucket {
                out[out.count - 1].high = max(last.high, h)
                out[out.count - 1].low = min(last.low, l)
                out[out.count - 1].close = c
                out[out.count - 1].volume += v
            } else {
                out.append(Bar5(openTime: bucket, open: o, high: h, low: l, close: c, volume: v))
            }
        }
        bars = out
    }

    /// The index of the bar closing at `tick`.
    func index(closingAt tick: Timestamp) -> Int {
        guard let i = bars.firstIndex(where: { $0.closeTime == tick }) else { fatalError("no 5m bar closes at \(tick)") }
        return i
    }

    func close(_ i: Int) -> Double { bars[i].close }

    /// Simple mean of the `n` closes ending at bar `i`.
    func sma(_ n: Int, at i: Int) -> Double { bars[(i - n + 1)...i].map(\.close).reduce(0, +) / Double(n) }

    /// Population standard deviation of the `n` closes ending at bar `i`.
    func stdev(_ n: Int, at i: Int) -> Double {
        let m = sma(n, at: i)
        return sqrt(bars[(i - n + 1)...i].map { ($0.close - m) * ($0.close - m) }.reduce(0, +) / Double(n))
    }

    /// EMA with α = 2 / (n + 1), started from the simple mean of the first `n` closes.
    func ema(_ n: Int, at i: Int) -> Double {
        var value = sma(n, at: n - 1)
        let alpha = 2 / Double(n + 1)
        for j in bars.indices where j >= n && j <= i { value = alpha * bars[j].close + (1 - alpha) * value }
        return value
    }

    /// Wilder's RSI: average gain and loss over the first `n` changes, then
    /// `(previous × (n − 1) + current) / n`; RSI = 100 − 100 / (1 + gain / loss).
    func rsi(_ n: Int, at i: Int) -> Double {
        var gain = 0.0, loss = 0.0
        for j in 1...i {
            let change = bars[j].close - bars[j - 1].close
            let (g, l) = (max(change, 0), max(-change, 0))
            if j <= n {
                gain += g / Double(n)
                loss += l / Double(n)
            } else {
                gain = (gain * Double(n - 1) + g) / Double(n)
                loss = (loss * Double(n - 1) + l) / Double(n)
            }
        }
        return 100 - 100 / (1 + gain / loss)
    }

    /// Wilder's ATR: the mean of the first `n` true ranges (from the second bar), then Wilder smoothing.
    func atr(_ n: Int, at i: Int) -> Double {
        var value = 0.0
        for j in 1...i {
            let b = bars[j], previous = bars[j - 1].close
            let tr = max(b.high - b.low, abs(b.high - previous), abs(b.low - previous))
            value = j <= n ? value + tr / Double(n) : (value * Double(n - 1) + tr) / Double(n)
        }
        return value
    }

    /// Bar `i`'s volume, the mean volume of the `n` bars before it, and their ratio.
    func volumeRatio(_ n: Int, at i: Int) -> (volume: Double, mean: Double, ratio: Double) {
        let mean = bars[(i - n)..<i].map(\.volume).reduce(0, +) / Double(n)
        return (bars[i].volume, mean, bars[i].volume / mean)
    }

    /// Highest high and lowest low of the `n` bars before bar `i`.
    func range(_ n: Int, before i: Int) -> (high: Double, low: Double) {
        let window = bars[(i - n)..<i]
        return (window.map(\.high).max() ?? .nan, window.map(\.low).min() ?? .nan)
    }
}
