import ArenaCore
import ArenaTesting
import Foundation
@testable import Learning
import Models
import Testing

/// `arena train mlp` as a computation: reproducible to the byte, split by time
/// with a purge, normalised from the train fold, selected on validation, and
/// on the bundled real data a model the scorer runs.
@Suite struct MLPTrainingTests {
    static let timeframe = Timeframe.m5

    @Test func aSeedFixesTheBytesOfTheModelFile() throws {
        let series = [TrainingFixtures.plantedSeries(count: 500, seed: 9)]
        let a = try MLPTraining.run(series, options: TrainingFixtures.quickOptions(seed: 1)).model.encoded()
        let b = try MLPTraining.run(series, options: TrainingFixtures.quickOptions(seed: 1)).model.encoded()
        let c = try MLPTraining.run(series, options: TrainingFixtures.quickOptions(seed: 2)).model.encoded()
        #expect(a == b)
        #expect(a != c)
    }

    @Test func theSplitFollowsTimeAndPurgesEveryOverlap() throws {
        let horizon = 3
        var gapped = TrainingFixtures.plantedSeries(count: 900, seed: 4, symbol: "AUSDT")
        gapped.bars.removeSubrange(300..<305)
        let series = [gapped, TrainingFixtures.plantedSeries(count: 900, seed: 5, symbol: "BUSDT")]
        let dataset = FeatureDataset(features: PolicyFeature.barsV1, horizon: horizon)
        let rows = dataset.rows(series)
        // No row's window or label spans the gap: all its bars exist, one timeframe apart.
        let times = Set(gapped.bars.map(\.openTime))
        for row in rows where row.symbol == gapped.symbol {
            for k in (1 - dataset.lookback)...horizon {
                #expect(times.contains(row.time.advanced(by: .seconds(Self.timeframe.seconds * Int64(k)))), "row \(row.time) bar \(k)")
            }
        }
        let split = try WalkForwardSplit(rows, timeframe: Self.timeframe, horizon: horizon, lookback: dataset.lookback)
        let bar = Self.timeframe.nanoseconds
        for (earlier, later) in [(split.train, split.validation), (split.validation, split.test)] {
            let laterWindowStart = later.map(\.time.nanoseconds).min()! - Int64(dataset.lookback - 1) * bar
            for row in earlier {
                // The label ends at the close of bar t + horizon.
                #expect(row.time.nanoseconds + Int64(horizon + 1) * bar <= laterWindowStart)
            }
        }
        #expect(split.train.allSatisfy { $0.time < split.validationStart })
        #expect(split.validation.allSatisfy { $0.time >= split.validationStart && $0.time < split.testStart })
        #expect(split.test.allSatisfy { $0.time >= split.testStart })
        #expect(split.train.count + split.validation.count + split.test.count < rows.count, "the purge drops rows")

        // Normalisation comes from the train fold alone, and the model file carries it.
        let scaling = FeatureScaling(fitting: split.train, names: dataset.names)
        let index = dataset.names.firstIndex(of: PolicyFeature.ret1.rawValue)!
        let trainMean = split.train.map { $0.features[index] }.reduce(0, +) / Double(split.train.count)
        #expect(abs(scaling.inputs[index].mean - trainMean) < 1e-15)
        #expect(scaling != FeatureScaling(fitting: rows, names: dataset.names))
        var options = TrainingFixtures.quickOptions(horizon: horizon)
        options.trainer.maxEpochs = 2
        let model = try MLPTraining.run(series, options: options).model
        #expect(model.features.inputs == scaling.inputs)
        #expect(model.outputs.values == [scaling.label])
    }

    @Test func selectionGoesByTheValidationFigure() throws {
        func candidate(_ loss: Double, ic: Double) -> MLPCandidate {
            MLPCandidate(hidden: [1], learningRate: 1e-3, validationLoss: loss, validationIC: ic, bestEpoch: 1, epochs: 1)
        }
        #expect(MLPTraining.select([candidate(0.9, ic: 0.3), candidate(0.7, ic: 0.1), candidate(0.7, ic: 0.2), candidate(0.8, ic: 0.4)]) == 1)

        var options = TrainingFixtures.quickOptions()
        options.candidates = [[2], [4], [3, 2]]
        options.learningRates = [1e-3, 1e-2]
        let result = try MLPTraining.run([TrainingFixtures.plantedSeries(count: 600, seed: 6)], options: options)
        #expect(result.candidates.count == 6)
        let best = result.candidates.map(\.validationLoss).min()!
        #expect(result.candidates[result.winner].validationLoss == best)
        #expect(result.model.network.layers.dropLast().map(\.outputs) == result.candidates[result.winner].hidden)
        let report = result.markdownReport(modelPath: "m.json")
        #expect(report.contains("\(result.candidates[result.winner].name) | "))
        #expect(report.contains("**chosen**"))
    }

    @Test func theBundledDataGivesAModelTheScorerRuns() async throws {
        let until = Timestamp(milliseconds: 1_680_307_200_000)  // 2023-04-01T00:00:00Z
        var options = MLPTrainingOptions()
        options.candidates = [[4]]
        options.trainer.maxEpochs = 2
        options.sources = ["BTC_USDT-5m.json", "ETH_USDT-5m.json"]
        let result = try MLPTraining.run(try TrainingFixtures.bundled(until: until), options: options)
        #expect(result.model.training.metrics.values.allSatisfy { $0.isFinite })
        #expect(result.model.training.until == "2023-04-01T00:00:00.000Z")
        #expect(result.split.test.last!.time < until)
        let f = result.figures
        for x in [f.icInSample, f.icOutOfSample, f.hitRateInSample, f.hitRateOutOfSample, f.backtest.policyReturn, f.backtest.buyAndHoldReturn] {
            #expect(x.isFinite)
        }
        #expect(f.backtest.symbols.map(\.symbol.value) == ["BTCUSDT", "ETHUSDT"])

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("train-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("mlp.json").path
        let sha = try ModelFileReader.write(result.model, to: path)
        #expect(try ModelFile.decode(result.model.encoded()) == result.model)
        let spec = try SampleSnapshots.spec("mlp-trained", kind: MLPPolicy.schema.kind, ["file": path])
        let job = try SampleSnapshots.job(spec, try #require(try SampleSnapshots.snapshots(limit: 1).last))
        let proposal = try await ModelCatalog(kinds: LearnedKinds.all).model(spec).decide(ModelInput(job))
        #expect(proposal.modelFile == ModelFileStamp(path: path, sha256: sha))
    }
}
