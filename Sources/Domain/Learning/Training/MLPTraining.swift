import ArenaCore
import Foundation
import Models

/// What `arena train mlp` trains, and on what terms.
public struct MLPTrainingOptions: Sendable {
    public var features: [PolicyFeature] = PolicyFeature.barsV1
    public var timeframe: Timeframe = .m5
    /// Bars ahead the label's return runs to.
    public var horizon = 12
    public var seed: UInt64 = 1
    /// Hidden-layer widths of each candidate (`[16, 8]` is two hidden layers).
    public var candidates: [[Int]] = [[8], [16], [16, 8]]
    /// Learning rates each candidate is tried with.
    public var learningRates: [Double] = [1e-3]
    /// Everything else about training (its learning rate and seed are set per candidate).
    public var trainer = TrainerSettings(learningRate: 1e-3, l2: 1e-4, batchSize: 64, maxEpochs: 60, patience: 6)
    public var trainFraction = 0.6, validationFraction = 0.2
    /// The held-out backtest's thresholds (``MLPPolicy``'s defaults) and fee per side, in basis points.
    public var entryBP = 10.0, exitBP = 0.0, feeBP = 10.0
    /// For the model file's training record.
    public var tool = "arena train mlp"
    public var sources: [String] = []

    public init() {}
}

/// One candidate's shape, learning rate and validation figures.
public struct MLPCandidate: Sendable, Hashable {
    public var hidden: [Int]
    public var learningRate: Double
    /// The selection criterion: the mean squared error of the normalised label on the validation fold.
    public var validationLoss: Double
    public var validationIC: Double
    public var bestEpoch: Int, epochs: Int

    public var name: String { "hidden \(hidden.map(String.init).joined(separator: ",")) lr \(learningRate)" }
}

/// The figures of the chosen model on each fold.
public struct MLPFigures: Sendable, Hashable {
    public var icInSample: Double, icValidation: Double, icOutOfSample: Double
    public var hitRateInSample: Double, hitRateOutOfSample: Double
    public var backtest: PolicyBacktest
}

/// The chosen network of a fit, its normalisation, and the figures of every candidate and fold.
public struct MLPFit: Sendable {
    public var network: DenseNetwork
    public var scaling: FeatureScaling
    public var candidates: [MLPCandidate]
    public var winner: Int
    public var split: WalkForwardSplit
    public var figures: MLPFigures
}

/// A trained `mlp` model with everything the report says about it.
public struct MLPTrainingResult: Sendable {
    public var model: ModelFile
    public var candidates: [MLPCandidate]
    public var winner: Int
    public var split: WalkForwardSplit
    public var figures: MLPFigures
    public var options: MLPTrainingOptions
}

/// `arena train mlp` as a computation: bar series in, a model file and its figures out.
public enum MLPTraining {
    /// Builds the bars-v1 rows of `series`, fits them (``fit(_:names:lookback:options:)``) and makes the model file.
    public static func run(_ series: [BarSeries], options: MLPTrainingOptions) throws(TrainingError) -> MLPTrainingResult {
        if let wrong = series.first(where: { $0.timeframe != options.timeframe }) {
            throw .badSettings("\(wrong.symbol) has \(wrong.timeframe.rawValue) bars, training is on \(options.timeframe.rawValue)")
        }
        let dataset = FeatureDataset(features: options.features, horizon: options.horizon)
        let fit = try fit(dataset.rows(series), names: dataset.names, lookback: dataset.lookback, options: options)
        let model = ModelFile(
            kind: MLPPolicy.schema.kind,
            features: .init(timeframe: options.timeframe, inputs: fit.scaling.inputs),
            network: fit.network,
            outputs: .init(values: [fit.scaling.label], horizonBars: options.horizon),
            training: record(series, fit: fit, options: options)
        )
        return MLPTrainingResult(model: model, candidates: fit.candidates, winner: fit.winner, split: fit.split, figures: fit.figures, options: options)
    }

    /// Splits `rows` (time order; features named `names`, windows of `lookback` bars), trains every candidate on the
    /// train fold, keeps the one with the lowest validation loss and measures it on every fold.
    public static func fit(_ rows: [FeatureRow], names: [String], lookback: Int, options: MLPTrainingOptions) throws(TrainingError) -> MLPFit {
        guard !options.candidates.isEmpty, !options.learningRates.isEmpty else { throw .badSettings("no candidate to train") }
        guard options.candidates.allSatisfy({ $0.allSatisfy { $0 > 0 } }) else { throw .badSettings("a hidden layer needs at least one unit") }
        let split = try WalkForwardSplit(
            rows, timeframe: options.timeframe, horizon: options.horizon, lookback: lookback,
            trainFraction: options.trainFraction, validationFraction: options.validationFraction
        )
        let scaling = FeatureScaling(fitting: split.train, names: names)
        let train = scaling.examples(split.train), validation = scaling.examples(split.validation)
        var candidates: [MLPCandidate] = [], networks: [DenseNetwork] = []
        for hidden in options.candidates {
            for rate in options.learningRates {
                var random = SeededRandom(seed: options.seed)
                let initial = NetworkTrainer.initialNetwork(NetworkShape(inputs: names.count, hidden: hidden, outputs: 1), random: &random)
                var settings = options.trainer
                settings.learningRate = rate
                settings.seed = options.seed
                let trained = try NetworkTrainer.train(initial, on: train, validation: validation, settings: settings)
                let ic = PredictionMetrics.informationCoefficient(predict(trained.network, validation), split.validation.map(\.label))
                candidates.append(MLPCandidate(
                    hidden: hidden, learningRate: rate, validationLoss: trained.validationLoss, validationIC: ic,
                    bestEpoch: trained.bestEpoch, epochs: trained.epochs
                ))
                networks.append(trained.network)
            }
        }
        let winner = select(candidates)
        let network = networks[winner]
        // Predictions in label units: the backtest's thresholds are returns.
        func predictions(_ rows: [FeatureRow]) -> [Double] {
            predict(network, scaling.examples(rows)).map { $0 * scaling.label.std + scaling.label.mean }
        }
        let inSample = predictions(split.train), held = predictions(split.test)
        let figures = MLPFigures(
            icInSample: PredictionMetrics.informationCoefficient(inSample, split.train.map(\.label)),
            icValidation: candidates[winner].validationIC,
            icOutOfSample: PredictionMetrics.informationCoefficient(held, split.test.map(\.label)),
            hitRateInSample: PredictionMetrics.hitRate(inSample, split.train.map(\.label)),
            hitRateOutOfSample: PredictionMetrics.hitRate(held, split.test.map(\.label)),
            backtest: PolicyBacktest(rows: split.test, predictions: held, entry: options.entryBP / 10_000, exit: options.exitBP / 10_000, fee: options.feeBP / 10_000)
        )
        return MLPFit(network: network, scaling: scaling, candidates: candidates, winner: winner, split: split, figures: figures)
    }

    /// The candidate with the lowest validation loss; the first listed on a tie. The test fold plays no part.
    public static func select(_ candidates: [MLPCandidate]) -> Int {
        precondition(!candidates.isEmpty, "selection needs candidates")
        var best = 0
        for (i, c) in candidates.enumerated() where c.validationLoss < candidates[best].validationLoss { best = i }
        return best
    }

    /// The network's first output for each example (normalised units).
    static func predict(_ network: DenseNetwork, _ set: TrainingSet) -> [Double] {
        set.inputs.map { network.evaluate($0)[0] }
    }

    static func record(_ series: [BarSeries], fit: MLPFit, options: MLPTrainingOptions) -> ModelFile.TrainingRecord {
        let split = fit.split, candidates = fit.candidates, winner = fit.winner, figures = fit.figures
        let bars = series.flatMap(\.bars)
        let from = bars.map(\.openTime).min()!, until = bars.map(\.openTime).max()!.advanced(by: .seconds(options.timeframe.seconds))
        let b = figures.backtest
        var metrics: [String: Double] = [
            "ic_in_sample": figures.icInSample, "ic_validation": figures.icValidation, "ic_out_of_sample": figures.icOutOfSample,
            "hit_rate_in_sample": figures.hitRateInSample, "hit_rate_out_of_sample": figures.hitRateOutOfSample,
            "policy_return_out_of_sample": b.policyReturn, "buy_and_hold_return_out_of_sample": b.buyAndHoldReturn,
            "validation_mse": candidates[winner].validationLoss,
            "rows_train": Double(split.train.count), "rows_validation": Double(split.validation.count), "rows_test": Double(split.test.count),
        ]
        for s in b.symbols {
            metrics["policy_return_out_of_sample_\(s.symbol.value)"] = s.policyReturn
            metrics["buy_and_hold_return_out_of_sample_\(s.symbol.value)"] = s.buyAndHoldReturn
        }
        let c = candidates[winner]
        return ModelFile.TrainingRecord(
            tool: options.tool, data: options.sources, symbols: series.map(\.symbol.value), from: "\(from)", until: "\(until)",
            seed: options.seed, split: split.summary, metrics: metrics.mapValues { $0.isFinite ? $0 : 0 },
            notes: [
                "label: ln(close[t+\(options.horizon)] / close[t]) of \(options.timeframe.rawValue) bars; features bars-v1 from the closed bars up to t",
                "candidates: " + candidates.map { "\($0.name) (validation MSE \(format($0.validationLoss)), IC \(format($0.validationIC)))" }.joined(separator: "; "),
                "chosen: \(c.name), the lowest validation MSE of the normalised label (the test fold plays no part in the choice)",
                "IC is Spearman's rank correlation of prediction and label; hit rate is sign agreement over rows with a non-zero label",
                "held-out backtest: the mlp rule (entry \(format(options.entryBP)) bp, exit \(format(options.exitBP)) bp, long/flat, spot) bar by bar, "
                    + "\(format(options.feeBP)) bp fee per side, against buy-and-hold with the same fees; returns are the equal-weight mean over symbols",
            ]
        )
    }

    /// Six significant digits: enough for a note, stable across runs.
    static func format(_ x: Double) -> String { String(format: "%.6g", x) }
}
