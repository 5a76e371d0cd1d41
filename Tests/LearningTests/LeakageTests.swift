import ArenaCore
@testable import Learning
import Models
import Testing

/// The leakage guard: a planted relationship (the next bar's return follows the
/// current bar's i.i.d. volume) is found out of sample with honest labels, is
/// gone when the labels move one bar further into the future, and comes back
/// only when the features are allowed to see that extra bar.
@Suite struct LeakageTests {
    static let series = TrainingFixtures.plantedSeries(count: 1_400, seed: 3, strength: 0.002)

    /// Each row's label replaced by the next bar's (ln(close[t+2] / close[t+1]) for a 1-bar horizon); rows without one dropped.
    static func shifted(_ rows: [FeatureRow]) -> [FeatureRow] {
        zip(rows, rows.dropFirst()).compactMap { row, next in
            guard next.time == row.time.advanced(by: .seconds(Timeframe.m5.seconds)) else { return nil }
            var moved = row
            moved.label = next.label
            return moved
        }
    }

    static func outOfSampleIC(_ rows: [FeatureRow], names: [String], lookback: Int, horizon: Int) throws -> Double {
        try MLPTraining.fit(rows, names: names, lookback: lookback, options: TrainingFixtures.quickOptions(horizon: horizon)).figures.icOutOfSample
    }

    @Test func honestLabelsKeepThePlantedSkillOutOfSample() throws {
        let dataset = FeatureDataset(features: PolicyFeature.barsV1, horizon: 1)
        let ic = try Self.outOfSampleIC(dataset.rows(Self.series), names: dataset.names, lookback: dataset.lookback, horizon: 1)
        #expect(ic > 0.4, "out-of-sample IC \(ic)")
    }

    @Test func labelsOneBarFurtherAheadLeaveNoSkill() throws {
        let dataset = FeatureDataset(features: PolicyFeature.barsV1, horizon: 1)
        // The shifted label ends at bar t + 2: the split purges for a 2-bar horizon.
        let ic = try Self.outOfSampleIC(Self.shifted(dataset.rows(Self.series)), names: dataset.names, lookback: dataset.lookback, horizon: 2)
        #expect(abs(ic) < 0.15, "out-of-sample IC \(ic)")
    }

    /// The test has teeth: features whose window ends one bar late (seeing bar t + 1) keep the skill on the shifted labels.
    @Test func aLeakyWindowKeepsSkillOnTheShiftedLabels() throws {
        let features = PolicyFeature.barsV1
        let lookback = features.map(\.lookback).max()!
        let leaky = FeatureDataset(names: features.map(\.rawValue), horizon: 1, reach: -(lookback - 2)...1) { bars, t in
            let window = BarWindow(bars[(t + 2 - lookback)...(t + 1)])
            return features.map { $0.compute(window) }
        }
        let ic = try Self.outOfSampleIC(Self.shifted(leaky.rows(Self.series)), names: leaky.names, lookback: leaky.lookback, horizon: 2)
        #expect(ic > 0.4, "out-of-sample IC \(ic)")
    }
}
