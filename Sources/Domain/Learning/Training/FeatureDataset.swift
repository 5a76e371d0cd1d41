import ArenaCore
import Foundation
import Models

/// One example: the raw features of a symbol at the close of bar t, and the log
/// return of the close over the next `horizon` bars.
public struct FeatureRow: Sendable, Hashable {
    public var symbol: Symbol
    /// The open time of bar t (the features are known at its close, one timeframe later).
    public var time: Timestamp
    /// The close of bar t, the price a decision at that tick trades at.
    public var close: Double
    /// Raw (unnormalised) features, in the dataset's feature order.
    public var features: [Double]
    /// ln(close[t + h] / close[t]).
    public var label: Double

    public init(symbol: Symbol, time: Timestamp, close: Double, features: [Double], label: Double) {
        self.symbol = symbol
        self.time = time
        self.close = close
        self.features = features
        self.label = label
    }
}

/// The bars of one symbol on one timeframe, oldest first.
public struct BarSeries: Sendable {
    public var symbol: Symbol
    public var timeframe: Timeframe
    public var bars: [SnapshotBar]

    public init(symbol: Symbol, timeframe: Timeframe, bars: [SnapshotBar]) {
        self.symbol = symbol
        self.timeframe = timeframe
        self.bars = bars
    }

    /// The closed bars of `bars` that close at or before `until` (exclusive end of the data), in open-time order.
    public init(_ bars: [Bar], symbol: Symbol, timeframe: Timeframe, until: Timestamp? = nil) {
        let end = until?.nanoseconds ?? .max
        let kept = bars.filter { $0.isClosed && $0.openTime.nanoseconds + timeframe.nanoseconds <= end }
        self.init(symbol: symbol, timeframe: timeframe, bars: kept.sorted { $0.openTime < $1.openTime }.map(SnapshotBar.init))
    }
}

/// Turns bar series into ``FeatureRow``s.
///
/// A row at bar t reads the bars `t + reach.lowerBound … t + reach.upperBound`
/// for its features and the close of bar t + horizon for its label; a row whose
/// bars are not one timeframe apart all the way (a gap in the data) is skipped.
public struct FeatureDataset: Sendable {
    /// The features' names, in row order.
    public let names: [String]
    public let horizon: Int
    /// The bars, relative to t, that the features read: `-(lookback - 1)...0` for features from closed bars.
    public let reach: ClosedRange<Int>
    let featurize: @Sendable (_ bars: [SnapshotBar], _ t: Int) -> [Double]

    /// A dataset of custom features (a test's deliberately leaky window, say): `featurize` may read only the bars of `reach`.
    public init(names: [String], horizon: Int, reach: ClosedRange<Int>, featurize: @escaping @Sendable (_ bars: [SnapshotBar], _ t: Int) -> [Double]) {
        precondition(horizon >= 1, "a label needs a horizon of at least one bar")
        self.names = names
        self.horizon = horizon
        self.reach = reach
        self.featurize = featurize
    }

    /// The bars-v1 `features` over the last `lookback` closed bars ending at t: the very
    /// function the scorer runs (``PolicyFeature/compute(_:)``), so training sees what inference sees.
    public init(features: [PolicyFeature], horizon: Int) {
        let lookback = features.map(\.lookback).max() ?? 1
        self.init(names: features.map(\.rawValue), horizon: horizon, reach: -(lookback - 1)...0) { bars, t in
            let window = BarWindow(bars[(t - lookback + 1)...t])
            return features.map { $0.compute(window) }
        }
    }

    /// Closed bars a feature window holds, bar t included.
    public var lookback: Int { -reach.lowerBound + 1 }

    /// The rows of `series`, oldest first.
    public func rows(_ series: BarSeries) -> [FeatureRow] {
        let bars = series.bars, step = series.timeframe.nanoseconds
        let first = -reach.lowerBound, last = bars.count - 1 - max(horizon, reach.upperBound)
        guard first <= last else { return [] }
        // gapFree[i]: bars 0…i are one timeframe apart, counted as the length of the gap-free run ending at i.
        var run = [Int](repeating: 1, count: bars.count)
        for i in 1..<bars.count where bars[i].openTime.nanoseconds - bars[i - 1].openTime.nanoseconds == step { run[i] = run[i - 1] + 1 }
        var rows: [FeatureRow] = []
        rows.reserveCapacity(last - first + 1)
        for t in first...last {
            let end = t + max(horizon, reach.upperBound)
            guard run[end] >= end - (t + reach.lowerBound) + 1 else { continue }
            let close = bars[t].close.doubleValue, later = bars[t + horizon].close.doubleValue
            guard close > 0, later > 0 else { continue }
            let features = featurize(bars, t)
            guard features.allSatisfy(\.isFinite) else { continue }
            rows.append(FeatureRow(symbol: series.symbol, time: bars[t].openTime, close: close, features: features, label: Foundation.log(later / close)))
        }
        return rows
    }

    /// The rows of every series, in time order (symbols in the order given at the same time).
    public func rows(_ series: [BarSeries]) -> [FeatureRow] {
        let all = series.enumerated().flatMap { index, s in rows(s).map { (index, $0) } }
        return all.sorted { ($0.1.time, $0.0) < ($1.1.time, $1.0) }.map(\.1)
    }
}
