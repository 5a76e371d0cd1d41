import ArenaCore
import Foundation

/// The inputs a learned policy reads, computed from the closed bars of the
/// indicator timeframe alone (oldest first, the newest closed at the tick).
///
/// Training and inference call the same function on the same bars, so a
/// feature can never mean one thing in `arena train` and another in the
/// scorer; and since it reads only bars closed at or before the tick, no
/// feature sees data from after its label's start.
public enum PolicyFeature: String, Sendable, Hashable, CaseIterable, Codable {
    /// Log returns of the close over 1, 3, 6, 12, 24 and 48 bars.
    case ret1 = "ret_1", ret3 = "ret_3", ret6 = "ret_6", ret12 = "ret_12", ret24 = "ret_24", ret48 = "ret_48"
    /// Standard deviation (population) of the 1-bar log returns over the last 12 and 48 bars.
    case vol12 = "vol_12", vol48 = "vol_48"
    /// Where the close sits in the high–low range of the last 24 bars (0 at the low, 1 at the high, ½ when flat).
    case rangePosition24 = "range_pos_24"
    /// Log of the newest bar's volume over the mean volume of the 24 bars before it.
    case volumeRatio24 = "volume_ratio_24"
    /// The newest bar's body over its range, (close − open) / (high − low); 0 for a bar without range.
    case body = "body"
    /// The newest bar's log range, ln(high / low).
    case highLowRange = "hl_range"
    /// The close over an EMA(24) of the closes minus 1; the EMA starts at the window's first close.
    case emaGap24 = "ema_gap_24"

    /// Closed bars the feature reads, the newest included.
    public var lookback: Int {
        switch self {
        case .ret1: 2
        case .ret3: 4
        case .ret6: 7
        case .ret12: 13
        case .ret24: 25
        case .ret48, .vol48: 49
        case .vol12: 13
        case .rangePosition24: 24
        case .volumeRatio24: 25
        case .body, .highLowRange: 1
        case .emaGap24: Self.emaWindow
        }
    }

    /// The bars the EMA runs over: long enough that its seed weighs (23/25)^48 ≈ 0.13 % of the result.
    static let emaWindow = 49

    /// The feature's value on `bars` (oldest first), which hold at least ``lookback`` bars.
    func value(_ bars: BarWindow) -> Double {
        let n = bars.count, last = n - 1
        switch self {
        case .ret1: return bars.logReturn(over: 1)
        case .ret3: return bars.logReturn(over: 3)
        case .ret6: return bars.logReturn(over: 6)
        case .ret12: return bars.logReturn(over: 12)
        case .ret24: return bars.logReturn(over: 24)
        case .ret48: return bars.logReturn(over: 48)
        case .vol12: return bars.returnDeviation(over: 12)
        case .vol48: return bars.returnDeviation(over: 48)
        case .rangePosition24:
            var low = Double.infinity, high = -Double.infinity
            for i in (n - 24)..<n {
                low = min(low, bars.low[i])
                high = max(high, bars.high[i])
            }
            return high > low ? (bars.close[last] - low) / (high - low) : 0.5
        case .volumeRatio24:
            var sum = 0.0
            for i in (n - 25)..<last { sum += bars.volume[i] }
            let mean = sum / 24
            return (bars.volume[last] + Self.volumeFloor).logarithm - (mean + Self.volumeFloor).logarithm
        case .body:
            let range = bars.high[last] - bars.low[last]
            return range > 0 ? (bars.close[last] - bars.open[last]) / range : 0
        case .highLowRange:
            return bars.low[last] > 0 ? (bars.high[last] / bars.low[last]).logarithm : 0
        case .emaGap24:
            let alpha = 2.0 / 25.0
            var ema = bars.close[n - Self.emaWindow]
            for i in (n - Self.emaWindow + 1)..<n { ema += alpha * (bars.close[i] - ema) }
            return ema > 0 ? bars.close[last] / ema - 1 : 0
        }
    }

    /// Keeps the volume ratio finite for a bar without trades.
    static let volumeFloor = 1e-12
}

/// The OHLCV of a run of closed bars as numbers, oldest first: what the features read.
public struct BarWindow: Sendable {
    public private(set) var open: [Double] = [], high: [Double] = [], low: [Double] = [], close: [Double] = [], volume: [Double] = []

    /// The window of `bars` (oldest first).
    public init<Bars: Collection>(_ bars: Bars) where Bars.Element == SnapshotBar {
        open.reserveCapacity(bars.count)
        high.reserveCapacity(bars.count)
        low.reserveCapacity(bars.count)
        close.reserveCapacity(bars.count)
        volume.reserveCapacity(bars.count)
        for bar in bars {
            open.append(bar.open.doubleValue)
            high.append(bar.high.doubleValue)
            low.append(bar.low.doubleValue)
            close.append(bar.close.doubleValue)
            volume.append(bar.volume.doubleValue)
        }
    }

    public var count: Int { close.count }

    /// ln(close now / close `k` bars earlier).
    func logReturn(over k: Int) -> Double {
        let now = close[count - 1], then = close[count - 1 - k]
        return now > 0 && then > 0 ? (now / then).logarithm : 0
    }

    /// The population standard deviation of the last `k` one-bar log returns.
    func returnDeviation(over k: Int) -> Double {
        var sum = 0.0, squares = 0.0
        for i in (count - k)..<count {
            let r = close[i] > 0 && close[i - 1] > 0 ? (close[i] / close[i - 1]).logarithm : 0
            sum += r
            squares += r * r
        }
        let mean = sum / Double(k)
        return max(squares / Double(k) - mean * mean, 0).squareRoot()
    }
}

extension Double {
    /// The natural logarithm.
    var logarithm: Double { Foundation.log(self) }
}
