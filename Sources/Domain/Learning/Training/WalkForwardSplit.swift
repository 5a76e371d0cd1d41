import ArenaCore
import Models

/// Rows split by time, never shuffled across it: train, then validation (early
/// stopping and model selection), then test (held out, reported only).
///
/// The span from the first row's time to the last is cut at `trainFraction` and
/// `trainFraction + validationFraction`. Before each cut, a purge of
/// `horizon + lookback` bars drops the earlier fold's last rows, so that the
/// label of every row of a fold (which ends at the close of bar t + horizon)
/// ends before the first bar any feature window of a later fold reads.
public struct WalkForwardSplit: Sendable {
    public let train: [FeatureRow], validation: [FeatureRow], test: [FeatureRow]
    /// The times the validation and test folds start at (open times; rows at or after them belong to the later fold).
    public let validationStart: Timestamp, testStart: Timestamp
    /// Bars dropped before each cut.
    public let purgeBars: Int
    public let timeframe: Timeframe

    /// Splits `rows` (in time order) made with `horizon` and feature windows of `lookback` bars.
    public init(
        _ rows: [FeatureRow], timeframe: Timeframe, horizon: Int, lookback: Int, trainFraction: Double = 0.6, validationFraction: Double = 0.2
    ) throws(TrainingError) {
        guard let first = rows.first?.time, let last = rows.last?.time, first < last else {
            throw .noExamples("fewer than two distinct bar times")
        }
        guard trainFraction > 0, validationFraction > 0, trainFraction + validationFraction < 1 else {
            throw .badSettings("the train and validation fractions must be positive and leave a test fold")
        }
        let span = Double(last.nanoseconds - first.nanoseconds)
        func cut(_ fraction: Double) -> Timestamp {
            timeframe.openTime(containing: Timestamp(nanoseconds: first.nanoseconds + Int64(span * fraction)))
        }
        validationStart = cut(trainFraction)
        testStart = cut(trainFraction + validationFraction)
        purgeBars = horizon + lookback
        self.timeframe = timeframe
        // A row at t is purged unless t + (horizon + lookback) bars ≤ the cut: its label ends at the close of bar
        // t + horizon, and the earliest window after the cut starts lookback − 1 bars before the cut.
        let purge = Int64(purgeBars) * timeframe.nanoseconds
        let validationStart = validationStart, testStart = testStart
        train = rows.filter { $0.time.nanoseconds + purge <= validationStart.nanoseconds }
        validation = rows.filter { $0.time >= validationStart && $0.time.nanoseconds + purge <= testStart.nanoseconds }
        test = rows.filter { $0.time >= testStart }
        for (name, fold) in [("train", train), ("validation", validation), ("test", test)] where fold.isEmpty {
            throw .noExamples("the \(name) fold is empty: more bars are needed")
        }
    }

    /// The split in words, for the model file and the report.
    public var summary: String {
        func span(_ rows: [FeatureRow]) -> String {
            "\(rows.first!.time) → \(rows.last!.time), \(rows.count) rows"
        }
        return "walk-forward by time, no shuffling across it: train \(span(train)); validation (early stopping, model selection) \(span(validation)); "
            + "test (held out, reported only) \(span(test)); a purge of \(purgeBars) bars (horizon + feature lookback) before each later fold, "
            + "so no label overlaps a later fold's feature windows; normalisation from the train fold only"
    }
}

/// The normalisation of the inputs and the label, fitted on the training rows alone.
public struct FeatureScaling: Sendable, Hashable {
    public var inputs: [ScaledValue]
    public var label: ScaledValue

    /// Means and population standard deviations of `rows`; a constant column gets std 1.
    public init(fitting rows: [FeatureRow], names: [String], labelName: String = "next_log_return") {
        precondition(!rows.isEmpty, "normalisation needs rows")
        func scaled(_ name: String, _ value: (FeatureRow) -> Double) -> ScaledValue {
            var sum = 0.0
            for row in rows { sum += value(row) }
            let mean = sum / Double(rows.count)
            var squares = 0.0
            for row in rows { squares += (value(row) - mean) * (value(row) - mean) }
            let std = (squares / Double(rows.count)).squareRoot()
            return ScaledValue(name: name, mean: mean, std: std > 1e-12 && std.isFinite ? std : 1)
        }
        inputs = names.enumerated().map { i, name in scaled(name) { $0.features[i] } }
        label = scaled(labelName) { $0.label }
    }

    /// `rows` as normalised network examples.
    public func examples(_ rows: [FeatureRow]) -> TrainingSet {
        TrainingSet(
            inputs: rows.map { row in zip(row.features, inputs).map { ($0 - $1.mean) / $1.std } },
            targets: rows.map { [($0.label - label.mean) / label.std] }
        )
    }
}
